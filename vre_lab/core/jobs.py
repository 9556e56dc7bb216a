"""A durable store of long-running operations (downloads, uploads, workflow submissions).

Jobs live in SQLite so that a user still sees them, with their last state and progress, after
the server restarts. A job that was queued or running in a server that is gone is marked
`interrupted`: nothing drives it any more, and its slice may offer to resume it.

Servers sharing one store (JupyterHub named servers share a home directory) each hold an
exclusive lock on a file of their own for as long as they live; the kernel releases it when the
process dies, even by kill -9, so the next server to look knows at once that the owner is gone.
A lease renewed by `heartbeat()` stays as the fallback where locks do not work (some network file
systems). Process ids are not used: in containers a restarted server often gets the same pid.
`server_alive(id)` answers the same question for other durable work a server drives (the local
engine's runs), so that there is one notion of which server owns work and whether it lives, and
`when_servers_gone` tells that work when a heartbeat finds servers gone, as their jobs are.
That work keeps its records here too (`sql()`), so there is one store of durable work.
"""

import fcntl
import json
import os
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ACTIVE_STATES = ("queued", "running")
FINAL_STATES = ("succeeded", "failed", "cancelled", "interrupted")
STATES = ACTIVE_STATES + FINAL_STATES

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    progress REAL,
    message TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}',
    result TEXT NOT NULL DEFAULT '{}',
    owner TEXT NOT NULL DEFAULT '',
    server_id TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_created ON jobs (created);
