"""The base of every vre-lab API handler: authenticated, authorized, JSON in and out."""

import json

from jupyter_server.auth.utils import HTTP_METHOD_TO_AUTH_ACTION
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from jupyter_server.utils import ensure_async, url_path_join
from tornado.web import HTTPError, RequestHandler

from . import openapi
from .errors import BadRequest, Forbidden, NotFound, PayloadTooLarge, VRELabError
from .secrets import redact

AUTH_RESOURCE = "vre_lab"
API_PREFIX = "vre-lab/api"
MAX_BODY_BYTES = 4 * 2**20  # a secret (1 MiB) or a long description fits; nothing needs more
MAX_DEPTH = 32


def _depth(value) -> int:
    deepest, level = 0, [value]
    while level:
        deepest += 1
        level = [
            item
            for v in level
            if isinstance(v, dict | list)
            for item in (v.values() if isinstance(v, dict) else v)
            if isinstance(item, dict | list)
        ]
    return deepest


def _unauthenticated() -> HTTPError:
    return HTTPError(401, "Log in first: send the Jupyter server's token or its login cookie")


class _Answer(HTTPError):
    """What jupyter_server's `APIHandler.write_error` answers: `log_message` (else the status's
    phrase) and `reason`. A plain attribute: tornado's property gives it with each % doubled."""

    log_message = None


