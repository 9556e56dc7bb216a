"""The vocabulary of the local engine's run records (kept by store.py): statuses, times, names."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ...core.errors import BadRequest

SERVER = "local"
ACTIVE = ("queued", "running")
STATUSES = ("created", "queued", "pending", "running", "finished", "failed", "stopped", "deleted")
SORTS = ("desc", "asc", "disk-desc")
INTERRUPTED = "interrupted: the server stopped while it ran"
RECORD_FORMAT = 1
PROGRESS_TAIL = 64 * 1024  # of an engine's log, read for its progress
ENGINE_NAME = "vre-lab local engine"
_ID = re.compile(r"^[0-9a-f]{32}$")
_RUN_NAME = re.compile(r"^(?P<name>.+)\.(?P<run>\d+)$")
_ENV_KEPT = ("PATH", "HOME", "LANG", "USER", "LOGNAME", "TMPDIR")
# what container runtimes need besides that, none of it secret
_RUNTIME_ENV_KEPT = ("XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _duration(started: str | None, finished: str | None) -> float | None:
    start = _parse_time(started)
    if start is None:
        return None
    end = _parse_time(finished) or datetime.now(timezone.utc)
    return round(max(0.0, (end - start).total_seconds()), 1)


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise BadRequest("The workflow needs a name")
    if "." in name:
        raise BadRequest(f'Workflow name {name!r} contains the illegal character "."')
    if name != name.strip() or name.startswith("-") or len(name) > 128:
        raise BadRequest(f"Workflow name {name!r} is not valid")
    if any(c in name for c in "/\\") or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BadRequest(f"Workflow name {name!r} contains a character a folder name cannot hold")
    if _ID.match(name):
        raise BadRequest("A workflow name cannot look like a workflow id")
    return name
