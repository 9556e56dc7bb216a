"""The processes of a local run: when one started (to know it again after a restart), ending
its group, the control of an active run, and the places of the runs that go at once."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections import deque
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
        self.thread: threading.Thread | None = None
        self.started = False  # it has its place (see Turns)
        self.cancelled = False  # stopped before it had its place: it never starts
        self.proc: subprocess.Popen | None = None
        self.stop_requested = False
        self.interrupted = False


class Turns:
    """Places for the runs that go at once, given in the order the runs were queued, as REANA's
    queue does. A run's thread waits in `take` until it has a place or is cancelled."""

    def __init__(self, places: int, lock: threading.RLock):
        self.places = max(1, places)
        self._ready = threading.Condition(lock)
        self._queue: deque[_Control] = deque()
        self._going = 0

    def queue(self, control: _Control) -> int:
        """Queue a run; how many were queued or going before it."""
        with self._ready:
            before = self._going + len(self._queue)
            self._queue.append(control)
            return before

    def take(self, control: _Control) -> bool:
        """Wait for the run's place; False when it was cancelled first."""
        with self._ready:
            while not control.cancelled and (
                self._queue[0] is not control or self._going >= self.places
            ):
                self._ready.wait()
            self._queue.remove(control)
            self._ready.notify_all()
            if control.cancelled:
                return False
            control.started = True
            self._going += 1
            return True

    def give_back(self) -> None:
        with self._ready:
            self._going -= 1
            self._ready.notify_all()

    def cancel(self, control: _Control) -> bool:
        """Cancel a run still waiting for its place (True); one going is not (False)."""
        with self._ready:
            if control.started:
                return False
            control.cancelled = True
            self._ready.notify_all()
            return True
