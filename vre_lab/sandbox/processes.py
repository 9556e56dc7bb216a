"""Looking at and ending processes by PID (Linux /proc, with ``ps`` where there is no /proc)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

_PROC = Path("/proc")


def is_running(pid: int) -> bool:
    """True for a live process; a zombie (exited, not yet reaped) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return _state(pid) not in (None, "Z")


def command_line(pid: int) -> str | None:
    if _PROC.is_dir():
        try:
            raw = (_PROC / str(pid) / "cmdline").read_bytes()
        except OSError:
            return None
        return raw.replace(b"\0", b" ").decode(errors="replace").strip() or None
    return _ps("-p", str(pid), "-o", "command=").strip() or None


def find_by_command_line(fragment: str) -> dict[int, int]:
    """PID -> parent PID of every live process whose command line contains ``fragment``."""
    found = {}
    for pid, parent in _parents().items():
        command = command_line(pid)
        if command and fragment in command and is_running(pid):
            found[pid] = parent
    return found


def child_pids(pid: int) -> list[int]:
    return [child for child, parent in _parents().items() if parent == pid]


def stop_tree(master: int, timeout: float) -> list[int]:
    """SIGTERM the master (it stops its own workers), SIGKILL the tree after ``timeout``.

    Returns the PIDs that survived both. Workers the master spawns meanwhile are tracked too.
    """
    tree = {master, *child_pids(master)}
    _signal_all([master], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while True:
        tree |= set(child_pids(master)) if is_running(master) else set()
        _reap(tree)
        alive = [pid for pid in tree if is_running(pid)]
        if not alive:
            return []
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    _signal_all(alive, signal.SIGKILL)
    return wait_gone(alive, 5.0)


def wait_gone(pids: Iterable[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while True:
        _reap(alive)
        alive = [pid for pid in alive if is_running(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _signal_all(pids: Iterable[int], signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def _reap(pids: Iterable[int]) -> None:
    """Collect the exit status of our own children, else they linger as zombies."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _state(pid: int) -> str | None:
    if _PROC.is_dir():
        try:
            stat = (_PROC / str(pid) / "stat").read_text()
        except OSError:
            return None
        return stat.rsplit(")", 1)[1].split()[0]
    return _ps("-p", str(pid), "-o", "stat=").strip()[:1] or None


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    if _PROC.is_dir():
        for entry in _PROC.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        return parents
    for line in _ps("-A", "-o", "pid=,ppid=").splitlines():
        pid, parent = line.split()
        parents[int(pid)] = int(parent)
    return parents


def _ps(*args: str) -> str:
    result = subprocess.run(["ps", *args], capture_output=True, text=True, timeout=10, check=False)
    return result.stdout
