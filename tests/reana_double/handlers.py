"""Tornado handlers: every ``/api/...`` request goes through one strict, streaming handler.

For each request: match the spec's path and method, check parameters and content type (a request
that breaks the spec is recorded in ``double.violations`` and answered 400), apply the active
faults, check the token, run the operation, then check the answer against the spec before it
leaves (an answer that breaks it is a bug of the double: recorded, and 500 instead).

Request bodies are streamed (``@stream_request_body``): uploads go chunk by chunk to a file, JSON
bodies are kept only up to :data:`MAX_JSON_BODY`. Downloads are sent in chunks too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tornado.iostream import StreamClosedError
from tornado.web import stream_request_body

from ..doubles.base_handlers import ApiHandler as BaseApiHandler
from ..doubles.base_handlers import ControlHandler as BaseControlHandler
from .api import Call, FileReply, NotImplementedByDouble, Reply
from .faults import MODES, Plan
from .validation import RouteMiss

if TYPE_CHECKING:
    from .server import ReanaDouble

ERROR_LOG = logging.getLogger("tests.reana_double.errors")
MAX_JSON_BODY = 16 * 1024 * 1024
CHUNK = 64 * 1024


def content_disposition(name: str) -> str:
    """``attachment; filename="..."`` as Flask's send_file writes it (RFC 6266/5987)."""
    if name.isascii() and '"' not in name and "\\" not in name:
        return f'attachment; filename="{name}"'
    from urllib.parse import quote

    fallback = name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


