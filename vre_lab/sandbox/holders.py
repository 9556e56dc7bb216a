"""Who uses a sandbox: a lab (``scripts/lab.sh``) holds it for as long as its process lives.

Each holder is a file ``holders/<pid>.json`` in the sandbox's home: the PID, the process's start
time (so that a reused PID is not taken for the holder), a label saying who it is, and since
when. A holder whose process is gone no longer counts, and its file is removed when seen.
``stop`` and ``reset`` refuse while another process holds the sandbox (``--force`` overrides),
so a ``stop`` from another shell or checkout cannot take it from under a running lab unnoticed.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from ..core.atomic import replace_file
from .errors import SandboxError
from .paths import SandboxPaths
from .processes import is_running


class SandboxInUse(SandboxError):
    """A stop or reset refused because live processes hold the sandbox."""

    def __init__(self, home: Path, holders: list[dict], action: str = "stop"):
        self.holders = holders
        who = "; ".join(describe(holder) for holder in holders)
        super().__init__(
            f"the sandbox in {home} is in use by {who}. Stop that first (its sandbox stops with "
            f"it), or run `vre-lab sandbox {action} --force`"
        )


def _directory(paths: SandboxPaths) -> Path:
    return paths.home / "holders"


def _file(paths: SandboxPaths, pid: int) -> Path:
    return _directory(paths) / f"{pid}.json"


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[19] if len(fields) > 19 else None


def hold(paths: SandboxPaths, pid: int, label: str = "") -> dict:
    """Record that ``pid`` uses the sandbox; idempotent."""
    if not is_running(pid):
        raise SandboxError(f"no process {pid} to hold the sandbox")
    holder = {
        "pid": pid,
        "start_time": start_time(pid),
        "label": label or f"process {pid}",
        "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    previous = _read(_file(paths, pid))
    if previous is not None and _alive(previous):
        return previous
    _directory(paths).mkdir(mode=0o700, parents=True, exist_ok=True)
    replace_file(_file(paths, pid), json.dumps(holder) + "\n")
    return holder


def release(paths: SandboxPaths, pid: int) -> bool:
    """Forget that ``pid`` uses the sandbox; True when it held it."""
    try:
        _file(paths, pid).unlink()
    except FileNotFoundError:
        return False
    return True


def live_holders(paths: SandboxPaths, *, excluding: int | None = None) -> list[dict]:
    """The processes that hold the sandbox now, oldest first; files of gone ones are removed."""
    found = []
    directory = _directory(paths)
    if not directory.is_dir():
        return []
    for entry in sorted(directory.glob("*.json")):
        holder = _read(entry)
        if holder is None or not _alive(holder):
            entry.unlink(missing_ok=True)
            continue
        if holder["pid"] != excluding:
            found.append(holder)
    return sorted(found, key=lambda holder: holder.get("since", ""))


def describe(holder: dict) -> str:
    return f"{holder['label']} (pid {holder['pid']}, since {holder.get('since', '?')})"


def _read(path: Path) -> dict | None:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(holder, dict) or not isinstance(holder.get("pid"), int):
        return None
    return holder


def _alive(holder: dict) -> bool:
    pid = holder["pid"]
    if not is_running(pid):
        return False
    recorded = holder.get("start_time")
    return recorded is None or start_time(pid) in (None, recorded)
