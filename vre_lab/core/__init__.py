"""What every service slice uses: handlers, errors, blocking calls, HTTP, paths, jobs, secrets."""
