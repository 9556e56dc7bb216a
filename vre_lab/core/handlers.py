"""The base of every vre-lab API handler: authenticated, authorized, JSON in and out."""

import json
from http.client import responses

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado.web import HTTPError

from .errors import BadRequest, VRELabError
from .secrets import redact

AUTH_RESOURCE = "vre_lab"


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
        if not isinstance(body, dict):
            raise BadRequest("The request body must be a JSON object")
        return body

    def write_error(self, status_code: int, **kwargs) -> None:
        """Answer every error as `{"message", "reason"}`; never a traceback or internals."""
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, VRELabError):
            reply = {"message": redact(error.message), "reason": error.code}
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
