"""Errors a handler may raise; each carries the HTTP status and a message safe to show a user.

They subclass tornado's HTTPError so tornado logs them as client or backend faults, not crashes.
"""

from tornado.web import HTTPError


class VRELabError(HTTPError):
    status = 500
    code: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        errors: list[dict] | None = None,
    ):
        # tornado doubles each % of a log_message without args, as its logger formats it
        super().__init__(status or self.status, log_message=message)
        self.message = message
        self.code = code or self.code
        self.errors = errors  # per-field problems ({field, message}), when there are some

    def __str__(self) -> str:
        return f"HTTP {self.status_code}: {self.message}"


class BadRequest(VRELabError):
    status = 400
    code = "bad_request"


class Forbidden(VRELabError):
    status = 403
    code = "forbidden"


class NotFound(VRELabError):
    status = 404
    code = "not_found"


class Unprocessable(VRELabError):
    """A well-formed body (the OpenAPI document allows it) that describes something the service
    would refuse, e.g. a deposit with an unknown resource type."""

    status = 422
    code = "unprocessable"


class PayloadTooLarge(VRELabError):
    status = 413
    code = "too_large"


class Conflict(VRELabError):
    status = 409
    code = "conflict"


class BackendError(VRELabError):
    """The service behind the proxy failed or answered something unusable."""

    status = 502
    code = "backend_error"


class BackendTimeout(VRELabError):
    status = 504
    code = "backend_timeout"
