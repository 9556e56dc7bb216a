"""A fork server for the real reana-client CLI; run with the reana-client venv's python.

Importing ``reana_client.cli`` costs about a second of CPU, more than most commands take. This
script imports it once, then runs every command in a process of its own, forked from the imported
one: the command starts as a fresh ``reana-client`` process would after its imports (own
environment, working directory, stdin, stdout, stderr and exit status).

The CLI reads some of its environment at import time (``-t`` defaults to ``$REANA_ACCESS_TOKEN``,
reana-commons takes ``$REANA_SERVER_URL`` for its first API client), so a server only runs
commands whose environment is the one it was started with.

Protocol, one JSON document per line: the server writes ``{"ready": true}`` once imported; then for
each request ``{"commands": [{"args": [...], "cwd": "...", "env": {...}}, ...], "timeout": s}``
it runs the commands at once and answers ``{"results": [{"returncode", "stdout", "stderr"}]}``.
"""

import contextlib
import json
import os
import signal
import sys
import tempfile
import time
import traceback


def child(command, out_path, err_path):
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    os.chdir(command.get("cwd") or os.getcwd())
    os.environ.clear()
    os.environ.update(command.get("env") or {})
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    for fd, path in ((1, out_path), (2, err_path)):
        handle = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(handle, fd)
        os.close(handle)
    code = 1
    try:
        from reana_client.cli import cli

        sys.argv = ["reana-client", *command["args"]]
        cli.main(args=list(command["args"]), prog_name="reana-client")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if not isinstance(done.code, int) and done.code is not None:
            print(done.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # the process ends either way
                stream.flush()
        os._exit(code)


def run(request):
    scratch = tempfile.mkdtemp(prefix="reana-cli-")
    running = []
    for index, command in enumerate(request["commands"]):
        out_path = os.path.join(scratch, f"{index}.out")
        err_path = os.path.join(scratch, f"{index}.err")
        for path in (out_path, err_path):
            open(path, "w").close()
        pid = os.fork()
        if pid == 0:
            child(command, out_path, err_path)
        running.append((pid, out_path, err_path))
    deadline = time.monotonic() + float(request.get("timeout") or 120)
    codes = {}
    while len(codes) < len(running):
        for pid, _out, _err in running:
            if pid in codes:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)
        if len(codes) < len(running):
            if time.monotonic() > deadline:
                for pid, _out, _err in running:
                    if pid not in codes:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                        codes[pid] = -signal.SIGKILL
            time.sleep(0.01)
    results = []
    for pid, out_path, err_path in running:
        with open(out_path, encoding="utf-8", errors="replace") as out:
            stdout = out.read()
        with open(err_path, encoding="utf-8", errors="replace") as err:
            stderr = err.read()
        os.unlink(out_path)
        os.unlink(err_path)
        results.append({"returncode": codes[pid], "stdout": stdout, "stderr": stderr})
    os.rmdir(scratch)
    return {"results": results}


def main():
    import reana_client.cli  # noqa: F401 - the point: import once, before forking

    channel = sys.stdout
    sys.stdout = sys.stderr  # nothing but the protocol goes to the channel
    channel.write(json.dumps({"ready": True}) + "\n")
    channel.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = run(json.loads(line))
        except Exception as error:
            answer = {"error": f"{type(error).__name__}: {error}"}
        channel.write(json.dumps(answer) + "\n")
        channel.flush()


if __name__ == "__main__":
    main()
