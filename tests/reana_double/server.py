"""The double itself: a tornado app on its own event loop in a background thread."""

from __future__ import annotations

import copy
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from ..doubles.threaded_server import ThreadedDouble
from .api import ReanaApi
from .engine import Engine
from .faults import Faults
from .handlers import ApiHandler, ControlHandler
from .spec import load_official_spec
from .validation import Operation, SpecValidator

DEFAULT_TOKEN = "vre-lab-reana-double-token"

ACCESS_LOG = logging.getLogger("tests.reana_double.access")


class ReanaDouble(ThreadedDouble):
    """A strict test double of REANA's REST API (see tests/reana_double/README.md).

    ``ReanaDouble(token=..., state_dir=..., port=0, step_seconds=0.4)``; ``start()`` serves it on
    ``url`` (from a background thread); ``stop()`` takes it down (same port on the next
    ``start()``, workflows kept); ``close()`` ends it. Also a context manager.
    """

    name = "reana-double"
    access_log = ACCESS_LOG

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
        super().__init__(state_dir=state_dir, host=host, port=port)
        self.token = token
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

    # -- what tests look at -------------------------------------------------------------------

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

    # -- serving ------------------------------------------------------------------------------

    def handlers(self) -> list[tuple]:
        return [
            (r"/_double/(faults|violations|config|health)", ControlHandler, {"double": self}),
            (r"/.*", ApiHandler, {"double": self}),
        ]

    async def _cancel_pending(self) -> None:
        """Cancel simulated runs and answers still waiting (slow faults), and let them end."""
        self.engine.cancel_all()
        await super()._cancel_pending()
