"""Tornado handler plumbing both doubles use: quiet error logs, JSON answers, the loopback-only
``/_double/...`` control routes."""

from __future__ import annotations

import json
import logging
from typing import Any

from tornado.web import HTTPError, RequestHandler

LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


class QuietHandler(RequestHandler):
    """A subclass sets ``error_log``."""

    error_log = logging.getLogger("tests.doubles.errors")

    def log_exception(self, typ, value, tb) -> None:
        """Tornado's own log line holds the query (maybe an access token): log the path only."""
        if not isinstance(value, HTTPError):
            self.error_log.error(
                "%s %s failed", self.request.method, self.request.path, exc_info=(typ, value, tb)
            )

    def _json(self, status: int, body: Any = None, headers: dict | None = None) -> None:
        self.set_status(status)
        for name, value in (headers or {}).items():
            self.set_header(name, value)
        if body is None:
            self.finish()
            return
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class ApiHandler(QuietHandler):
    """The base of a double's ``/api/...`` handler: it takes every method."""

    SUPPORTED_METHODS = ("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS")

    def initialize(self, double) -> None:
        self.double = double


class ControlHandler(QuietHandler):
    """``/_double/...`` for a double in another process (loopback clients only).

    Shared: ``DELETE /_double/faults`` (all, or the one named by the query argument
    ``fault_argument``) and ``DELETE /_double/violations``; a subclass adds the rest.
    """

    fault_argument = "name"

    def initialize(self, double) -> None:
        self.double = double

    def prepare(self) -> None:
        if self.request.remote_ip not in LOOPBACK:
            self._json(403, {"message": "the double's control routes answer loopback only"})

    def _no_route(self, what: str) -> None:
        self._json(404, {"message": f"no control route {what}"})

    def delete(self, what: str) -> None:
        if what == "faults":
            self.double.faults.clear(self.get_query_argument(self.fault_argument, None))
        elif what == "violations":
            self.double.clear_violations()
        else:
            self._no_route(what)
            return
        self._json(204)
