"""Faults the double can be told to inject into its ``/api/`` answers.

Modes (several may be active at once, one of each mode):

- ``slow``: wait ``seconds`` before answering;
- ``error500``: answer ``500 {"message": "..."}``;
- ``reject_token``: answer as REANA does for an unknown token, ``403 {"message": "Token not
  valid."}`` (only operations that take an ``access_token``; ``/api/ping`` does not);
- ``violate``: answer a body that breaks the spec (the workflow list's ``total`` as a string;
  elsewhere the first integer becomes a string, or the first string an integer). These are kept in
  ``double.injected``, never in ``double.violations``;
- ``down``: close the connection without an answer (as a crashed server or proxy would).

Each fault may be limited to some ``operations`` (operationIds of the spec, e.g.
``get_workflows``) and to a number of ``times``; it is removed when used up.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass

MODES = ("slow", "error500", "reject_token", "violate", "down")
FAULT_MODES = MODES


@dataclass
class Fault:
    mode: str
    seconds: float = 0.0
    operations: tuple[str, ...] | None = None
    times: int | None = None

    def applies_to(self, operation_id: str) -> bool:
        return self.operations is None or operation_id in self.operations


@dataclass(frozen=True)
class Plan:
    """The faults one request gets."""

    down: bool = False
    delay: float = 0.0
    reject_token: bool = False
    error500: bool = False
    violate: bool = False

    @property
    def answers_early(self) -> bool:
        return self.reject_token or self.error500


class Faults:
    """Thread-safe: tests set faults from their thread while the double serves in its own."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}

    def set(
        self,
        mode: str,
        *,
        seconds: float | None = None,
        operations: list[str] | tuple[str, ...] | set[str] | str | None = None,
        times: int | None = None,
    ) -> Fault:
        """Activate ``mode`` (replacing an active fault of that mode)."""
        if mode not in MODES:
            raise ValueError(f"unknown fault mode {mode!r}; modes: {', '.join(MODES)}")
        if mode == "slow" and (seconds is None or seconds < 0):
            raise ValueError("the slow fault needs seconds >= 0")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1")
        if isinstance(operations, str):
            operations = [operations]
        fault = Fault(
            mode=mode,
            seconds=float(seconds or 0.0),
            operations=tuple(sorted(operations)) if operations else None,
            times=times,
        )
        with self._lock:
            self._faults[mode] = fault
        return fault

    def clear(self, mode: str | None = None) -> None:
        with self._lock:
            if mode is None:
                self._faults.clear()
            else:
                self._faults.pop(mode, None)

    @property
    def active(self) -> list[dict]:
        with self._lock:
            return [asdict(fault) for fault in self._faults.values()]

    def plan(self, operation_id: str, *, authenticated: bool) -> Plan:
        """The faults for one request to ``operation_id`` (using up their ``times``)."""
        chosen: dict[str, Fault] = {}
        with self._lock:
            for mode, fault in list(self._faults.items()):
                if not fault.applies_to(operation_id):
                    continue
                if mode == "reject_token" and not authenticated:
                    continue
                chosen[mode] = fault
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        del self._faults[mode]
        return Plan(
            down="down" in chosen,
            delay=chosen["slow"].seconds if "slow" in chosen else 0.0,
            reject_token="reject_token" in chosen,
            error500="error500" in chosen,
            violate="violate" in chosen,
        )
