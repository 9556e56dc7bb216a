"""The one place that talks to an InvenioRDM repository (Zenodo included): its records API.

Every call has a timeout and a User-Agent (Zenodo has been seen to refuse requests without one),
sends the token as a bearer token (registered as a secret, so no log line shows it), and turns the
repository's answers into errors a user can act on: its per-field validation errors travel on as
`errors`. POST and PUT are never retried: a retried create would make a second draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import requests

from ..core import answers
from ..core.errors import BackendError, BadRequest, Conflict, Forbidden, NotFound, VRELabError
from ..core.http import EndpointSessions, backend_errors
from ..core.secrets import redact, register_secret
from ..core.streams import response_chunks
from ..core.urls import segment
from .repositories import Repository

SERVICE = "The repository"

_obj = answers.obj
_STR = {"type": "string"}
_ID = {"type": ["string", "integer"]}
RECORD = _obj(["id"], id=_ID, metadata={"type": "object"}, links={"type": "object"})
HITS = _obj(
    ["hits"],
    hits=_obj(["hits"], hits={"type": "array", "items": {"type": "object"}}, total={}),
)
FILES = _obj(["entries"], entries={"type": "array", "items": _obj(["key"], key=_STR)})


def _body(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _field_errors(data: dict) -> list[dict]:
    found = []
    for entry in data.get("errors") or []:
        if not isinstance(entry, dict):
            continue
        messages = entry.get("messages") or [entry.get("message") or "invalid"]
        text = "; ".join(str(m) for m in messages if m) if isinstance(messages, list) else messages
        found.append({"field": str(entry.get("field") or ""), "message": redact(str(text)[:300])})
    return found


def error_for(response: requests.Response) -> VRELabError:
    """What a repository's error status means for the user."""
    status, data = response.status_code, _body(response)
    text = redact(str(data.get("message") or response.reason or "").strip()[:300])
    if status == 401:
        return Forbidden(
            f"The repository refused the access token: {text or 'not valid'}",
            code="credentials_rejected",
        )
    if status == 403:
        # InvenioRDM ignores a token it does not know: the request is anonymous, hence a 403
        return Forbidden(
            f"The repository does not allow this ({text or 'forbidden'}): check that the token "
            "is valid and may write deposits",
            code="forbidden",
        )
    if status == 404:
        return NotFound(f"The repository has no such record or file ({text or 'not found'})")
    if status == 409:
        return Conflict(f"The repository: {text or 'conflict'}")
    if status == 413:
        return VRELabError(
            f"The repository refused the file as too large: {text or 'too large'}",
            status=413,
            code="too_large",
        )
    if status in (400, 422):
        errors = _field_errors(data)
        return BadRequest(
            f"The repository refused it: {text or 'bad request'}",
            code="repository_refused",
            errors=errors or None,
        )
    detail = f": {text}" if text else ""
    return BackendError(f"The repository failed ({status}){detail}", code=f"backend_{status}")


