"""Faults the double can inject into its ``/api/`` answers.

``double.faults.set(name, operations=None, times=None, **settings)``; one fault per name, several
names at once; ``operations`` limits it to some operations of :mod:`.routes` (none: all), ``times``
uses it up (then it is removed).

- ``status``: answer ``{"status": N, "message": ...}`` with ``status=N`` (401, 413, 500, 503, ...)
  and an optional ``message``, without doing the operation;
- ``slow``: wait ``seconds`` before answering;
- ``drop``: close the connection without an answer; with ``processed=True`` the operation is done
  first (the answer is lost, the draft exists), otherwise nothing happens;
- ``down_mid_upload``: close the connection of a content upload after ``after_bytes`` bytes (only
  ``upload_content``); InvenioRDM then removes the half-uploaded file.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field

from .routes import OPERATIONS

NAMES = ("status", "slow", "drop", "down_mid_upload")
DEFAULT_MESSAGES = {
    401: "The server could not verify that you are authorized to access the URL requested.",
    403: "Permission denied.",
    413: "Request Entity Too Large",
    429: "Too Many Requests",
    500: "Internal server error.",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    name: str
    operations: tuple[str, ...] | None = None
    times: int | None = None
    settings: dict = field(default_factory=dict)

    def applies_to(self, operation: str) -> bool:
        return self.operations is None or operation in self.operations


@dataclass(frozen=True)
class Plan:
    """The faults one request gets."""

    status: int | None = None
    message: str = ""
    delay: float = 0.0
    drop: bool = False
    drop_after_processing: bool = False
    cut_after_bytes: int | None = None


def _check(name: str, settings: dict) -> dict:
    if name == "status":
        status = settings.get("status")
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("the status fault needs status=<400..599>")
        return {"status": status, "message": settings.get("message")}
    if name == "slow":
        seconds = settings.get("seconds")
        if not isinstance(seconds, (int, float)) or seconds < 0:
            raise ValueError("the slow fault needs seconds >= 0")
        return {"seconds": float(seconds)}
    if name == "drop":
        return {"processed": bool(settings.get("processed", False))}
    after = settings.get("after_bytes")
    if not isinstance(after, int) or after < 0:
        raise ValueError("the down_mid_upload fault needs after_bytes >= 0")
    return {"after_bytes": after}


class Faults:
    """Thread-safe: tests set faults from their thread while the double serves in its own."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}

    def set(self, name: str, *, operations=None, times: int | None = None, **settings) -> Fault:
        if name not in NAMES:
            raise ValueError(f"unknown fault {name!r}; faults: {', '.join(NAMES)}")
        if times is not None and (not isinstance(times, int) or times < 1):
            raise ValueError("times must be at least 1")
        if isinstance(operations, str):
            operations = [operations]
        if name == "down_mid_upload":
            operations = operations or ["upload_content"]
        unknown = set(operations or ()) - OPERATIONS
        if unknown:
            raise ValueError(f"unknown operations {sorted(unknown)}; see tests/invenio_double")
        fault = Fault(
            name, tuple(sorted(operations)) if operations else None, times, _check(name, settings)
        )
        with self._lock:
            self._faults[name] = fault
        return fault

    def clear(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self._faults.clear()
            else:
                self._faults.pop(name, None)

    @property
    def active(self) -> list[dict]:
        with self._lock:
            return [asdict(fault) for fault in self._faults.values()]

    def plan(self, operation: str) -> Plan:
        """The faults for one request to ``operation`` (using up their ``times``)."""
        chosen: dict[str, dict] = {}
        with self._lock:
            for name, fault in list(self._faults.items()):
                if not fault.applies_to(operation):
                    continue
                chosen[name] = fault.settings
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        del self._faults[name]
        status = chosen.get("status", {}).get("status")
        drop = chosen.get("drop")
        return Plan(
            status=status,
            message=(chosen.get("status", {}).get("message") or DEFAULT_MESSAGES.get(status, "")),
            delay=chosen.get("slow", {}).get("seconds", 0.0),
            drop=drop is not None and not drop["processed"],
            drop_after_processing=drop is not None and drop["processed"],
            cut_after_bytes=chosen.get("down_mid_upload", {}).get("after_bytes"),
        )