CREATE TABLE IF NOT EXISTS servers (id TEXT PRIMARY KEY, heartbeat REAL NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    server_id TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_name ON runs (name, number);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
CREATE TABLE IF NOT EXISTS run_numbers (name TEXT PRIMARY KEY, last INTEGER NOT NULL);
"""
# Bump with every change an older version cannot live with, and teach _migrate to bring older
# stores up to it: an older version sets a newer store aside. New tables are not such a change
# (the local engine's runs, reana/local/store.py): they are made when a store is opened, so that
# servers of an older version sharing the store (JupyterHub named servers) keep using it.
SCHEMA_VERSION = 1
# Columns added after the first development builds (stores without a user_version).
_ADDED_COLUMNS = {
    "owner": "TEXT NOT NULL DEFAULT ''",
    "server_id": "TEXT NOT NULL DEFAULT ''",
}
LEASE_SECONDS = 60.0
_SERVER_ID = re.compile(r"^[0-9a-f]{32}$")


class StoreTooNew(Exception):
    """The store was written by a newer vre-lab."""


def _migrate(db: sqlite3.Connection) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreTooNew(version)
    db.executescript(_SCHEMA)  # IF NOT EXISTS: new tables of a store at this version too
    if version == SCHEMA_VERSION:
        return
    present = {row[1] for row in db.execute("PRAGMA table_info(jobs)")}
    for column, definition in _ADDED_COLUMNS.items():
        if column not in present:
            # names and definitions are this module's constants
            db.execute(f"ALTER TABLE jobs ADD COLUMN {column} {definition}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Job:
    id: str
    kind: str
    state: str
    progress: float | None = None
    message: str = ""
    params: dict = field(default_factory=dict)
    result: dict = field(default_factory=dict)
    owner: str = ""
    created: str = ""
    updated: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        del data["owner"]
        return data


class JobStore:
    def __init__(self, path: str | Path, lease_seconds: float = LEASE_SECONDS):
        self.path = Path(path)
        self.server_id = uuid.uuid4().hex
        self.lease_seconds = lease_seconds
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path.touch(mode=0o600, exist_ok=True)
        os.chmod(self.path, 0o600)
        self._lock = threading.Lock()
        self._closed = False
        self._gone_listeners: list[Callable[[list[str]], None]] = []
        self._alive = self._hold_liveness_lock()
        self.set_aside: Path | None = None
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, StoreTooNew):
            # a store this version cannot use must not stop the extension: keep it for a
            # newer version (or a human) and start an empty one
            self.set_aside = self.path.with_name(f"{self.path.name}.unusable-{int(time.time())}")
            self.path.rename(self.set_aside)
            self.path.touch(mode=0o600)
            self._db = self._open()
        self.heartbeat()
        for lock in self._locks.glob("*.lock"):  # of servers whose lease ran out before
            self.server_alive(lock.stem)  # a released one is removed, its jobs interrupted

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            _migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    @property
    def _locks(self) -> Path:
        return self.path.with_name(f"{self.path.name}.servers")

    def _hold_liveness_lock(self):
        self._locks.mkdir(mode=0o700, exist_ok=True)
        # locked before it appears under its name, so that no one takes it for a released one
        lock = self._locks / f"{self.server_id}.lock"
        temporary = lock.with_name(f".{lock.name}.tmp")
        handle = open(temporary, "w")  # noqa: SIM115 (held for life)
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(temporary, lock)
        return handle

    def _lock_held(self, server_id: str) -> bool | None:
        """Whether the server's process still holds its lock; None: it keeps none (an older
        version), the lease decides. A lock nobody holds is removed: its server is gone."""
        lock = self._locks / f"{server_id}.lock"
        try:
            with open(lock, "r+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except FileNotFoundError:
            return None
        except OSError:
            return True
        lock.unlink(missing_ok=True)
        return False

    def _dead_servers(self, ids: list[str]) -> list[str]:
        """The servers among `ids` whose process is gone: nobody holds their lock any more."""
        return [server_id for server_id in ids if self._lock_held(server_id) is False]

    def server_alive(self, server_id: object) -> bool:
        """Whether the server `server_id` (this one, or another sharing the store) still lives:
        it holds its lock, or, where it keeps none, its lease is current. Work recorded
        elsewhere with a server id (the local engine's runs) is driven by nothing once this is
        False. Finding a server gone interrupts its jobs at once, as `heartbeat()` would."""
        if server_id == self.server_id:
            return not self._closed
        if not isinstance(server_id, str) or not _SERVER_ID.match(server_id):
            return False
        held = self._lock_held(server_id)
        with self._lock:
            if self._closed:
                return False
            if held is False:
                self._db.execute("DELETE FROM servers WHERE id = ?", (server_id,))
                self._interrupt_active(
                    "server_id = ?", "Interrupted: the server stopped", server_id
                )
                return False
            if held:
                return True
            row = self._db.execute(
                "SELECT heartbeat FROM servers WHERE id = ?", (server_id,)
            ).fetchone()
        return row is not None and row[0] >= time.time() - self.lease_seconds

    def when_servers_gone(self, listener: Callable[[list[str]], None]) -> None:
        """`listener(server_ids)` after a heartbeat found servers gone (their lock released:
        their process is gone for sure), in the heartbeat's thread: it must not block."""
        self._gone_listeners.append(listener)

    def heartbeat(self) -> None:
        """Renew this server's lease and interrupt the jobs of servers that are gone."""
        now = time.time()
        gone = []
        with self._lock:
            if self._closed:
                return
            self._db.execute(
                "INSERT OR REPLACE INTO servers (id, heartbeat) VALUES (?, ?)",
                (self.server_id, now),
            )
            self._db.execute("DELETE FROM servers WHERE heartbeat < ?", (now - self.lease_seconds,))
            others = [
                row[0]
                for row in self._db.execute(
                    "SELECT id FROM servers WHERE id != ?", (self.server_id,)
                )
            ]
            gone = self._dead_servers(others)
            for dead in gone:
                self._db.execute("DELETE FROM servers WHERE id = ?", (dead,))
            self._interrupt_active(
                "server_id NOT IN (SELECT id FROM servers)", "Interrupted: the server stopped"
            )
        if gone:
            for listener in self._gone_listeners:
                listener(gone)

    def close(self) -> None:
        """Release the lease; this server's unfinished jobs can no longer finish."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._db.execute("DELETE FROM servers WHERE id = ?", (self.server_id,))
            self._interrupt_active(
                "server_id = ?", "Interrupted: the server stopped", self.server_id
            )
            self._db.close()
            (self._locks / f"{self.server_id}.lock").unlink(missing_ok=True)
            self._alive.close()

    def sql(self, statement: str, args: Sequence = ()) -> list[sqlite3.Row] | None:
        """One statement on a table of other durable work kept here (the local engine's runs,
        reana/local/store.py), atomic as any one SQLite statement; None once the store is
        closed (a worker thread outliving the server)."""
        with self._lock:
            if self._closed:
                return None
            return self._db.execute(statement, args).fetchall()

    def _interrupt_active(self, condition: str, message: str, *args) -> None:
        self._db.execute(
            # the condition is one of this class's constants, never user input
            "UPDATE jobs SET state = 'interrupted', message = ?, updated = ?"  # noqa: S608
            f" WHERE state IN ('queued', 'running') AND {condition}",
            (message, _now(), *args),
        )

    def create(self, kind: str, params: dict | None = None, owner: str = "") -> Job:
        now = _now()
        job = Job(
            id=uuid.uuid4().hex,
            kind=kind,
            state="queued",
            params=params or {},
            owner=owner,
            created=now,
            updated=now,
        )
        with self._lock:
            self._db.execute(
                "INSERT INTO jobs (id, kind, state, progress, message, params, result, owner,"
                " server_id, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.id,
                    job.kind,
                    job.state,
                    job.progress,
                    job.message,
                    json.dumps(job.params),
                    json.dumps(job.result),
                    job.owner,
                    self.server_id,
                    job.created,
                    job.updated,
                ),
            )
        return job

    def update(
        self,
        job_id: str,
        *,
        state: str | None = None,
        progress: float | None = None,
        message: str | None = None,
        result: dict | None = None,
    ) -> Job | None:
        if state is not None and state not in STATES:
            raise ValueError(f"unknown job state {state!r}")
        changes: dict[str, object] = {"updated": _now()}
        if state is not None:
            changes["state"] = state
        if progress is not None:
            changes["progress"] = max(0.0, min(1.0, progress))
        if message is not None:
            # a name from a backend may hold a lone surrogate, which SQLite cannot store
            changes["message"] = message.encode("utf-8", "backslashreplace").decode("utf-8")
        if result is not None:
            changes["result"] = json.dumps(result)
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._lock:
            if self._closed:  # a worker thread outliving the server: its job is interrupted
                return None
            self._db.execute(
                f"UPDATE jobs SET {assignments} WHERE id = ?",  # noqa: S608 (columns are ours)
                (*changes.values(), job_id),
            )
        return self.get(job_id)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            if self._closed:
                return None
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return self._from_row(row) if row else None

    def list(
        self,
        *,
        kind: str | None = None,
        state: str | None = None,
        owner: str | None = None,
        limit: int = 100,
    ):
        query, args = "SELECT * FROM jobs WHERE 1=1", []
        if owner is not None:
            query += " AND owner = ?"
            args.append(owner)
        if kind:
            query += " AND kind = ?"
            args.append(kind)
        if state:
            query += " AND state = ?"
            args.append(state)
        query += " ORDER BY created DESC LIMIT ?"
        args.append(limit)
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        return [self._from_row(row) for row in rows]

    def delete(self, job_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        return cursor.rowcount > 0

    @staticmethod
    def _from_row(row: sqlite3.Row) -> Job:
        return Job(
            id=row["id"],
            kind=row["kind"],
            state=row["state"],
            progress=row["progress"],
            message=row["message"],
            params=json.loads(row["params"]),
            result=json.loads(row["result"]),
            owner=row["owner"],
            created=row["created"],
            updated=row["updated"],
        )