class InvenioClient:
    """Calls to one repository, with or without a token (public search needs none)."""

    def __init__(self, repository: Repository, token: str | None, session: requests.Session):
        register_secret(token)
        self.repository = repository
        self._token = token
        self._session = session

    def _call(
        self, method: str, path: str, *, expect: tuple[int, ...] = (200,), **kwargs
    ) -> requests.Response:
        headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        with backend_errors(SERVICE):
            response = self._session.request(
                method, self.repository.url + path, headers=headers, **kwargs
            )
        if response.status_code not in expect:
            with response:
                raise error_for(response)
        return response

    def _json(self, method: str, path: str, schema: dict, **kwargs) -> dict:
        response = self._call(method, path, **kwargs)
        with response:
            try:
                data = response.json()
            except ValueError as e:
                raise BackendError(f"{SERVICE} answered something that is not JSON") from e
        return answers.check(data, schema, f"{method} {path}", SERVICE)

    # the user

    def user_records(self, *, q: str = "", page: int = 1, size: int = 20, sort: str = "newest"):
        params = {"q": q, "page": page, "size": size, "sort": sort}
        return self._json("GET", "/api/user/records", HITS, params=params)

    def user(self, user_id) -> dict:
        return self._json("GET", f"/api/users/{segment(user_id)}", _obj())

    # drafts

    def create_draft(self, body: dict) -> dict:
        return self._json("POST", "/api/records", RECORD, json=body, expect=(200, 201))

    def draft(self, record_id: str) -> dict:
        return self._json("GET", f"/api/records/{segment(record_id)}/draft", RECORD)

    def edit(self, record_id: str) -> dict:
        """A draft of a published record (to edit its metadata); the existing one if any."""
        return self._json(
            "POST", f"/api/records/{segment(record_id)}/draft", RECORD, expect=(200, 201)
        )

    def update_draft(self, record_id: str, body: dict) -> dict:
        return self._json("PUT", f"/api/records/{segment(record_id)}/draft", RECORD, json=body)

    def discard_draft(self, record_id: str) -> None:
        self._call("DELETE", f"/api/records/{segment(record_id)}/draft", expect=(204,)).close()

    def publish(self, record_id: str) -> dict:
        path = f"/api/records/{segment(record_id)}/draft/actions/publish"
        return self._json("POST", path, RECORD, expect=(200, 202))

    def new_version(self, record_id: str) -> dict:
        path = f"/api/records/{segment(record_id)}/versions"
        return self._json("POST", path, RECORD, expect=(200, 201))

    def import_files(self, record_id: str) -> None:
        path = f"/api/records/{segment(record_id)}/draft/actions/files-import"
        self._call("POST", path, expect=(200, 201)).close()

    # draft files

    def draft_files(self, record_id: str) -> list[dict]:
        path = f"/api/records/{segment(record_id)}/draft/files"
        return self._json("GET", path, FILES)["entries"]

    def start_files(self, record_id: str, keys: list[str]) -> None:
        body = [{"key": key} for key in keys]
        path = f"/api/records/{segment(record_id)}/draft/files"
        self._call("POST", path, json=body, expect=(200, 201)).close()

    def upload_content(self, record_id: str, key: str, body: IO[bytes]) -> None:
        path = f"/api/records/{segment(record_id)}/draft/files/{segment(key)}/content"
        headers = {"Content-Type": "application/octet-stream"}
        self._call("PUT", path, data=body, headers=headers).close()

    def commit_file(self, record_id: str, key: str) -> dict:
        path = f"/api/records/{segment(record_id)}/draft/files/{segment(key)}/commit"
        return self._json("POST", path, _obj(["key"], key=_STR), expect=(200, 201))

    def delete_draft_file(self, record_id: str, key: str) -> None:
        path = f"/api/records/{segment(record_id)}/draft/files/{segment(key)}"
        self._call("DELETE", path, expect=(204,)).close()

    # published records

    def record(self, record_id: str) -> dict:
        return self._json("GET", f"/api/records/{segment(record_id)}", RECORD)

    def record_files(self, record_id: str) -> list[dict]:
        return self._json("GET", f"/api/records/{segment(record_id)}/files", FILES)["entries"]

    def file_content(self, record_id: str, key: str, *, draft: bool = False) -> Iterator[bytes]:
        where = "draft/files" if draft else "files"
        path = f"/api/records/{segment(record_id)}/{where}/{segment(key)}/content"
        return response_chunks(self._call("GET", path, stream=True), SERVICE)

    def search(
        self,
        *,
        q: str = "",
        community: str = "",
        page: int = 1,
        size: int = 20,
        all_versions: bool = False,
    ) -> dict:
        """Published records; only the latest version of each unless `all_versions`."""
        params = {"q": q, "page": page, "size": size, "sort": "bestmatch" if q else "newest"}
        if all_versions:
            params["allversions"] = "true"
        path = f"/api/communities/{segment(community)}/records" if community else "/api/records"
        return self._json("GET", path, HITS, params=params)

    def communities(self, *, q: str = "", page: int = 1, size: int = 20) -> dict:
        params = {"q": q, "page": page, "size": size}
        return self._json("GET", "/api/communities", HITS, params=params)

    def submit_to_communities(self, record_id: str, community_ids: list[str]) -> dict:
        body = {"communities": [{"id": c} for c in community_ids]}
        path = f"/api/records/{segment(record_id)}/communities"
        return self._json("POST", path, _obj(), json=body, expect=(200, 201))


class ClientFactory(EndpointSessions):
    def client(self, repository: Repository, token: str | None) -> InvenioClient:
        return InvenioClient(repository, token, self.session(repository))