class VRELabHandler(ExtensionHandlerMixin, APIHandler):
    """Subclasses decorate every method with `@web.authenticated` and `@authorized`;
    a test enumerates the routes and checks that each refuses an anonymous request."""

    auth_resource = AUTH_RESOURCE

    @property
    def vre(self):
        """The VRELab extension app (config, job store, runners)."""
        return self.extensionapp

    async def prepare(self) -> None:
        await super().prepare()  # jupyter_server resolves the caller here
        action = HTTP_METHOD_TO_AUTH_ACTION.get(self.request.method)
        user = self.current_user
        # a caller not let in gets its 401 or 403 from the method, never a 404 from here
        if user and action and await self.is_authorized(action):
            if openapi.body_validator(self.request.method, self._api_path()):
                self.json_body()  # a body the document does not allow is a 400 on any path
            for name, value in self.path_kwargs.items():
                self.check_path_argument(name, value)

    async def is_authorized(self, action: str) -> bool:
        user, resource = self.current_user, self.auth_resource
        return bool(await ensure_async(self.authorizer.is_authorized(self, user, action, resource)))

    async def authorize_execute(self) -> None:
        """Besides the method's own action (`write`), running commands on this machine needs
        `execute`, so that an Authorizer can allow one and not the other."""
        if not await self.is_authorized("execute"):
            raise Forbidden(f"User is not authorized to execute on resource: {self.auth_resource}.")

    def check_path_argument(self, name: str, value: str) -> None:
        """Refuse (with the NotFound that lists what exists) a path parameter naming something
        not configured: each slice's base handler knows its names (instance, server,
        repository); checked once per request, before the method runs."""

    def check_xsrf_cookie(self) -> None:
        # A request with no login at all is answered 401 (RFC 9110), as the OpenAPI document says;
        # jupyter_server would answer 403 for its missing XSRF token, and it is refused either way.
        if hasattr(self, "_jupyter_current_user") and self.current_user is None:
            raise _unauthenticated()
        super().check_xsrf_cookie()

    def get_login_url(self) -> str:
        if not self.current_user:
            raise _unauthenticated()
        return super().get_login_url()

    @classmethod
    def allowed_methods(cls) -> list[str]:
        """The HTTP methods this route answers (a 405 lists them in `Allow`, RFC 9110)."""
        return [
            method
            for method in cls.SUPPORTED_METHODS
            if getattr(cls, method.lower()) is not getattr(RequestHandler, method.lower())
        ]

    def write_json(self, data, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(data))

    _body: dict | None = None

    def json_body(self) -> dict:
        """The request body, parsed and checked against the OpenAPI document's schema for this
        operation: a body the document does not allow never reaches a handler. It is read only
        here, so only after `@web.authenticated` and `@authorized` let the request in (a body
        checked earlier would tell a refused caller a 400 instead of its 403)."""
        if self._body is None:
            self._body = self._checked_body()
        return self._body

    def _checked_body(self) -> dict:
        if len(self.request.body) > MAX_BODY_BYTES:
            raise PayloadTooLarge(f"The request body is larger than {MAX_BODY_BYTES // 2**20} MiB")
        try:
            body = json.loads(self.request.body or b"{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise BadRequest("The request body is not valid JSON") from e
        except RecursionError as e:
            raise BadRequest("The request body is nested too deeply") from e
        if _depth(body) > MAX_DEPTH:
            raise BadRequest(f"The request body is nested more than {MAX_DEPTH} levels deep")
        if not isinstance(body, dict):
            raise BadRequest("The request body must be a JSON object")
        validator = openapi.body_validator(self.request.method, self._api_path())
        problems = openapi.body_problems(validator, body) if validator else []
        if problems:
            raise BadRequest(problems[0]["message"], code="invalid_body", errors=problems)
        return body

    def _api_path(self) -> str:
        path, base = self.request.path, self.base_url.rstrip("/")
        return path[len(base) :] if path.startswith(base + "/") else path

    def int_argument(self, name: str, default: int, low: int, high: int) -> int:
        """The query argument `name` as a whole number in [low, high]; else a 400 `bad_NAME`."""
        text = self.get_query_argument(name, str(default))
        try:
            value = int(text)
        except ValueError as e:
            raise BadRequest(f"{name} must be an integer", code=f"bad_{name}") from e
        if not low <= value <= high:
            raise BadRequest(f"{name} must be between {low} and {high}", code=f"bad_{name}")
        return value

    def text_argument(self, name: str, limit: int = 200) -> str:
        text = self.get_query_argument(name, "").strip()
        if len(text) > limit:
            raise BadRequest(f"{name} is at most {limit} characters")
        return text

    def paging(self, default_size: int) -> tuple[int, int]:
        return self.int_argument("page", 1, 1, 1_000_000), self.int_argument(
            "size", default_size, 1, 1000
        )

    def start_job(self, kind: str, params: dict, work) -> None:
        job = self.vre.job_runner.start(kind, params, work, owner=self.current_user.username)
        self.set_header("Location", url_path_join(self.base_url, API_PREFIX, "jobs", job.id))
        self.write_json(job.to_json(), status=202)

    def job_owner(self) -> str | None:
        """Whose jobs this request may list, read, cancel and delete: the user's own when the
        server gives jobs per user (`c.VRELab.jobs_per_user`), else None (every job)."""
        return self.current_user.username if self.vre.jobs_per_user else None

    def existing_job(self, job_id: str, kind: str | None = None, what: str = "job"):
        """The job `job_id` if it is of `kind` and this request may see it, else a 404 naming
        `what` was not found (another user's job is not found either: nothing says it exists)."""
        job = self.vre.jobs.get(job_id)
        owner = self.job_owner()
        if (
            job is None
            or (kind is not None and job.kind != kind)
            or (owner is not None and job.owner != owner)
        ):
            raise NotFound(f"No {what} {job_id!r}")
        return job

    def no_content(self) -> None:
        self.set_status(204)
        self.finish()

    _error_fields: dict | None = None

    def write_error(self, status_code: int, **kwargs) -> None:
        """jupyter_server's JSON error (`APIHandler.write_error`, which also logs it), as
        `{"message", "reason"}`: a message safe to show (redacted, never internals), the reason a
        client matches on (openapi.yaml), and an invalid body's per-field `errors`."""
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        reason = None
        if isinstance(error, VRELabError):
            message, reason = error.message, error.code
            if error.errors:
                self._error_fields = {
                    "errors": [
                        {"field": e["field"], "message": redact(e["message"])} for e in error.errors
                    ]
                }
        elif isinstance(error, HTTPError):
            message = error.get_message()
        else:  # jupyter_server would answer "Unhandled error" and an empty traceback
            message = "Internal server error; the server log has details"
        if status_code == 401:
            self.set_header("WWW-Authenticate", 'token realm="jupyter_server"')
        if status_code == 405:
            self.set_header("Allow", ", ".join(self.allowed_methods()))
        shown = _Answer(status_code, reason=reason)
        shown.log_message = redact(message) if message else None
        super().write_error(status_code, exc_info=(_Answer, shown, None))

    def finish(self, chunk=None):
        if self._error_fields and isinstance(chunk, str):  # the error jupyter_server wrote
            chunk = json.dumps({**json.loads(chunk), **self._error_fields})
        return super().finish(chunk)
