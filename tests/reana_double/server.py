"""The double itself: a tornado app on its own event loop in a background thread."""

from __future__ import annotations

import asyncio
import copy
import logging
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application

from .api import ReanaApi
from .engine import Engine
from .faults import Faults
from .handlers import ApiHandler, ControlHandler
from .spec import load_official_spec
from .validation import Operation, SpecValidator

DEFAULT_TOKEN = "vre-lab-reana-double-token"
MAX_UPLOAD = 1 << 40  # uploads are streamed to disk, so any size is fine


ACCESS_LOG = logging.getLogger("tests.reana_double.access")


def _log_request(handler) -> None:
    """Debug-level access log without the query string (it holds the access token)."""
    request = handler.request
    ACCESS_LOG.debug("%d %s %s", handler.get_status(), request.method, request.path)


class ReanaDouble:
    """A strict test double of REANA's REST API (see tests/reana_double/README.md).

    ``ReanaDouble(token=..., state_dir=..., port=0, step_seconds=0.4)``; ``start()`` serves it on
    ``url`` (from a background thread); ``stop()`` takes it down (same port on the next
    ``start()``, workflows kept); ``close()`` ends it. Also a context manager.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        state_dir: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        step_seconds: float = 0.4,
        queue_seconds: float | None = None,
        spec: dict | None = None,
        email: str = "jane.doe@example.org",
        full_name: str = "Jane Doe",
        username: str = "jdoe",
    ):
        self.token = token
        self.host = host
        self.port = port
        self._own_state_dir = state_dir is None
        self.state_dir = Path(state_dir or tempfile.mkdtemp(prefix="reana-double-"))
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.scratch_dir = self.state_dir / "scratch"
        self.spec = spec or load_official_spec()
        self.validator = SpecValidator(self.spec)
        self.user = {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"reana-double:{email}")),
            "email": email,
            "full_name": full_name,
            "username": username,
        }
        self.engine = Engine(
            self.state_dir,
            self.user["id"],
            step_seconds=step_seconds,
            queue_seconds=step_seconds / 2 if queue_seconds is None else queue_seconds,
        )
        self.secrets: dict[str, dict] = {}
        self.faults = Faults()
        self.api = ReanaApi(self)
        self._lock = threading.Lock()
        self._violations: list[str] = []
        self._injected: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: HTTPServer | None = None

    # -- what tests look at -------------------------------------------------------------------

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def violations(self) -> list[str]:
        """Requests that broke the spec, answers of the double that broke it, missing features."""
        with self._lock:
            return list(self._violations)

    @property
    def injected(self) -> list[str]:
        """Faults the double injected (never counted as violations)."""
        with self._lock:
            return list(self._injected)

    @property
    def running(self) -> bool:
        return self._server is not None

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

    @property
    def step_seconds(self) -> float:
        return self.engine.step_seconds

    @step_seconds.setter
    def step_seconds(self, value: float) -> None:
        self.engine.step_seconds = value

    def status_of(self, workflow: str) -> str:
        """The status of a workflow (UUID, ``name.run`` or ``name``), as REANA would answer."""
        found = self.engine.find(workflow)
        with self.engine.lock:
            return found.status

    def wait_for_status(
        self, workflow: str, statuses=("finished", "failed", "stopped"), timeout: float = 30
    ) -> str:
        """Wait until the workflow's status is one of ``statuses``; its last status."""
        wanted = {statuses} if isinstance(statuses, str) else set(statuses)
        deadline = time.monotonic() + timeout
        while (status := self.status_of(workflow)) not in wanted and time.monotonic() < deadline:
            time.sleep(0.02)
        return status

    def corrupt(self, op: Operation, body: Any) -> Any:
        """``body`` made to break the spec (the ``violate`` fault)."""
        body = copy.deepcopy(body)
        if isinstance(body, dict) and isinstance(body.get("total"), int):
            body["total"] = str(body["total"])
            return body

        def flip(node: Any) -> bool:
            if isinstance(node, dict):
                for key, value in node.items():
                    if isinstance(value, bool):
                        continue
                    if isinstance(value, int):
                        node[key] = str(value)
                        return True
                    if isinstance(value, str):
                        node[key] = 12345
                        return True
                    if flip(value):
                        return True
            elif isinstance(node, list):
                return any(flip(item) for item in node)
            return False

        if not flip(body):
            body = {"message": 12345}
        return body

    # -- life cycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 10) -> ReanaDouble:
        if self._thread is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name=f"reana-double-{id(self)}", daemon=True
            )
            self._thread.start()
        if self._server is None:
            self._call(self._listen(), timeout)
        return self

    def stop(self, timeout: float = 10) -> None:
        """Stop serving (connections refused) but keep the state; ``start()`` resumes."""
        if self._server is not None:
            self._call(self._unlisten(), timeout)

    def close(self, timeout: float = 10) -> None:
        if self._loop is None:
            self._cleanup()
            return
        self.stop(timeout)
        self._call(self._cancel_runs(), timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)
        self._loop.close()
        self._loop = self._thread = None
        self._cleanup()

    def __enter__(self) -> ReanaDouble:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _cleanup(self) -> None:
        if self._own_state_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def _call(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def application(self) -> Application:
        return Application(
            [
                (r"/_double/(faults|violations|config|health)", ControlHandler, {"double": self}),
                (r"/.*", ApiHandler, {"double": self}),
            ],
            log_function=_log_request,
        )

    async def _listen(self) -> None:
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        server = HTTPServer(
            self.application(), max_body_size=MAX_UPLOAD, idle_connection_timeout=60
        )
        server.add_sockets(sockets)
        self._server = server

    async def _unlisten(self) -> None:
        server, self._server = self._server, None
        server.stop()
        await server.close_all_connections()

    async def _cancel_runs(self) -> None:
        """Cancel simulated runs and answers still waiting (slow faults), and let them end."""
        self.engine.cancel_all()
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
