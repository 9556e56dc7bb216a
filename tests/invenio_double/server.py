"""The double itself: a tornado app on its own event loop in a background thread."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..doubles.threaded_server import MAX_UPLOAD, ThreadedDouble
from .api import Api, Call
from .dumps import Dumper
from .faults import Faults
from .handlers import ApiHandler, BadgeHandler, ControlHandler
from .store import Community, Quotas, Store

DEFAULT_TOKEN = "vre-lab-invenio-double-token"
DEFAULT_USER = {
    "id": "1",
    "username": "jdoe",
    "full_name": "Jane Doe",
    "email": "jane.doe@example.org",
}
DEFAULT_COMMUNITIES = (
    {
        "slug": "escape-ossr",
        "title": "ESCAPE OSSR",
        "description": "The ESCAPE Open-source Scientific Software and Service Repository.",
    },
    {"slug": "zenodo", "title": "Zenodo", "description": "Zenodo's own community."},
    {"slug": "cern", "title": "CERN", "description": "Records of CERN's experiments."},
)
GB = 10**9
# Per flavour: DOI prefix, largest file and record (Zenodo: 50 GB; InvenioRDM: 10 GB).
FLAVOURS = {"zenodo": ("10.5281", 50 * GB), "invenio": ("10.1234", 10 * GB)}

ACCESS_LOG = logging.getLogger("tests.invenio_double.access")


class LoggedRequest(NamedTuple):
    method: str
    path: str
    operation: str
    status: int  # 0: no answer (connection closed by a fault)
    user: str | None


class InvenioDouble(ThreadedDouble):
    """A strict test double of InvenioRDM's (and Zenodo's) REST API (see README.md).

    ``InvenioDouble(tokens={token: user}, state_dir=None, flavour="zenodo"|"invenio", ...)``;
    ``start()`` serves it on ``url``; ``stop()`` takes it down (state kept, same port on the next
    ``start()``); ``close()`` ends it. Also a context manager.
    """

    name = "invenio-double"
    access_log = ACCESS_LOG
    server_settings = {
        "max_body_size": MAX_UPLOAD,
        "chunk_size": 1 << 20,
        "idle_connection_timeout": 60,
    }

    def __init__(
        self,
        *,
        tokens: dict[str, dict] | None = None,
        state_dir: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        flavour: str = "zenodo",
        communities: list[dict] | tuple[dict, ...] = DEFAULT_COMMUNITIES,
        max_file_size: int | None = None,
        max_record_bytes: int | None = None,
        max_files: int = 100,
        doi_prefix: str | None = None,
    ):
        if flavour not in FLAVOURS:
            raise ValueError(f"flavour must be one of {sorted(FLAVOURS)}")
        self.tokens = dict(tokens if tokens is not None else {DEFAULT_TOKEN: DEFAULT_USER})
        self.users = {user["id"]: user for user in self.tokens.values()}
        self.flavour = flavour
        super().__init__(state_dir=state_dir, host=host, port=port)
        prefix, limit = FLAVOURS[flavour]
        quotas = Quotas(max_file_size or limit, max_record_bytes or limit, max_files)
        self.store = Store(
            self.state_dir / "files",
            flavour=flavour,
            doi_prefix=doi_prefix or prefix,
            quotas=quotas,
        )
        for seed in communities:
            community_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"invenio-double:{seed['slug']}"))
            self.store.communities[community_id] = Community(
                community_id, seed["slug"], seed["title"], seed.get("description", "")
            )
        self.faults = Faults()
        self.dumper = Dumper(self.store, self.url)
        self.api = Api(self.store, self.dumper, self.users)
        self._requests: list[LoggedRequest] = []

    # -- what tests look at -------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The first token (the default one unless ``tokens`` were given)."""
        return next(iter(self.tokens))

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._requests)

    def count(self, operation: str | None = None, *, method=None, status=None) -> int:
        """How many requests reached ``operation`` (and ``method``/``status``, if given)."""
        return sum(
            1
            for r in self.requests
            if (operation is None or r.operation == operation)
            and (method is None or r.method == method)
            and (status is None or r.status == status)
        )

    def counts(self) -> Counter:
        """Requests per operation."""
        return Counter(r.operation for r in self.requests)

    @property
    def drafts(self) -> dict[str, dict]:
        """Every draft, as its owner reads it: ``{id: draft JSON}``."""
        with self.store.lock:
            return {
                r.id: self.dumper.record(r, r.draft)
                for r in self.store.records.values()
                if r.draft is not None
            }

    @property
    def records(self) -> dict[str, dict]:
        """Every published record (every version): ``{id: record JSON}``."""
        with self.store.lock:
            return {
                r.id: self.dumper.record(r, r.published)
                for r in self.store.records.values()
                if r.published is not None
            }

    def file_bytes(self, record_id: str, key: str, *, draft: bool = False) -> bytes:
        """The content of a file as stored (small files only: it is read into memory)."""
        with self.store.lock:
            record = self.store.record(record_id)
            revision = record.draft if draft else record.published
            return revision.files[key].content.read_bytes()

    def accept_inclusion_requests(self) -> list[str]:
        """Accept every open community inclusion request (as curators would); their ids."""
        with self.store.lock:
            accepted = []
            for request in self.store.requests.values():
                if request.status == "submitted":
                    self.store.accept_request(request)
                    accepted.append(request.id)
            return accepted

    @property
    def inclusion_requests(self) -> list[dict]:
        with self.store.lock:
            return [
                {"id": r.id, "record": r.record_id, "community": r.community_id, "status": r.status}
                for r in self.store.requests.values()
            ]

    def user_for(self, token: str) -> dict | None:
        return self.tokens.get(token)

    def log_request(self, method: str, path: str, call: Call, status: int) -> None:
        entry = LoggedRequest(method, path, call.operation, status, call.uid)
        with self._lock:
            self._requests.append(entry)

    # -- serving ------------------------------------------------------------------------------

    def handlers(self) -> list[tuple]:
        return [
            (r"/_double/([a-z-]+)", ControlHandler, {"double": self}),
            (r"/badge/DOI/(.+)\.svg", BadgeHandler),
            (r"/.*", ApiHandler, {"double": self}),
        ]

    def _listening(self) -> None:
        self.dumper.base = self.url
        self.dumper.api = f"{self.url}/api"
