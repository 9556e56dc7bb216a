"""The processes of a local run: when one started (to know it again after a restart), ending
its group, and the control of a running run."""

from __future__ import annotations

import contextlib
import os
import subprocess
from concurrent.futures import Future
from pathlib import Path


def _process_start(pid: int) -> str | None:
    """The start time of a process (Linux), to tell it from a later one with the same pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class _Control:
    """What this engine holds about one of its runs while it is active."""

    def __init__(self) -> None:
        self.future: Future | None = None  # of its turn in the engine's pool
        self.proc: subprocess.Popen | None = None
        self.stop_requested = False
        self.interrupted = False
