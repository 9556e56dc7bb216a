"""REANA's answers turned into the shapes of vre-lab's API (docs/workflows.md), shared with the
local engine so the panel shows both kinds of runs alike."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from ..core.errors import BackendError
from . import answers, logcursor

ACTIVE_STATUSES = ("created", "queued", "pending", "running")
STATUSES = (*ACTIVE_STATUSES, "finished", "failed", "stopped", "deleted")
_RUN = re.compile(r"^(?P<name>.+?)\.(?P<run>\d+(?:\.\d+)?)$")


def split_name(full: str) -> tuple[str, str]:
    """REANA names runs `NAME.RUN` (`NAME.RUN.RESTART` after a restart)."""
    match = _RUN.match(full)
    return (match["name"], match["run"]) if match else (full, "")


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def iso(text: str | None) -> str | None:
    moment = _time(text)
    return moment.isoformat() if moment else None


def duration_seconds(started: str | None, finished: str | None) -> float | None:
    start = _time(started)
    if start is None:
        return None
    end = _time(finished) or datetime.now(timezone.utc)
    return round(max(0.0, (end - start).total_seconds()), 1)


def _count(progress: dict, key: str) -> int:
    value = progress.get(key) or {}
    return int(value.get("total") or 0)


def workflow_from_reana(item: dict, server: str) -> dict:
    name, run = split_name(item["name"])
    progress = item.get("progress") or {}
    started = progress.get("run_started_at")
    finished = progress.get("run_finished_at") or progress.get("run_stopped_at")
    size = (item.get("size") or {}).get("raw")
    return {
        "id": item["id"],
        "name": name,
        "run_number": run,
        "status": item["status"],
        "created": iso(item.get("created")),
        "started": iso(started),
        "finished": iso(finished),
        "duration_seconds": duration_seconds(started, finished),
        "progress": {
            key: _count(progress, key) for key in ("total", "finished", "failed", "running")
        },
        "size_bytes": size if isinstance(size, int) and size >= 0 else None,
        "server": server,
    }


def logs_from_reana(answer: dict, since: str | None = None) -> dict:
    try:
        content = json.loads(answer["logs"] or "{}")
    except ValueError as e:
        raise BackendError(
            "REANA's workflow logs are not valid JSON", code="backend_invalid"
        ) from e
    answers.check(content, answers.LOG_CONTENT, "the logs")
    steps = [
        (
            {
                "id": job_id,
                "name": job.get("job_name") or job_id,
                "status": job.get("status") or "",
                "started": iso(job.get("started_at")),
                "finished": iso(job.get("finished_at")),
            },
            _text_reader(job.get("logs") or ""),
        )
        for job_id, job in (content.get("job_logs") or {}).items()
    ]
    return logcursor.answer(since, _text_reader(content.get("workflow_logs") or ""), steps)


def failure_from_reana(answer: dict, lines: int = 8) -> dict:
    """Why a failed REANA workflow failed, from its logs: the failed job (step) and the last
    lines of its log, or the end of the workflow's log when no job says."""
    try:
        content = json.loads(answer.get("logs") or "{}")
    except ValueError:
        content = {}
    jobs = content.get("job_logs") if isinstance(content, dict) else None
    failed = [
        job
        for job in (jobs.values() if isinstance(jobs, dict) else [])
        if isinstance(job, dict) and job.get("status") == "failed"
    ]

    def tail(text: object) -> str:
        kept = [line for line in str(text or "").splitlines() if line.strip()]
        return "\n".join(kept[-lines:])

    if failed:
        job = failed[-1]
        step = str(job.get("job_name") or "")
        return {
            "message": f"Step {step!r} failed" if step else "A step failed",
            "step": step or None,
            "log_tail": tail(job.get("logs")),
        }
    workflow_log = content.get("workflow_logs") if isinstance(content, dict) else ""
    return {"message": "The workflow failed", "step": None, "log_tail": tail(workflow_log)}


def _text_reader(text: str) -> logcursor.Reader:
    return lambda mark: logcursor.read_text(text, mark)


def workspace_from_reana(answer: dict, page: int, size: int) -> dict:
    items = [
        {
            "name": item["name"],
            "size": (item.get("size") or {}).get("raw"),
            "last_modified": iso(item.get("last-modified")),
        }
        for item in answer["items"]
    ]
    return {"items": items, "total": answer.get("total", len(items)), "page": page, "size": size}
