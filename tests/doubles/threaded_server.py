"""A double's life cycle: a tornado app on its own event loop in a background thread."""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import threading
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

MAX_UPLOAD = 1 << 40  # bodies are streamed to disk, so any size is fine


class ThreadedDouble:
    """The part of a double that serves, and what it records.

    A subclass sets ``name`` (thread name, prefix of its temporary state folder) and
    ``access_log``, and gives its tornado ``handlers()``. ``start()`` serves on ``url``;
    ``stop()`` takes it down (state kept, same port on the next ``start()``); ``close()`` ends
    it. Also a context manager.
    """

    name = "double"
    access_log = logging.getLogger("tests.doubles.access")
    server_settings: dict = {"max_body_size": MAX_UPLOAD, "idle_connection_timeout": 60}

    def __init__(self, *, state_dir: str | Path | None, host: str, port: int):
        self.host, self.port = host, port
        self._own_state_dir = state_dir is None
        self.state_dir = Path(state_dir or tempfile.mkdtemp(prefix=f"{self.name}-"))
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._violations: list[str] = []
        self._injected: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: HTTPServer | None = None

    def handlers(self) -> list[tuple]:
        raise NotImplementedError

    # -- what tests look at -------------------------------------------------------------------

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def violations(self) -> list[str]:
        """Requests a careful client never sends, answers that break the spec, missing features
        and bugs of the double."""
        with self._lock:
            return list(self._violations)

    @property
    def injected(self) -> list[str]:
        """Faults the double injected (never counted as violations)."""
        with self._lock:
            return list(self._injected)

    def record(self, violation: str) -> None:
        with self._lock:
            self._violations.append(violation)

    def note_fault(self, what: str) -> None:
        with self._lock:
            self._injected.append(what)

    def clear_violations(self) -> None:
        with self._lock:
            self._violations.clear()
            self._injected.clear()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 10):
        if self._thread is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name=f"{self.name}-{id(self)}", daemon=True
            )
            self._thread.start()
        if self._server is None:
            self._call(self._listen(), timeout)
            self._listening()
        return self

    def _listening(self) -> None:
        """Called once the port is known."""

    def stop(self, timeout: float = 10) -> None:
        """Stop serving (connections refused) but keep the state; ``start()`` resumes."""
        if self._server is not None:
            self._call(self._unlisten(), timeout)

    def close(self, timeout: float = 10) -> None:
        if self._loop is not None:
            self.stop(timeout)
            self._call(self._cancel_pending(), timeout)
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout)
            self._loop.close()
            self._loop = self._thread = None
        if self._own_state_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _call(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def application(self) -> Application:
        return Application(self.handlers(), log_function=self._log_request)

    def _log_request(self, handler: RequestHandler) -> None:
        """Debug-level access log without the query string (it may hold an access token)."""
        request = handler.request
        self.access_log.debug("%d %s %s", handler.get_status(), request.method, request.path)

    async def _listen(self) -> None:
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        server = HTTPServer(self.application(), **self.server_settings)
        server.add_sockets(sockets)
        self._server = server

    async def _unlisten(self) -> None:
        server, self._server = self._server, None
        server.stop()
        await server.close_all_connections()

    async def _cancel_pending(self) -> None:
        """Cancel answers still waiting (slow faults), and let them end."""
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
