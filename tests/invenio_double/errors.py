"""InvenioRDM's error answers: ``{"status": N, "message": "..."}`` plus ``errors`` on 400s.

The messages are InvenioRDM's own (invenio-records-resources ``resources/errors.py``,
invenio-drafts-resources, invenio-files-rest), so a client that shows them shows what the real
repository would say.
"""

from __future__ import annotations


class ApiError(Exception):
    """An error answer. ``violation``: also a request a careful client never sends."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: list[dict] | None = None,
        violation: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.violation = violation

    def body(self) -> dict:
        body = {"status": self.status, "message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def validation_error(errors: list[dict]) -> ApiError:
    return ApiError(400, "A validation error occurred.", errors)


def field_error(field: str, message: str) -> ApiError:
    return validation_error([{"field": field, "messages": [message]}])


PERMISSION_DENIED = "Permission denied."
NO_SUCH_PID = "The persistent identifier does not exist."
UNREGISTERED_PID = "The persistent identifier is not registered."
NOT_FOUND = "Not found."
BUCKET_LOCKED = "Bucket is locked for modifications."
SIZE_LIMIT = "File size limit exceeded."
TRANSFER_FAILED = "The file upload transfer failed, please try again."
TOO_MANY_FILES = "Uploading selected files will result in exceeding the max amount per record."
BAD_QUERY = "Invalid querystring parameters."
BAD_JSON = "Unable to decode JSON data in request body."
INTERNAL = "Internal server error."


def permission_denied() -> ApiError:
    return ApiError(403, PERMISSION_DENIED)
