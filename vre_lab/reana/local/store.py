"""The local engine's run records, kept in the job store (core/jobs.py): one store of durable
work, so that one server id says which Jupyter server drives a job or a run, and one heartbeat
finds both orphaned when it dies.

A record is the run's JSON document (the vocabulary of records.py); its name, number, status,
owner and creation time are columns as well, so that a list, a name or a dead server's runs are
found without reading every record. Run numbers are handed out by one SQL statement, so servers
sharing the store never give two runs the same `name.N`.

Earlier versions wrote each record as `runs/<id>.json` and the last numbers as `counters.json`
in the engine's state folder: they are imported the first time a store is used with that
folder, and the files are kept aside in a `runs.imported-*` folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from ...core.jobs import JobStore
from .records import _ID, ACTIVE

_INSERT = (
    "INSERT {} INTO runs (id, name, number, status, server_id, created, record)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
# which job store a state folder's runs were last recorded in (see `_check_store`)
STORE_MARKER = "job-store"


class RunStore:
    def __init__(self, jobs: JobStore, state_dir: Path, log: logging.Logger):
        self.jobs = jobs
        self.log = log
        self._check_store(Path(state_dir))
        self._import_files(Path(state_dir))

    # one record

    def save(self, record: dict) -> None:
        self.jobs.sql(
            _INSERT.format("") + " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            " server_id = excluded.server_id, record = excluded.record",
            _row(record),
        )

    def get(self, run_id: str) -> dict | None:
        rows = self.jobs.sql("SELECT record FROM runs WHERE id = ?", (run_id,))
        return _record(rows[0]) if rows else None

    def numbered(self, name: str, number: int) -> dict | None:
        rows = self.jobs.sql(
            "SELECT record FROM runs WHERE name = ? AND number = ?", (name, number)
        )
        return _record(rows[0]) if rows else None

    def latest(self, name: str) -> dict | None:
        rows = self.jobs.sql(
            "SELECT record FROM runs WHERE name = ? ORDER BY number DESC LIMIT 1", (name,)
        )
        return _record(rows[0]) if rows else None

    def delete(self, run_id: str) -> None:
        self.jobs.sql("DELETE FROM runs WHERE id = ?", (run_id,))

    # many

    def summaries(self, statuses: Sequence[str] = ()) -> list[dict]:
        """id, name, number, status and created of every run (in `statuses`), without reading
        their records: what a list filters and sorts before it reads one page of them."""
        query, args = "SELECT id, name, number, status, created FROM runs", list(statuses)
        if statuses:
            query += f" WHERE status IN ({_marks(statuses)})"
        return [dict(row) for row in self.jobs.sql(query, args) or []]

    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        ids = list(ids)
        found: dict[str, dict] = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on parameters is far above
            chunk = ids[start : start + 500]
            rows = self.jobs.sql(
                f"SELECT record FROM runs WHERE id IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            )
            for row in rows or []:
                record = _record(row)
                if record is not None:
                    found[record["id"]] = record
        return found

    def active(self, owners: Iterable[str] | None = None) -> list[dict]:
        """The queued and running runs (of `owners`)."""
        query = f"SELECT record FROM runs WHERE status IN ({_marks(ACTIVE)})"  # noqa: S608
        args = list(ACTIVE)
        if owners is not None:
            owners = list(owners)
            query += f" AND server_id IN ({_marks(owners)})"
            args += owners
        return [r for r in map(_record, self.jobs.sql(query, args) or []) if r is not None]

    # numbers

    def next_number(self, name: str) -> int:
        """The next run number of `name`, never given before by any server on this store."""
        rows = self.jobs.sql(
            "INSERT INTO run_numbers (name, last) VALUES (?, 1) ON CONFLICT (name)"
            " DO UPDATE SET last = last + 1 RETURNING last",
            (name,),
        )
        if not rows:
            raise RuntimeError("The job store is closed")
        return rows[0][0]

    # the state folder

    def _check_store(self, state_dir: Path) -> None:
        """Servers that share the local runs' folder must share the job store too, or each
        sees only the runs it made: say so when the folder was last used with another store."""
        marker = state_dir / STORE_MARKER
        here = str(self.jobs.path.resolve())
        with contextlib.suppress(OSError):
            before = marker.read_text(encoding="utf-8").strip()
            if before and before != here:
                self.log.warning(
                    "vre-lab: the local runs' folder %s was used with the job store %s and now"
                    " with %s: runs recorded in the other store are not shown here; give servers"
                    " that share the folder the same c.VRELab.job_store_path",
                    state_dir,
                    before,
                    here,
                )
        with contextlib.suppress(OSError):
            marker.write_text(here + "\n", encoding="utf-8")

    def _import_files(self, state_dir: Path) -> None:
        folder, counters = state_dir / "runs", state_dir / "counters.json"
        if not folder.is_dir() and not counters.is_file():
            return
        imported = 0
        for path in sorted(folder.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                self.log.warning("Local run record %s cannot be read: %s", path.name, e)
                continue
            if not isinstance(record, dict) or not _ID.match(str(record.get("id", ""))):
                continue
            self.jobs.sql(
                _INSERT.format("OR IGNORE"),
                _row(record),
            )
            self._at_least(record["name"], int(record["run_number"]))
            imported += 1
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            for name, last in json.loads(counters.read_text(encoding="utf-8")).items():
                self._at_least(str(name), int(last))
        kept = Path(tempfile.mkdtemp(prefix="runs.imported-", dir=state_dir))
        # another server starting at the same time may have moved them first
        with contextlib.suppress(OSError):
            os.replace(folder, kept / "runs")
        with contextlib.suppress(OSError):
            os.replace(counters, kept / "counters.json")
        if imported:
            self.log.info("vre-lab: %d local run records moved into the job store", imported)

    def _at_least(self, name: str, number: int) -> None:
        self.jobs.sql(
            "INSERT INTO run_numbers (name, last) VALUES (?, ?) ON CONFLICT (name)"
            " DO UPDATE SET last = max(last, excluded.last)",
            (name, number),
        )


def _row(record: dict) -> tuple:
    return (
        record["id"],
        record["name"],
        int(record["run_number"]),
        record["status"],
        str(record.get("owner") or ""),
        record["created"],
        json.dumps(record),
    )


def _record(row) -> dict | None:
    try:
        record = json.loads(row["record"])
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _marks(values: Sequence) -> str:
    """Placeholders for a list of values: what goes into a query's text is only "?"."""
    return ", ".join("?" * len(values))
