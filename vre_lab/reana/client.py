"""The one place that talks to a REANA server: its REST API over requests.

reana-client cannot share an environment with JupyterLab 4 (facts/reana.md), so vre-lab speaks the
API itself. Every call has a timeout, sends the token as REANA's `access_token` query parameter (and
registers it as a secret, so no log line shows it), and turns REANA's answers into errors a user
can act on. Answers are checked against the parts of REANA's API that vre-lab relies on: a server
that breaks the API gets a clear 502, never a half-understood result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO

import requests

from ..core.errors import BackendError, BadRequest, Conflict, Forbidden, NotFound, VRELabError
from ..core.http import EndpointSessions, backend_errors
from ..core.secrets import redact, register_secret
from ..core.streams import response_chunks
from ..core.urls import segment, segments
from . import answers
from .servers import ReanaServer

_UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

SERVICE = "REANA"


def _message(response: requests.Response) -> str:
    try:
        data = response.json()
        text = data.get("message") if isinstance(data, dict) else None
    except ValueError:
        text = None
    text = str(text or response.reason or "").strip()
    return redact(text[:300])


def error_for(response: requests.Response) -> VRELabError:
    """What a REANA error status means for the user."""
    status, text = response.status_code, _message(response)
    if status == 401 or (status == 403 and "token" in text.lower()):
        return Forbidden(
            f"REANA refused the access token: {text or 'not valid'}", code="credentials_rejected"
        )
    if status == 403:
        return Forbidden(f"REANA: {text or 'not allowed'}")
    if status == 404:
        return NotFound(f"REANA: {text or 'not found'}")
    if status == 409:
        return Conflict(f"REANA: {text or 'conflict'}")
    if status == 400:
        return BadRequest(f"REANA: {text or 'bad request'}", code="backend_refused")
    return BackendError(
        f"REANA failed ({status}): {text}" if text else f"REANA failed ({status})",
        code=f"backend_{status}",
    )


class ReanaClient:
    """Calls to one REANA server with one token; cheap to create, sessions are per thread."""

    def __init__(self, server: ReanaServer, token: str, session: requests.Session):
        register_secret(token)
        self.server = server
        self._token = token
        self._session = session

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        expect: tuple[int, ...] = (200,),
        schema: dict | None = None,
        **kwargs,
    ) -> requests.Response:
        query = {**(params or {}), "access_token": self._token}
        with backend_errors(SERVICE):
            response = self._session.request(method, self.server.url + path, params=query, **kwargs)
        if response.status_code not in expect:
            with response:
                raise error_for(response)
        if schema is not None:
            answers.check(_json(response), schema, what=f"{method} {path.split('?')[0]}")
        return response

    def _json(self, method: str, path: str, schema: dict, **kwargs):
        return _json(self._call(method, path, schema=schema, **kwargs))

    def you(self) -> dict:
        return self._json("GET", "/api/you", answers.YOU)

    def list_workflows(
        self, *, status: list[str], search: str, sort: str, page: int, size: int
    ) -> dict:
        params = {
            "type": "batch",
            "page": page,
            "size": size,
            "sort": sort,
            "include_progress": "true",
            "include_workspace_size": "true",
        }
        if status:
            params["status"] = status
        if search:
            params["search"] = _name_search(search)
        return self._json("GET", "/api/workflows", answers.WORKFLOW_LIST, params=params)

    def find_workflow(self, workflow: str) -> dict:
        """The list entry (with progress and size) of one workflow, named by its UUID or as
        REANA names it elsewhere (`name.run_number`, or `name` for the latest run): the list
        filter matches UUIDs and names only, the status call resolves every form."""
        if not _UUID.match(workflow):
            workflow = self.status(workflow)["id"]
        params = {
            "type": "batch",
            "workflow_id_or_name": workflow,
            "include_progress": "true",
            "include_workspace_size": "true",
        }
        found = self._json("GET", "/api/workflows", answers.WORKFLOW_LIST, params=params)
        if not found["items"]:
            raise NotFound(f"REANA has no workflow {workflow!r}")
        return found["items"][0]

    def create(self, name: str, specification: dict) -> dict:
        return self._json(
            "POST",
            "/api/workflows",
            answers.CREATED,
            params={"workflow_name": name},
            json=specification,
            expect=(201,),
        )

    def upload(self, workflow: str, name: str, body: IO[bytes]) -> None:
        self._call(
            "POST",
            f"/api/workflows/{segment(workflow)}/workspace",
            params={"file_name": name},
            data=body,
            headers={"Content-Type": "application/octet-stream"},
        ).close()

    def start(self, workflow: str, parameters: dict) -> dict:
        body = {"input_parameters": parameters, "operational_options": {}}
        return self._json(
            "POST", f"/api/workflows/{segment(workflow)}/start", answers.STATUS_CHANGE, json=body
        )

    def status(self, workflow: str) -> dict:
        return self._json("GET", f"/api/workflows/{segment(workflow)}/status", answers.STATUS)

    def specification(self, workflow: str) -> dict:
        return self._json(
            "GET", f"/api/workflows/{segment(workflow)}/specification", answers.SPECIFICATION
        )

    def logs(self, workflow: str) -> dict:
        return self._json("GET", f"/api/workflows/{segment(workflow)}/logs", answers.LOGS)

    def workspace(self, workflow: str, *, search: str = "", page: int = 1, size: int = 50) -> dict:
        params: dict = {"page": page, "size": size}
        if search:
            params["search"] = _name_search(search)
        return self._json(
            "GET", f"/api/workflows/{segment(workflow)}/workspace", answers.WORKSPACE, params=params
        )

    def download(self, workflow: str, name: str) -> requests.Response:
        """A streamed answer; the caller reads it in chunks and closes it."""
        return self._call(
            "GET", f"/api/workflows/{segment(workflow)}/workspace/{segments(name)}", stream=True
        )

    def set_status(self, workflow: str, status: str, body: dict | None = None) -> dict:
        return self._json(
            "PUT",
            f"/api/workflows/{segment(workflow)}/status",
            answers.STATUS_CHANGE,
            params={"status": status},
            json=body or {},
        )

    def secrets(self) -> list:
        return self._json("GET", "/api/secrets", answers.SECRETS)

    def add_secret(self, name: str, value_b64: str, kind: str, overwrite: bool) -> None:
        body = {name: {"name": name, "value": value_b64, "type": kind}}
        params = {"overwrite": "true" if overwrite else "false"}
        self._call("POST", "/api/secrets/", params=params, json=body, expect=(201,)).close()

    def delete_secret(self, name: str) -> None:
        self._call("DELETE", "/api/secrets/", json=[name]).close()


def _name_search(text: str) -> str:
    """REANA filters lists by a JSON object of field -> substrings."""
    return json.dumps({"name": [text]})


def _json(response: requests.Response):
    with response:
        try:
            return response.json()
        except ValueError as e:
            raise BackendError("REANA answered something that is not JSON") from e


def stream_chunks(response: requests.Response) -> Iterator[bytes]:
    return response_chunks(response, SERVICE)


class ClientFactory(EndpointSessions):
    def client(self, server: ReanaServer, token: str) -> ReanaClient:
        return ReanaClient(server, token, self.session(server))
