"""gunicorn settings file (``--config``) for the sandbox server.

With ``--preload`` the app is imported once in the master, and importing it already opens
Rucio's database engine; each worker drops the pooled SQLite connections it inherited and opens
its own (SQLAlchemy's recipe for engines crossing a fork).
"""


def post_fork(server, worker):
    from rucio.db.sqla.session import get_engine

    get_engine().dispose(close=False)
