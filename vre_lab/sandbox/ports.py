"""Choosing the loopback port the sandbox server listens on."""

from __future__ import annotations

import socket

from .errors import SandboxError

HOST = "127.0.0.1"
DEFAULT_PORT = 8490


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # same option gunicorn sets, so a port in TIME_WAIT still counts as free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def any_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def choose_port(requested: int | None, remembered: int | None) -> int:
    """The port for a start.

    ``requested`` set: that port, which must be free. ``None``: the port used last time, else
    8490, else any free port. ``0``: the port used last time, else any free port (tests).
    """
    if requested:
        if not port_is_free(requested):
            raise SandboxError(f"port {requested} on {HOST} is already in use")
        return requested
    candidates = (remembered,) if requested == 0 else (remembered, DEFAULT_PORT)
    for candidate in candidates:
        if candidate is not None and port_is_free(candidate):
            return candidate
    return any_free_port()