@stream_request_body
class ApiHandler(BaseApiHandler):
    error_log = ERROR_LOG
    double: ReanaDouble

    def initialize(self, double: ReanaDouble) -> None:
        super().initialize(double)
        self.operation = None
        self.checked = None
        self.plan = Plan()
        self.early: Reply | None = None
        self.body_size = 0
        self.json_body = bytearray()
        self.upload_path: Path | None = None
        self.upload_file = None

    # -- request ------------------------------------------------------------------------------

    def prepare(self) -> None:
        request = self.request
        try:
            self.operation, path_params = self.double.validator.match(request.method, request.path)
        except RouteMiss as miss:
            self.double.record(f"request: {miss.message}")
            self.early = Reply(miss.status, {"message": miss.message})  # drops any body
            self._send_json(miss.status, {"message": miss.message})
            return
        op = self.operation
        has_body = int(request.headers.get("Content-Length") or 0) > 0 or (
            "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        )
        self.checked = self.double.validator.check_request(
            op,
            path_params,
            {
                k: [v.decode("utf-8", "replace") for v in vs]
                for k, vs in request.query_arguments.items()
            },
            request.headers.get("Content-Type"),
            has_body,
        )
        for problem in self.checked.errors:
            self.double.record(f"request: {problem}")
        self.plan = self.double.faults.plan(op.operation_id, authenticated=op.takes_access_token)
        if self.plan.down:
            self.double.note_fault(f"down: {op.label}")
            self.early = Reply(0)
            self.detach().close()
            return
        if self.checked.errors:
            self.early = Reply(400, {"message": "; ".join(self.checked.errors)})
        elif self.plan.reject_token:
            self.early = Reply(403, {"message": "Token not valid."})
        elif self.plan.error500:
            self.early = Reply(500, {"message": "Internal server error (injected by the double)."})
        elif op.takes_access_token:
            token = self.checked.query.get("access_token")
            if not token:
                self.early = Reply(401, {"message": "User not signed in"})
            elif token != self.double.token:
                self.early = Reply(403, {"message": "Token not valid."})
        if self.early is None and op.takes_binary_body and has_body:
            self.double.scratch_dir.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.double.scratch_dir, suffix=".upload")
            self.upload_path = Path(name)
            self.upload_file = os.fdopen(fd, "wb")

    def data_received(self, chunk: bytes) -> None:
        self.body_size += len(chunk)
        if self.early is not None:
            return  # the answer is known: the rest of the body is read and dropped
        if self.upload_file is not None:
            self.upload_file.write(chunk)
        elif len(self.json_body) + len(chunk) > MAX_JSON_BODY:
            problem = f"{self.operation.label}: a JSON body over 16 MiB"
            self.checked.errors.append(problem)
            self.double.record(f"request: {problem}")
            self.early = Reply(400, {"message": problem})
        else:
            self.json_body.extend(chunk)

    async def get(self, *_args) -> None:
        await self._serve()

    post = put = delete = patch = head = options = get

    def on_connection_close(self) -> None:
        self._discard_upload()

    def write_error(self, status_code: int, **kwargs) -> None:
        """An exception in the double is a bug of the double: recorded, answered in JSON."""
        error = kwargs.get("exc_info", (None, None, None))[1]
        label = self.operation.label if self.operation else self.request.path
        text = f"{label} raised {type(error).__name__}: {error}" if error else f"{status_code}"
        self.double.record(f"double bug: {text}")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": f"REANA test double bug: {text}"}))

    def _discard_upload(self) -> None:
        if self.upload_file is not None:
            self.upload_file.close()
            self.upload_file = None
        if self.upload_path is not None:
            self.upload_path.unlink(missing_ok=True)
            self.upload_path = None

    # -- serving ------------------------------------------------------------------------------

    async def _serve(self) -> None:
        op = self.operation
        if self.plan.delay:
            self.double.note_fault(f"slow {self.plan.delay}s: {op.label}")
            await asyncio.sleep(self.plan.delay)
        if self.early is not None:
            self._discard_upload()
            injected = not self.checked.errors and (self.plan.error500 or self.plan.reject_token)
            if injected:
                self.double.note_fault(f"{self.early.status}: {op.label}")
            # Answers to broken requests and injected errors are not checked against the spec.
            self._reply(self.early, checked=not (injected or self.checked.errors))
            return
        call = Call(operation=op, path=self.checked.path, query=self.checked.query)
        if self.upload_file is not None:
            self.upload_file.close()
            self.upload_file = None
            call.upload = self.upload_path
        elif op.takes_binary_body:
            self.double.scratch_dir.mkdir(parents=True, exist_ok=True)
            call.upload = self.double.scratch_dir / f"{uuid.uuid4().hex}.upload"
            call.upload.write_bytes(b"")
        elif self.body_size and op.body_parameter is not None:
            call.body, problems = self.double.validator.check_json_body(op, bytes(self.json_body))
            if problems:
                for problem in problems:
                    self.double.record(f"request: {problem}")
                self._reply(Reply(400, {"message": "; ".join(problems)}), checked=False)
                return
        try:
            result = self.double.api(call)
        except NotImplementedByDouble as missing:
            text = f"the REANA test double does not implement {missing}"
            self.double.record(f"double: {text}")
            self._reply(Reply(501, {"message": text}), checked=False)
            return
        finally:
            if call.upload is not None and call.upload.exists():
                call.upload.unlink()
            self.upload_path = None
        if isinstance(result, FileReply):
            await self._send_file(result)
        else:
            self._reply(result)

    def _reply(self, reply: Reply, *, checked: bool = True) -> None:
        body = reply.body
        if self.plan.violate and 200 <= reply.status < 300:
            body = self.double.corrupt(self.operation, body)
        problems = []
        if checked or self.plan.violate:
            problems = self.double.validator.check_response(
                self.operation, reply.status, "application/json", body
            )
        if problems and self.plan.violate:
            self.double.note_fault(f"violate: {'; '.join(problems)}")
        elif problems:
            for problem in problems:
                self.double.record(f"double bug: {problem}")
            self._send_json(500, {"message": "REANA test double bug: " + "; ".join(problems)})
            return
        self._send_json(reply.status, body)

    def _send_json(self, status: int, body: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    async def _send_file(self, reply: FileReply) -> None:
        problems = self.double.validator.check_response(
            self.operation, 200, reply.content_type, None, is_file=True
        )
        if problems:
            for problem in problems:
                self.double.record(f"double bug: {problem}")
            self._send_json(500, {"message": "REANA test double bug: " + "; ".join(problems)})
            return
        try:
            self.set_status(200)
            self.set_header("Content-Type", reply.content_type)
            self.set_header("Content-Disposition", content_disposition(reply.download_name))
            self.set_header("Content-Length", str(reply.path.stat().st_size))
            with reply.path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    self.write(chunk)
                    await self.flush()
            self.finish()
        except StreamClosedError:
            pass
        finally:
            if reply.temporary:
                reply.path.unlink(missing_ok=True)


class ControlHandler(BaseControlHandler):
    """``/_double/...``: steer a double running in another process (loopback clients only).

    - ``GET /_double/faults`` -> ``{"faults": [...]}``
    - ``POST /_double/faults`` ``{"mode", "seconds"?, "operations"?, "times"?}`` -> 201
    - ``DELETE /_double/faults`` (all) or ``DELETE /_double/faults?mode=slow`` -> 204
    - ``GET /_double/violations`` -> ``{"violations": [...], "injected": [...]}``
    - ``DELETE /_double/violations`` -> 204 (forget them)
    - ``PUT /_double/config`` ``{"step_seconds"?, "queue_seconds"?}`` -> the config
    - ``GET /_double/health`` -> ``{"status": "ok", "url", "workflows"}``
    """

    error_log = ERROR_LOG
    fault_argument = "mode"
    double: ReanaDouble

    def _body(self) -> dict | None:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self._json(400, {"message": "the body must be a JSON object"})
            return None
        return body

    def get(self, what: str) -> None:
        if what == "faults":
            self._json(200, {"faults": self.double.faults.active, "modes": list(MODES)})
        elif what == "violations":
            self._json(
                200, {"violations": self.double.violations, "injected": self.double.injected}
            )
        elif what == "health":
            self._json(
                200,
                {
                    "status": "ok",
                    "url": self.double.url,
                    "workflows": len(self.double.engine.all()),
                },
            )
        else:
            self._no_route(what)

    def post(self, what: str) -> None:
        if what != "faults":
            self._no_route(what)
            return
        body = self._body()
        if body is None:
            return
        try:
            self.double.faults.set(
                body.get("mode", ""),
                seconds=body.get("seconds"),
                operations=body.get("operations"),
                times=body.get("times"),
            )
        except (TypeError, ValueError) as error:
            self._json(400, {"message": str(error)})
            return
        self._json(201, {"faults": self.double.faults.active})

    def put(self, what: str) -> None:
        if what != "config":
            self._no_route(what)
            return
        body = self._body()
        if body is None:
            return
        for key in ("step_seconds", "queue_seconds"):
            if key in body:
                value = body[key]
                if not isinstance(value, (int, float)) or value < 0:
                    self._json(400, {"message": f"{key} must be a number >= 0"})
                    return
                setattr(self.double.engine, key, float(value))
        engine = self.double.engine
        self._json(
            200, {"step_seconds": engine.step_seconds, "queue_seconds": engine.queue_seconds}
        )
