"""Tornado handlers: one streaming handler for ``/api/...``, the ``/_double/...`` control routes.

Per request: match the route (unknown: 404, wrong method: 405), refuse a missing User-Agent,
apply the faults, find the user of the token, then stream the body (file content straight to a
file with its MD5 computed on the way; JSON kept up to 16 MiB) and answer. Requests a careful
client never sends (no User-Agent, unknown route, wrong Content-Type, broken JSON, commit before
content) are recorded in ``double.violations``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from tornado.iostream import StreamClosedError
from tornado.web import HTTPError, RequestHandler, stream_request_body

from ..doubles.base_handlers import ApiHandler as BaseApiHandler
from ..doubles.base_handlers import ControlHandler as BaseControlHandler
from . import routes
from .api import Call, FileReply, Reply
from .errors import BAD_JSON, SIZE_LIMIT, ApiError
from .faults import NAMES, Plan
from .sink import ContentSink

if TYPE_CHECKING:
    from .server import InvenioDouble
    from .store import Upload

ERROR_LOG = logging.getLogger("tests.invenio_double.errors")
MAX_JSON_BODY = 16 * 1024 * 1024
CHUNK = 1024 * 1024


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


@stream_request_body
class ApiHandler(BaseApiHandler):
    error_log = ERROR_LOG
    double: InvenioDouble

    def initialize(self, double: InvenioDouble) -> None:
        super().initialize(double)
        self.route: routes.Route | None = None
        self.call = Call(operation="")
        self.plan = Plan()
        self.early: ApiError | None = None
        self.body = bytearray()
        self.upload: Upload | None = None
        self.sink: ContentSink | None = None
        self.cut = False

    # -- request ------------------------------------------------------------------------------

    def prepare(self) -> None:
        request = self.request
        label = f"{request.method} {request.path}"
        try:
            self.route, params = routes.match(request.method, request.path)
        except ApiError as error:
            self._reject(error, f"{label}: {error.message}")
            return
        self.call = Call(
            operation=self.route.operation,
            params=params,
            args={k: v[-1].decode("utf-8", "replace") for k, v in request.query_arguments.items()},
            user=self._user(),
        )
        if not request.headers.get("User-Agent"):
            self._reject(ApiError(403, "Forbidden."), f"{label}: no User-Agent header")
            return
        self.plan = self.double.faults.plan(self.route.operation)
        if self.plan.drop:
            self.double.note_fault(f"drop: {label}")
            self._note_request(0)
            self.detach().close()
            return
        if self.plan.status:
            self.double.note_fault(f"{self.plan.status}: {label}")
            self.early = ApiError(self.plan.status, self.plan.message)
            return
        if self.route.body == "stream":
            self._begin_upload(label)

    def _user(self) -> dict | None:
        header = self.request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        token = token or self.get_query_argument("access_token", None)
        return self.double.user_for(token) if token else None

    def _reject(self, error: ApiError, violation: str) -> None:
        self.double.record(violation)
        self.early = error

    def _begin_upload(self, label: str) -> None:
        media_type = _media_type(self.request.headers.get("Content-Type"))
        if media_type != "application/octet-stream":
            message = "Invalid 'Content-Type' header. Expected one of: application/octet-stream."
            self._reject(ApiError(415, message), f"{label}: Content-Type {media_type or 'none'}")
            return
        length = self.request.headers.get("Content-Length")
        try:
            with self.double.store.lock:
                self.upload = self.double.store.begin_upload(
                    self.call.id, self.call.uid, self.call.key, int(length) if length else None
                )
        except ApiError as error:
            self.early = error
            return
        self.sink = ContentSink(self.upload.path)

    def data_received(self, chunk: bytes) -> None:
        if self.early is not None or self.cut:
            return  # the answer is known: the rest of the body is read and dropped
        if self.sink is None:
            if len(self.body) + len(chunk) > MAX_JSON_BODY:
                self.early = ApiError(413, "Request Entity Too Large")
            else:
                self.body.extend(chunk)
            return
        cut_at = self.plan.cut_after_bytes
        if cut_at is not None and self.sink.size + len(chunk) >= cut_at:
            self.double.note_fault(f"down_mid_upload after {cut_at} bytes: {self.request.path}")
            self.cut = True
            self._note_request(0)
            self.request.connection.stream.close()
            return
        if self.sink.size + len(chunk) > self.upload.limit:
            self.early = ApiError(400, SIZE_LIMIT)
            self._discard_upload()
            return
        self.sink.add(chunk)

    def on_connection_close(self) -> None:
        """A client (or a fault) cut the upload short: InvenioRDM drops the file."""
        if self.upload is not None:
            self.sink.discard()
            with self.double.store.lock:
                self.double.store.abort_upload(self.upload)
            self.upload = self.sink = None

    def _discard_upload(self) -> None:
        if self.sink is not None:
            self.sink.discard()
        self.upload = self.sink = None

    # -- answer -------------------------------------------------------------------------------

    async def get(self, *_args) -> None:
        if self.cut:
            return
        if self.plan.delay:
            self.double.note_fault(f"slow {self.plan.delay}s: {self.request.path}")
            await asyncio.sleep(self.plan.delay)
        if self.early is not None:
            self._discard_upload()
            self._error(self.early)
            return
        try:
            result = self._run()
        except ApiError as error:
            if error.violation:
                self.double.record(f"{self.request.method} {self.request.path}: {error.violation}")
            self._error(error)
            return
        if self.plan.drop_after_processing:
            self.double.note_fault(f"drop after processing: {self.request.path}")
            self._note_request(0)
            self.request.connection.stream.close()
            return
        if isinstance(result, FileReply):
            await self._send_file(result)
        else:
            self._note_request(result.status)
            self._json(result.status, result.body, result.headers)

    post = put = delete = patch = head = options = get

    def _run(self) -> Reply | FileReply:
        store = self.double.store
        if self.upload is not None:
            upload, sink, self.upload, self.sink = self.upload, self.sink, None, None
            md5 = sink.finish()
            with store.lock:
                entry = store.finish_upload(upload, sink.size, md5)
                return Reply(200, self.double.dumper.file(upload.record_id, entry, draft=True))
        if self.route.body == "json":
            self.call.body = self._json_body()
        return self.double.api(self.call)

    def _json_body(self) -> Any:
        label = f"{self.request.method} {self.request.path}"
        if not self.body:
            return None
        media_type = _media_type(self.request.headers.get("Content-Type"))
        if media_type != "application/json":
            self.double.record(f"{label}: a JSON body sent as {media_type or 'no Content-Type'}")
            message = "Invalid 'Content-Type' header. Expected one of: application/json."
            raise ApiError(415, message)
        try:
            return json.loads(bytes(self.body))
        except ValueError:
            raise ApiError(400, BAD_JSON, violation="a body that is not JSON") from None

    def _error(self, error: ApiError) -> None:
        self._note_request(error.status)
        self._json(error.status, error.body())

    def _note_request(self, status: int) -> None:
        self.double.log_request(self.request.method, self.request.path, self.call, status)

    async def _send_file(self, reply: FileReply) -> None:
        entry = reply.entry
        self._note_request(200)
        self.set_status(200)
        self.set_header("Content-Type", entry.mimetype)
        self.set_header("Content-Length", str(entry.size))
        self.set_header("Content-Disposition", "inline")
        if entry.md5:
            self.set_header("ETag", f'"md5:{entry.md5}"')
            self.set_header("Content-MD5", entry.md5)
        if self.request.method == "HEAD":
            self.finish()
            return
        try:
            with entry.content.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    self.write(chunk)
                    await self.flush()
            self.finish()
        except StreamClosedError:
            pass

    def write_error(self, status_code: int, **kwargs) -> None:
        """An exception in the double is a bug of the double: recorded, answered in JSON."""
        error = kwargs.get("exc_info", (None, None, None))[1]
        if error is None or isinstance(error, HTTPError):  # tornado's own (e.g. a cut body)
            self._json(status_code, {"status": status_code, "message": self._reason})
            return
        text = f"{self.request.path} raised {type(error).__name__}: {error}"
        self.double.record(f"double bug: {text}")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": f"double bug: {text}"}))


class ControlHandler(BaseControlHandler):
    """``/_double/...`` for a double in another process (loopback clients only); see README."""

    error_log = ERROR_LOG
    double: InvenioDouble

    def get(self, what: str) -> None:
        answers = {
            "faults": lambda: {"faults": self.double.faults.active, "names": list(NAMES)},
            "violations": lambda: {
                "violations": self.double.violations,
                "injected": self.double.injected,
            },
            "health": lambda: {"status": "ok", "url": self.double.url},
            "requests": lambda: {"requests": [r._asdict() for r in self.double.requests]},
            "state": lambda: {"drafts": self.double.drafts, "records": self.double.records},
        }
        if what not in answers:
            self._no_route(what)
            return
        self._json(200, answers[what]())

    def post(self, what: str) -> None:
        if what == "accept-inclusions":
            self._json(200, {"accepted": self.double.accept_inclusion_requests()})
            return
        if what != "faults":
            self._no_route(what)
            return
        try:
            body = json.loads(self.request.body or b"{}")
            name = body.pop("name")
            self.double.faults.set(name, **body)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            self._json(400, {"message": f"bad fault: {error}"})
            return
        self._json(201, {"faults": self.double.faults.active})


class BadgeHandler(RequestHandler):
    """``GET /badge/DOI/<doi>.svg``: the image Zenodo serves for a DOI badge (public, no token)."""

    def get(self, doi: str) -> None:
        text = xml_escape(doi)
        width = 40 + 7 * len(doi)
        self.set_header("Content-Type", "image/svg+xml")
        self.set_header("Cache-Control", "max-age=3600")
        self.finish(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20">'
            f'<rect width="34" height="20" fill="#555"/>'
            f'<rect x="34" width="{width - 34}" height="20" fill="#007ec6"/>'
            f'<g fill="#fff" font-family="sans-serif" font-size="11">'
            f'<text x="6" y="14">DOI</text><text x="40" y="14">{text}</text></g></svg>'
        )
