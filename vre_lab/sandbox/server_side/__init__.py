"""Scripts run by the Rucio server venv's own Python (they import the server package ``rucio``).

Each runs as a file, so its directory is first on ``sys.path`` and it sees only its neighbours
here, never ``vre_lab`` or the client's ``rucio``.
"""
