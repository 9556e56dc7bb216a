"""What the local engine answers about its runs: the list, one run, its logs and
workspace, in the shapes the REST API gives (as REANA's)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path

from ...core.errors import BadRequest
from .. import logcursor
from . import files, runners
from .records import ACTIVE, PROGRESS_TAIL, SERVER, SORTS, STATUSES, _duration

# the end of a failed job's log the overview shows
FAILURE_TAIL = 4096
FAILURE_LINES = 8


class RunViews:
    """Part of LocalEngine: see the module."""

    def _workspace(self, record: dict) -> Path:
        return Path(record["workspace"])

    def _workflow(self, record: dict, *, live_size: bool = False) -> dict:
        jobs = record.get("jobs") or []
        size = record.get("size_bytes")
        if live_size or record["status"] in ACTIVE or size is None:
            size = files.tree_size(self._workspace(record))
        return {
            "id": record["id"],
            "name": record["name"],
            "run_number": str(record["run_number"]),
            "status": record["status"],
            "created": record["created"],
            "started": record.get("started"),
            "finished": record.get("finished"),
            "duration_seconds": _duration(record.get("started"), record.get("finished")),
            "progress": self._engine_progress(record)
            or {
                "total": record.get("total_jobs", 0),
                "finished": sum(job["status"] == "finished" for job in jobs),
                "failed": sum(job["status"] == "failed" for job in jobs),
                "running": sum(job["status"] == "running" for job in jobs),
            },
            "size_bytes": size,
            "server": SERVER,
        }

    def _engine_progress(self, record: dict) -> dict | None:
        """A Snakemake or CWL run's progress as its engine's log tells it (per rule or step)."""
        kind, jobs = record.get("engine", "serial"), record.get("jobs") or []
        if kind == "serial" or not jobs:
            return None
        if record["status"] not in ACTIVE and record.get("engine_progress"):
            return record["engine_progress"]
        log = self._tail(self._log_dir(record["id"]) / f"{jobs[0]['id']}.log", PROGRESS_TAIL)
        packed = None
        if kind == "cwl":
            with contextlib.suppress(OSError, ValueError):
                packed = json.loads((self._workspace(record) / "workflow.json").read_text())
        found = runners.progress(kind, log, packed)
        if found is None:
            return None
        done, total = found
        state = jobs[0]["status"]
        return {
            "total": total,
            "finished": done,
            "failed": int(state == "failed"),
            "running": int(state == "running" and done < total),
        }

    def _detail(self, record: dict) -> dict:
        workspace = self._workspace(record)
        try:
            workspace_path = workspace.relative_to(self.root_dir).as_posix()
        except ValueError:
            try:
                workspace_path = workspace.resolve().relative_to(self.root_dir).as_posix()
            except ValueError:
                workspace_path = None
        notes = [*(record.get("runtime_notes") or []), *(record.get("parameter_notes") or [])]
        outputs = record.get("outputs") or []
        ended = record["status"] not in ACTIVE and record["status"] != "created"
        return {
            **self._workflow(record, live_size=True),
            "parameters": record.get("parameters") or {},
            "specification": record.get("specification") or {},
            "outputs": outputs,
            # what a run that ended did not leave: nothing to open there
            "missing_outputs": [o for o in outputs if not (workspace / o).exists()]
            if ended
            else [],
            "failure": self._failure(record),
            "workspace_path": workspace_path,
            "engine_note": "\n".join(notes) if notes else None,
        }

    def _failure(self, record: dict) -> dict | None:
        """Why a failed run failed: the sentence its workflow log has, the step, and the last
        lines of the failed job's log (what the command said)."""
        if record["status"] != "failed":
            return None
        jobs = record.get("jobs") or []
        failed = [job for job in jobs if job["status"] == "failed"]
        failure = dict(record.get("failure") or {})
        job = next((j for j in jobs if j["id"] == failure.get("job")), None) or (
            failed[-1] if failed else None
        )
        if not failure.get("message"):
            failure["message"] = f"Step {job['name']!r} failed" if job else "The run failed"
        tail = ""
        if job:
            failure.setdefault("step", job["name"])
            text = self._tail(self._log_dir(record["id"]) / f"{job['id']}.log", FAILURE_TAIL)
            lines = [line for line in text.splitlines() if line.strip()]
            tail = "\n".join(lines[-FAILURE_LINES:])
        return {
            "message": failure["message"],
            "step": failure.get("step"),
            "log_tail": tail,
        }

    def list(
        self,
        *,
        status: Sequence[str] = (),
        search: str = "",
        sort: str = "desc",
        page: int = 1,
        size: int = 20,
    ) -> dict:
        if isinstance(status, str):
            status = [s for s in status.split(",") if s]
        unknown = [s for s in status if s not in STATUSES]
        if unknown:
            raise BadRequest(f"Unknown workflow status: {', '.join(unknown)}")
        if sort not in SORTS:
            raise BadRequest(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if page < 1 or size < 1:
            raise BadRequest("page and size must be at least 1")
        needle = (search or "").casefold()
        with self._lock:
            found = [r for r in self.runs.summaries(status) if needle in r["name"].casefold()]
        found.sort(key=lambda r: (r["created"], r["number"]), reverse=sort != "asc")
        if sort == "disk-desc":  # sizes are in the records (or on disk, for a run going on)
            records = self.runs.records(r["id"] for r in found)
            items = [self._workflow(records[r["id"]]) for r in found if r["id"] in records]
            items.sort(key=lambda w: -(w["size_bytes"] or 0))
            window = items[(page - 1) * size : page * size]
        else:
            shown = found[(page - 1) * size : page * size]
            records = self.runs.records(r["id"] for r in shown)
            window = [self._workflow(records[r["id"]]) for r in shown if r["id"] in records]
        return {"items": window, "total": len(found), "page": page, "size": size}

    def get(self, workflow_id: str) -> dict:
        with self._lock:
            record = self._find(workflow_id)
        return self._detail(record)  # records are copies: the sizes are counted unlocked

    def logs(self, workflow_id: str, since: str | None = None) -> dict:
        """The logs from `since` (a cursor of an earlier answer) on; see `logcursor`."""
        with self._lock:
            record = self._find(workflow_id)
        folder = self._log_dir(record["id"])

        def reader(path: Path) -> logcursor.Reader:
            return lambda mark: logcursor.read_file(path, mark, self.log_tail_bytes)

        steps = [
            (
                {
                    **{key: job[key] for key in ("id", "name", "status", "started", "finished")},
                    **self._command_of(record, job),
                },
                reader(folder / f"{job['id']}.log"),
            )
            for job in record.get("jobs") or []
        ]
        return logcursor.answer(since, reader(folder / "workflow.log"), steps)

    def _command_of(self, record: dict, job: dict) -> dict:
        """Which command of its step a job ran (1-based) and how many the step has; nothing
        for a step of one command."""
        steps = record.get("steps") or []
        number = job.get("step")
        if not isinstance(number, int) or not 0 <= number < len(steps):
            return {}
        count = len(steps[number].get("commands") or [])
        if count < 2 or not isinstance(job.get("command_number"), int):
            return {}
        return {"command_number": job["command_number"] + 1, "command_count": count}

    def workspace(self, workflow_id: str, *, search: str = "", page: int = 1, size: int = 50):
        if page < 1 or size < 1:
            raise BadRequest("page and size must be at least 1")
        with self._lock:
            record = self._find(workflow_id)
        items = files.list_workspace(self._workspace(record), search or "")
        window = items[(page - 1) * size : page * size]
        return {"items": window, "total": len(items), "page": page, "size": size}

    def file_path(self, workflow_id: str, name: str) -> Path:
        with self._lock:
            record = self._find(workflow_id)
        return files.workspace_file(self._workspace(record), name)
