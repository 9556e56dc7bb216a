"""The base of every vre-lab API handler: authenticated, authorized, JSON in and out."""

import json
from http.client import responses

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado.web import HTTPError

from .errors import BadRequest, VRELabError
from .secrets import redact

AUTH_RESOURCE = "vre_lab"
API_PREFIX = "vre-lab/api"


class VRELabHandler(ExtensionHandlerMixin, APIHandler):
    """Subclasses decorate every method with `@web.authenticated` and `@authorized`;
    a test enumerates the routes and checks that each refuses an anonymous request."""

    auth_resource = AUTH_RESOURCE

    @property
    def vre(self):
        """The VRELab extension app (config, job store, runners)."""
        return self.extensionapp

    def write_json(self, data, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(data))

    def json_body(self) -> dict:
        try:
            body = json.loads(self.request.body or b"{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise BadRequest("The request body is not valid JSON") from e
        except RecursionError as e:
            raise BadRequest("The request body is nested too deeply") from e
        if not isinstance(body, dict):
            raise BadRequest("The request body must be a JSON object")
        return body

    def int_argument(self, name: str, default: int, low: int, high: int) -> int:
        text = self.get_query_argument(name, str(default))
        try:
            value = int(text)
        except ValueError as e:
            raise BadRequest(f"{name} must be an integer") from e
        if not low <= value <= high:
            raise BadRequest(f"{name} must be between {low} and {high}")
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
        self.set_header("Location", self.base_url.rstrip("/") + f"/{API_PREFIX}/jobs/{job.id}")
        self.write_json(job.to_json(), status=202)

    def no_content(self) -> None:
        self.set_status(204)
        self.finish()

    def write_error(self, status_code: int, **kwargs) -> None:
        """Answer every error as `{"message", "reason"}`; never a traceback or internals."""
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, VRELabError):
            reply = {"message": redact(error.message), "reason": error.code}
            if error.errors:
                reply["errors"] = [
                    {"field": e["field"], "message": redact(e["message"])} for e in error.errors
                ]
        elif isinstance(error, HTTPError):
            message = error.log_message % error.args if error.args else error.log_message
            reply = {
                "message": redact(message or responses.get(status_code, "Error")),
                "reason": None,
            }
        else:
            reply = {"message": "Internal server error; the server log has details", "reason": None}
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(reply))
