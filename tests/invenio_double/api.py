"""The answers: one method per operation of :mod:`routes`, over the :class:`~.store.Store`.

Permissions are InvenioRDM's: drafts, draft files and the user's records belong to their owner;
anyone reads published records, their public files, communities and vocabularies. A request
without a valid token is anonymous, and anonymous is refused with 403 ``Permission denied.``
(InvenioRDM ignores a token it does not know, then refuses the anonymous user).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import search
from .dumps import Dumper
from .errors import ApiError, field_error, permission_denied, validation_error
from .store import FileEntry, Record, Store
from .validation import REQUIRED
from .vocabularies import FILES as VOCABULARY_FILES
from .vocabularies import vocabulary

MAX_COMMUNITIES = 10


@dataclass
class Call:
    operation: str
    params: dict[str, str] = field(default_factory=dict)
    args: dict[str, str] = field(default_factory=dict)
    user: dict | None = None
    body: Any = None

    @property
    def uid(self) -> str | None:
        return self.user["id"] if self.user else None

    @property
    def id(self) -> str:
        return self.params["id"]

    @property
    def key(self) -> str:
        return self.params["key"]


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FileReply:
    entry: FileEntry


class Api:
    def __init__(self, store: Store, dumper: Dumper, users: dict[str, dict]):
        self.store = store
        self.dump = dumper
        self.users = users  # by user id

    def __call__(self, call: Call) -> Reply | FileReply:
        with self.store.lock:
            return getattr(self, call.operation)(call)

    # -- drafts ---------------------------------------------------------------------------------

    def create_draft(self, call: Call) -> Reply:
        user = self._signed_in(call)
        record, errors = self.store.create_draft(user, self._object_body(call))
        return Reply(201, self.dump.record(record, record.draft, errors=errors))

    def get_draft(self, call: Call) -> Reply:
        record, draft = self.store.draft(call.id, call.uid)
        return Reply(200, self.dump.record(record, draft))

    def update_draft(self, call: Call) -> Reply:
        user = self._signed_in(call)
        record, errors = self.store.update_draft(call.id, user, self._object_body(call))
        return Reply(200, self.dump.record(record, record.draft, errors=errors))

    def edit_record(self, call: Call) -> Reply:
        record = self.store.edit(call.id, self._signed_in(call))
        return Reply(201, self.dump.record(record, record.draft))

    def discard_draft(self, call: Call) -> Reply:
        self.store.discard(call.id, self._signed_in(call))
        return Reply(204)

    def publish(self, call: Call) -> Reply:
        record = self.store.publish(call.id, self._signed_in(call))
        return Reply(202, self.dump.record(record, record.published))

    def reserve_doi(self, call: Call) -> Reply:
        record = self.store.reserve_doi(call.id, self._signed_in(call))
        return Reply(201, self.dump.record(record, record.draft))

    def discard_doi(self, call: Call) -> Reply:
        self.store.discard_doi(call.id, self._signed_in(call))
        return Reply(204)

    # -- draft files ----------------------------------------------------------------------------

    def list_draft_files(self, call: Call) -> Reply:
        record, draft = self.store.draft(call.id, call.uid)
        return Reply(200, self.dump.files(record, draft, draft=True))

    def init_files(self, call: Call) -> Reply:
        user = self._signed_in(call)
        keys = self._file_keys(call.body)
        record, draft = self.store.init_files(call.id, user, keys)
        return Reply(201, self.dump.files(record, draft, draft=True))

    def commit_file(self, call: Call) -> Reply:
        record, entry = self.store.commit_file(call.id, self._signed_in(call), call.key)
        return Reply(200, self.dump.file(record.id, entry, draft=True))

    def get_draft_file(self, call: Call) -> Reply:
        record, draft = self.store.draft(call.id, call.uid)
        entry = self.store.file(draft, call.key, record.id)
        return Reply(200, self.dump.file(record.id, entry, draft=True))

    def get_draft_file_content(self, call: Call) -> FileReply:
        record, draft = self.store.draft(call.id, call.uid)
        return self._content(self.store.file(draft, call.key, record.id))

    def delete_draft_file(self, call: Call) -> Reply:
        self.store.delete_file(call.id, self._signed_in(call), call.key)
        return Reply(204)

    def import_files(self, call: Call) -> Reply:
        record, draft = self.store.import_files(call.id, self._signed_in(call))
        return Reply(201, self.dump.files(record, draft, draft=True))

    # -- published records ----------------------------------------------------------------------

    def get_record(self, call: Call) -> Reply:
        record, published = self.store.published(call.id, call.uid)
        return Reply(200, self.dump.record(record, published))

    def list_record_files(self, call: Call) -> Reply:
        record, published = self._readable_files(call)
        return Reply(200, self.dump.files(record, published, draft=False))

    def get_record_file(self, call: Call) -> Reply:
        record, published = self._readable_files(call)
        entry = self.store.file(published, call.key, record.id)
        return Reply(200, self.dump.file(record.id, entry, draft=False))

    def get_record_file_content(self, call: Call) -> FileReply:
        record, published = self._readable_files(call)
        return self._content(self.store.file(published, call.key, record.id))

    def _readable_files(self, call: Call):
        record, published = self.store.published(call.id, call.uid)
        if not self.store.files_readable(record, published, call.uid):
            raise permission_denied()
        return record, published

    def _content(self, entry: FileEntry) -> FileReply:
        if entry.content is None:
            raise ApiError(404, f"File {entry.key} has no content yet.")
        return FileReply(entry)

    # -- versions -------------------------------------------------------------------------------

    def new_version(self, call: Call) -> Reply:
        record = self.store.new_version(call.id, self._signed_in(call))
        return Reply(201, self.dump.record(record, record.draft))

    def list_versions(self, call: Call) -> Reply:
        params = search.parse(call.args, default_sort="version")
        record = self.store.record(call.id)
        parent = self.store.parents[record.parent_id]
        docs = [self._public_doc(self.store.records[i], call.uid) for i in parent.versions]
        return self._hits([d for d in docs if d], params, f"/api/records/{call.id}/versions")

    def latest_version(self, call: Call) -> Reply:
        record = self.store.record(call.id)
        latest = self.store.latest_published(self.store.parents[record.parent_id])
        if latest is None:
            raise ApiError(404, "The persistent identifier is not registered.")
        location = f"{self.dump.api}/records/{latest.id}"
        return Reply(302, {"status": 302, "message": "Found."}, {"Location": location})

    # -- searches -------------------------------------------------------------------------------

    def search_records(self, call: Call) -> Reply:
        params = search.parse(call.args)
        all_versions = call.args.get("allversions", "").lower() in ("1", "true")
        docs = []
        for parent in self.store.parents.values():
            versions = [self.store.records[i] for i in parent.versions]
            if not all_versions:
                latest = self.store.latest_published(parent)
                versions = [latest] if latest else []
            docs += [d for d in (self._public_doc(r, call.uid) for r in versions) if d]
        return self._hits(docs, params, "/api/records")

    def user_records(self, call: Call) -> Reply:
        user = self._signed_in(call)
        params = search.parse(call.args, default_sort="updated-desc")
        all_versions = call.args.get("allversions", "").lower() in ("1", "true")
        docs = []
        for parent in self.store.parents.values():
            if parent.owner != user:
                continue
            versions = [self.store.records[i] for i in parent.versions]
            for record in versions if all_versions else versions[-1:]:
                revision = record.draft or record.published
                docs.append(self.dump.record(record, revision))
        return self._hits(docs, params, "/api/user/records")

    def _public_doc(self, record: Record, uid: str | None) -> dict | None:
        if record.published is None:
            return None
        if record.published.access["record"] == "restricted" and uid != self.store.owner_of(record):
            return None
        return self.dump.record(record, record.published)

    def _hits(self, docs: list[dict], params: search.Params, path: str) -> Reply:
        page, total = search.run(docs, params)
        return Reply(200, self.dump.hits(page, total, path, params.as_query(), params.sort))

    # -- communities ----------------------------------------------------------------------------

    def search_communities(self, call: Call) -> Reply:
        params = search.parse(call.args)
        docs = [self.dump.community(c) for c in self.store.communities.values()]
        return self._hits(docs, params, "/api/communities")

    def get_community(self, call: Call) -> Reply:
        return Reply(200, self.dump.community(self.store.community(call.id)))

    def community_records(self, call: Call) -> Reply:
        community = self.store.community(call.id)
        params = search.parse(call.args)
        docs = []
        for parent in self.store.parents.values():
            latest = self.store.latest_published(parent)
            if latest and community.id in parent.communities:
                doc = self._public_doc(latest, call.uid)
                docs += [doc] if doc else []
        return self._hits(docs, params, f"/api/communities/{call.id}/records")

    def record_communities(self, call: Call) -> Reply:
        record, _published = self.store.published(call.id, call.uid)
        parent = self.store.parents[record.parent_id]
        params = search.parse(call.args)
        docs = [self.dump.community(self.store.communities[c]) for c in parent.communities]
        return self._hits(docs, params, f"/api/records/{call.id}/communities")

    def add_communities(self, call: Call) -> Reply:
        user = self._signed_in(call)
        wanted = self._community_ids(call.body)
        processed, errors = self.store.add_communities(call.id, user, wanted)
        title = self.store.records[call.id].published.metadata.get("title", "")
        body: dict = {}
        if processed:
            body["processed"] = [
                {"community_id": cid, "request_id": r.id, "request": self.dump.request(r, title)}
                for cid, r in processed
            ]
        if errors:
            body["errors"] = errors
        return Reply(200 if processed else 400, body)

    # -- users and vocabularies -----------------------------------------------------------------

    def get_user(self, call: Call) -> Reply:
        user = self.users.get(call.id)
        if user is None:
            raise permission_denied()  # InvenioRDM: "does not exist or is not public"
        return Reply(200, self.dump.user(user, itself=call.uid == user["id"]))

    def search_vocabulary(self, call: Call) -> Reply:
        name = call.params["type"]
        if name not in VOCABULARY_FILES:
            raise ApiError(404, f"Vocabulary type {name} not found.")
        params = search.parse(call.args, default_sort="newest")
        words = params.q.lower().split()
        entries = [
            self.dump.vocabulary_entry(name, id_, title)
            for id_, title in vocabulary(name).items()
            if all(w in f"{id_} {title}".lower() for w in words)
        ]
        start = (params.page - 1) * params.size
        page = entries[start : start + params.size]
        path = f"/api/vocabularies/{name}"
        return Reply(200, self.dump.hits(page, len(entries), path, params.as_query(), params.sort))

    def get_vocabulary_entry(self, call: Call) -> Reply:
        name, id_ = call.params["type"], call.id
        if name not in VOCABULARY_FILES or id_ not in vocabulary(name):
            raise ApiError(404, "The persistent identifier does not exist.")
        return Reply(200, self.dump.vocabulary_entry(name, id_, vocabulary(name)[id_]))

    # -- request bodies -------------------------------------------------------------------------

    def _signed_in(self, call: Call) -> str:
        if call.uid is None:
            raise permission_denied()
        return call.uid

    def _object_body(self, call: Call) -> dict:
        if call.body is None:
            return {}
        if not isinstance(call.body, dict):
            raise field_error("_schema", "Invalid input type.")
        return call.body

    def _file_keys(self, body: Any) -> list[str]:
        if not isinstance(body, list):
            raise field_error("_schema", "Invalid input type.")
        errors, keys = [], []
        for i, item in enumerate(body):
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str) or not key:
                errors.append(
                    {"field": f"{i}.key", "messages": ["Missing data for required field."]}
                )
            keys.append(key)
        if errors:
            raise validation_error(errors)
        return keys

    def _community_ids(self, body: Any) -> list[str]:
        if not isinstance(body, dict) or "communities" not in body:
            raise field_error("communities", REQUIRED)
        items = body["communities"]
        if not isinstance(items, list):
            raise field_error("communities", "Not a valid list.")
        if not items:
            raise field_error("communities", "Shorter than minimum length 1.")
        if len(items) > MAX_COMMUNITIES:
            message = f"Too many communities passed, {MAX_COMMUNITIES} max allowed."
            raise field_error("communities", message)
        ids = [item.get("id") if isinstance(item, dict) else None for item in items]
        if not all(isinstance(i, str) and i for i in ids):
            raise field_error("communities", REQUIRED)
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise field_error("communities", f"Duplicated communities {duplicated}.")
        return ids
