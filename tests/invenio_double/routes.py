"""The routes of InvenioRDM's REST API the double serves, each with an operation name.

Operation names are what faults and the request log use (``double.count("create_draft")``).
A path InvenioRDM knows with a method it does not take answers 405; an unknown path 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .errors import ApiError

ID = r"(?P<id>[^/]+)"
KEY = r"(?P<key>.+)"
TYPE = r"(?P<type>[^/]+)"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern
    operation: str
    body: str = "none"  # "none", "json" or "stream"


def _route(method: str, path: str, operation: str, body: str = "none") -> Route:
    return Route(method, re.compile(f"^/api{path}/?$"), operation, body)


ROUTES = (
    _route("POST", "/records", "create_draft", "json"),
    _route("GET", "/records", "search_records"),
    _route("GET", f"/records/{ID}/draft", "get_draft"),
    _route("PUT", f"/records/{ID}/draft", "update_draft", "json"),
    _route("POST", f"/records/{ID}/draft", "edit_record"),
    _route("DELETE", f"/records/{ID}/draft", "discard_draft"),
    _route("POST", f"/records/{ID}/draft/actions/publish", "publish"),
    _route("POST", f"/records/{ID}/draft/actions/files-import", "import_files"),
    _route("POST", f"/records/{ID}/draft/pids/doi", "reserve_doi"),
    _route("DELETE", f"/records/{ID}/draft/pids/doi", "discard_doi"),
    _route("GET", f"/records/{ID}/draft/files", "list_draft_files"),
    _route("POST", f"/records/{ID}/draft/files", "init_files", "json"),
    _route("PUT", f"/records/{ID}/draft/files/{KEY}/content", "upload_content", "stream"),
    _route("GET", f"/records/{ID}/draft/files/{KEY}/content", "get_draft_file_content"),
    _route("POST", f"/records/{ID}/draft/files/{KEY}/commit", "commit_file"),
    _route("GET", f"/records/{ID}/draft/files/{KEY}", "get_draft_file"),
    _route("DELETE", f"/records/{ID}/draft/files/{KEY}", "delete_draft_file"),
    _route("GET", f"/records/{ID}", "get_record"),
    _route("GET", f"/records/{ID}/files", "list_record_files"),
    _route("GET", f"/records/{ID}/files/{KEY}/content", "get_record_file_content"),
    _route("GET", f"/records/{ID}/files/{KEY}", "get_record_file"),
    _route("POST", f"/records/{ID}/versions", "new_version"),
    _route("GET", f"/records/{ID}/versions", "list_versions"),
    _route("GET", f"/records/{ID}/versions/latest", "latest_version"),
    _route("GET", f"/records/{ID}/communities", "record_communities"),
    _route("POST", f"/records/{ID}/communities", "add_communities", "json"),
    _route("GET", "/user/records", "user_records"),
    _route("GET", f"/users/{ID}", "get_user"),
    _route("GET", "/communities", "search_communities"),
    _route("GET", f"/communities/{ID}", "get_community"),
    _route("GET", f"/communities/{ID}/records", "community_records"),
    _route("GET", f"/vocabularies/{TYPE}", "search_vocabulary"),
    _route("GET", f"/vocabularies/{TYPE}/{ID}", "get_vocabulary_entry"),
)
OPERATIONS = frozenset(route.operation for route in ROUTES)

NOT_FOUND_URL = (
    "The requested URL was not found on the server. If you entered the URL manually please"
    " check your spelling and try again."
)
NOT_ALLOWED = "The method is not allowed for the requested URL."


def match(method: str, path: str) -> tuple[Route, dict[str, str]]:
    """The route of a request and its path parameters (decoded); ApiError 404/405."""
    allowed = False
    for route in ROUTES:
        found = route.pattern.match(path)
        if found is None:
            continue
        # A file key may hold slashes, so a path can match several routes (as with
        # Werkzeug's path converter): the first one for the method wins.
        if route.method == method or (method == "HEAD" and route.method == "GET"):
            return route, {k: unquote(v) for k, v in found.groupdict().items()}
        allowed = True
    if allowed:
        raise ApiError(405, NOT_ALLOWED)
    raise ApiError(404, NOT_FOUND_URL)
