# Long on purpose: a strict test double's one state behind one lock; the state machine of
# drafts, files, publishing, versions and communities, whose rules call each other.
"""The repository's state and its rules: drafts, files, publishing, versions, communities.

Everything lives in memory except file contents, which are files under ``state_dir/files``.
Every method runs under one lock (the double serves from its own thread while tests inspect it
from theirs). Rules and messages follow invenio-drafts-resources and invenio-records-resources:

- a draft is saved with its validation errors; publishing refuses any;
- a vocabulary id that does not exist refuses the save itself (400 ``Invalid value <id>.``);
- a file is initialised (``pending``), given content (still ``pending``), then committed
  (``completed``, with checksum and size); content sent after the commit fails the transfer and
  removes the file, as an interrupted upload does;
- publishing needs files when files are enabled, all committed;
- a published record never changes except by publishing an edit draft (its files stay locked);
  a new version is a new record in the same parent, without files until imported.
"""

from __future__ import annotations

import copy
import itertools
import mimetypes
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import validation
from .errors import (
    BUCKET_LOCKED,
    INTERNAL,
    NO_SUCH_PID,
    NOT_FOUND,
    SIZE_LIMIT,
    TOO_MANY_FILES,
    TRANSFER_FAILED,
    UNREGISTERED_PID,
    ApiError,
    field_error,
    permission_denied,
    validation_error,
)

# Crockford's base32 without i, l, o, u: the alphabet of InvenioRDM's record ids.
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
MISSING_FILES = (
    "Missing uploaded files. To disable files for this record please mark it as metadata-only."
)
PENDING_FILES = "One or more files have not completed their transfer, please wait."


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


@dataclass
class FileEntry:
    key: str
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)
    content: Path | None = None  # uploaded, not necessarily committed
    size: int = 0
    md5: str = ""
    committed: bool = False
    file_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    mimetype: str = "application/octet-stream"

    @property
    def status(self) -> str:
        return "completed" if self.committed else "pending"


@dataclass
class Revision:
    """A draft or a published record: what the API dumps."""

    metadata: dict
    access: dict
    files_enabled: bool
    files: dict[str, FileEntry] = field(default_factory=dict)
    pids: dict = field(default_factory=dict)
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)
    revision_id: int = 1
    files_locked: bool = False


@dataclass
class Record:
    """One version of a parent: its draft and/or its published revision."""

    id: str
    parent_id: str
    index: int
    draft: Revision | None = None
    published: Revision | None = None


@dataclass
class Parent:
    id: str
    owner: str
    versions: list[str] = field(default_factory=list)  # record ids, by index
    pids: dict = field(default_factory=dict)
    communities: list[str] = field(default_factory=list)


@dataclass
class Community:
    id: str
    slug: str
    title: str
    description: str
    created: str = field(default_factory=now)


@dataclass
class InclusionRequest:
    id: str
    record_id: str
    community_id: str
    user: str
    status: str = "submitted"
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)


@dataclass
class Upload:
    """Content being streamed into a draft file (see :meth:`Store.begin_upload`)."""

    record_id: str
    key: str
    path: Path
    limit: int


@dataclass
class Quotas:
    max_file_size: int
    max_record_bytes: int
    max_files: int = 100


class Store:
    def __init__(self, files_dir: Path, *, flavour: str, doi_prefix: str, quotas: Quotas):
        self.files_dir = files_dir
        self.flavour = flavour
        self.doi_prefix = doi_prefix
        self.quotas = quotas
        self.lock = threading.RLock()
        self.records: dict[str, Record] = {}
        self.parents: dict[str, Parent] = {}
        self.communities: dict[str, Community] = {}
        self.requests: dict[str, InclusionRequest] = {}
        self._numbers = itertools.count(100001)

    # -- ids and pids ---------------------------------------------------------------------------

    def new_id(self) -> str:
        """Zenodo: numbers; InvenioRDM: ``abcde-12345``."""
        if self.flavour == "zenodo":
            return str(next(self._numbers))
        while True:
            chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(10))
            candidate = f"{chars[:5]}-{chars[5:]}"
            if candidate not in self.records and candidate not in self.parents:
                return candidate

    def doi_for(self, id_: str) -> dict:
        suffix = f"zenodo.{id_}" if self.flavour == "zenodo" else id_
        return {
            "identifier": f"{self.doi_prefix}/{suffix}",
            "provider": "datacite",
            "client": "datacite",
        }

    # -- finding and permissions ----------------------------------------------------------------

    def record(self, id_: str) -> Record:
        found = self.records.get(id_)
        if found is None:
            raise ApiError(404, NO_SUCH_PID)
        return found

    def owner_of(self, record: Record) -> str:
        return self.parents[record.parent_id].owner

    def require_owner(self, record: Record, user: str | None) -> None:
        if user is None or user != self.owner_of(record):
            raise permission_denied()

    def draft(self, id_: str, user: str | None) -> tuple[Record, Revision]:
        record = self.record(id_)
        self.require_owner(record, user)
        if record.draft is None:
            raise ApiError(404, NOT_FOUND)
        return record, record.draft

    def published(self, id_: str, user: str | None) -> tuple[Record, Revision]:
        record = self.record(id_)
        if record.published is None:
            raise ApiError(404, UNREGISTERED_PID)
        if record.published.access["record"] == "restricted" and user != self.owner_of(record):
            raise permission_denied()
        return record, record.published

    def files_readable(self, record: Record, revision: Revision, user: str | None) -> bool:
        return not files_restricted(revision) or user == self.owner_of(record)

    def latest_published(self, parent: Parent) -> Record | None:
        published = [self.records[i] for i in parent.versions if self.records[i].published]
        return published[-1] if published else None

    # -- drafts ---------------------------------------------------------------------------------

    def _load(self, body: dict) -> validation.Loaded:
        try:
            return validation.load(body, flavour=self.flavour)
        except validation.InvalidRelation as invalid:
            raise ApiError(400, str(invalid)) from None

    def create_draft(self, user: str, body: dict) -> tuple[Record, list[dict]]:
        loaded = self._load(body)
        parent = Parent(id=self.new_id(), owner=user)
        record = Record(id=self.new_id(), parent_id=parent.id, index=1)
        record.draft = Revision(loaded.metadata, loaded.access, loaded.files["enabled"])
        parent.versions.append(record.id)
        self.parents[parent.id] = parent
        self.records[record.id] = record
        return record, loaded.errors

    def update_draft(self, id_: str, user: str, body: dict) -> tuple[Record, list[dict]]:
        record, draft = self.draft(id_, user)
        loaded = self._load(body)
        enabled = loaded.files["enabled"]
        if not enabled and draft.files:
            raise field_error(
                "files.enabled",
                "You must first delete all files to set the record to be metadata-only.",
            )
        draft.metadata, draft.access, draft.files_enabled = (
            loaded.metadata,
            loaded.access,
            enabled,
        )
        touch(draft)
        return record, loaded.errors

    def edit(self, id_: str, user: str) -> Record:
        """A draft of a published record; its files are copied and locked (InvenioRDM's default)."""
        record = self.record(id_)
        self.require_owner(record, user)
        if record.published is None:
            raise ApiError(404, UNREGISTERED_PID)
        if record.draft is None:
            draft = copy.deepcopy(record.published)
            draft.files = dict(record.published.files)
            draft.files_locked = True
            draft.revision_id = record.published.revision_id + 1
            record.draft = draft
        return record

    def discard(self, id_: str, user: str) -> None:
        record, _draft = self.draft(id_, user)
        record.draft = None
        if record.published is None:
            del self.records[record.id]
            parent = self.parents[record.parent_id]
            parent.versions.remove(record.id)
            if not parent.versions:
                del self.parents[parent.id]

    def reserve_doi(self, id_: str, user: str) -> Record:
        record, draft = self.draft(id_, user)
        if "doi" in draft.pids:
            raise field_error("pids.doi", "A PID already exists for type doi")
        draft.pids["doi"] = self.doi_for(record.id)
        touch(draft)
        return record

    def discard_doi(self, id_: str, user: str) -> None:
        record, draft = self.draft(id_, user)
        if "doi" not in draft.pids or record.published is not None:
            raise ApiError(404, NO_SUCH_PID)
        del draft.pids["doi"]
        touch(draft)

    # -- publishing and versions ----------------------------------------------------------------

    def publish(self, id_: str, user: str) -> Record:
        record, draft = self.draft(id_, user)
        loaded = self._load(
            {
                "metadata": draft.metadata,
                "access": draft.access,
                "files": {"enabled": draft.files_enabled},
            }
        )
        if loaded.errors:
            raise validation_error(loaded.errors)
        if draft.files_enabled and not draft.files:
            raise field_error("files.enabled", MISSING_FILES)
        if draft.files_enabled and not all(f.committed for f in draft.files.values()):
            raise field_error("files", PENDING_FILES)
        parent = self.parents[record.parent_id]
        draft.pids.setdefault("doi", self.doi_for(record.id))
        parent.pids.setdefault("doi", self.doi_for(parent.id))
        published = copy.deepcopy(draft)
        published.files = dict(draft.files)
        published.files_locked = False
        published.metadata = loaded.metadata
        if record.published is not None:
            published.created = record.published.created
        touch(published)
        record.published, record.draft = published, None
        return record

    def new_version(self, id_: str, user: str) -> Record:
        record = self.record(id_)
        self.require_owner(record, user)
        if record.published is None:
            raise ApiError(404, UNREGISTERED_PID)
        parent = self.parents[record.parent_id]
        newest = self.records[parent.versions[-1]]
        if newest.published is None:  # the next version's draft exists already
            return newest
        source = self.latest_published(parent).published
        metadata = copy.deepcopy(source.metadata)
        metadata.pop("publication_date", None)
        metadata.pop("version", None)
        new = Record(id=self.new_id(), parent_id=parent.id, index=newest.index + 1)
        new.draft = Revision(metadata, copy.deepcopy(source.access), source.files_enabled)
        parent.versions.append(new.id)
        self.records[new.id] = new
        return new

    def import_files(self, id_: str, user: str) -> tuple[Record, Revision]:
        record, draft = self.draft(id_, user)
        if not draft.files_enabled:
            raise field_error("files.enabled", "Files support must be enabled.")
        if draft.files:
            raise field_error("files.enabled", "Please remove all files first.")
        latest = self.latest_published(self.parents[record.parent_id])
        if latest is None:
            raise ApiError(404, NOT_FOUND)
        if not latest.published.files_enabled:
            raise field_error("files.enabled", "The record has no files.")
        draft.files = {key: copy.copy(entry) for key, entry in latest.published.files.items()}
        touch(draft)
        return record, draft

    # -- draft files ----------------------------------------------------------------------------

    def _unlocked_draft(self, id_: str, user: str) -> tuple[Record, Revision]:
        record, draft = self.draft(id_, user)
        if draft.files_locked:
            raise ApiError(403, BUCKET_LOCKED)
        return record, draft

    def init_files(self, id_: str, user: str, keys: list[str]) -> tuple[Record, Revision]:
        record, draft = self._unlocked_draft(id_, user)
        if not draft.files_enabled:
            raise field_error("files.enabled", "Files support is not enabled.")
        if len(draft.files) + len(keys) > self.quotas.max_files:
            raise ApiError(400, TOO_MANY_FILES)
        for key in keys:
            if key in draft.files:
                raise ApiError(400, f"File with key {key} already exists.")
        for key in keys:
            draft.files[key] = FileEntry(key)
        touch(draft)
        return record, draft

    def file(self, draft: Revision, key: str, record_id: str) -> FileEntry:
        entry = draft.files.get(key)
        if entry is None:
            raise ApiError(404, f"Record '{record_id}' has no file '{key}'.")
        return entry

    def begin_upload(self, id_: str, user: str, key: str, length: int | None) -> Upload:
        """Check a content upload before its bytes arrive; the bytes go to ``Upload.path``."""
        record, draft = self._unlocked_draft(id_, user)
        entry = self.file(draft, key, id_)
        if entry.committed:
            del draft.files[key]
            raise ApiError(400, TRANSFER_FAILED)
        used = sum(f.size for k, f in draft.files.items() if k != key and f.content)
        limit = min(self.quotas.max_file_size, self.quotas.max_record_bytes - used)
        if length is not None and length > limit:
            raise ApiError(400, SIZE_LIMIT)
        self.files_dir.mkdir(parents=True, exist_ok=True)
        return Upload(record.id, key, self.files_dir / f"{uuid.uuid4().hex}.part", limit)

    def finish_upload(self, upload: Upload, size: int, md5: str) -> FileEntry:
        entry = self._upload_target(upload)
        if entry is None:  # the draft or the file went away meanwhile
            upload.path.unlink(missing_ok=True)
            raise ApiError(400, TRANSFER_FAILED)
        if entry.content is not None:
            entry.content.unlink(missing_ok=True)
        entry.content = upload.path.rename(upload.path.with_suffix(".bin"))
        entry.size, entry.md5, entry.updated = size, md5, now()
        return entry

    def abort_upload(self, upload: Upload) -> None:
        """An upload cut short: InvenioRDM removes the file (it must be initialised again)."""
        upload.path.unlink(missing_ok=True)
        entry = self._upload_target(upload)
        if entry is not None:
            self._drop_file(self.records[upload.record_id].draft, upload.key)

    def _upload_target(self, upload: Upload) -> FileEntry | None:
        record = self.records.get(upload.record_id)
        if record is None or record.draft is None:
            return None
        return record.draft.files.get(upload.key)

    def commit_file(self, id_: str, user: str, key: str) -> tuple[Record, FileEntry]:
        record, draft = self._unlocked_draft(id_, user)
        entry = self.file(draft, key, id_)
        if entry.content is None:
            # InvenioRDM raises a bare Exception ("not uploaded yet"): a 500.
            raise ApiError(500, INTERNAL, violation=f"commit of {id_}/{key} before any content")
        if entry.size == 0 and self.flavour == "zenodo":
            raise ApiError(400, "Empty files are not accepted.")
        entry.committed = True
        entry.mimetype = mimetypes.guess_type(key)[0] or "application/octet-stream"
        entry.updated = now()
        touch(draft)
        return record, entry

    def delete_file(self, id_: str, user: str, key: str) -> None:
        _record, draft = self._unlocked_draft(id_, user)
        self.file(draft, key, id_)
        self._drop_file(draft, key)
        touch(draft)

    def _drop_file(self, draft: Revision, key: str) -> None:
        entry = draft.files.pop(key)
        if entry.content is not None and not entry.committed:
            entry.content.unlink(missing_ok=True)  # committed content may be in other versions

    # -- communities ----------------------------------------------------------------------------

    def community(self, id_or_slug: str) -> Community:
        for community in self.communities.values():
            if id_or_slug in (community.id, community.slug):
                return community
        raise ApiError(404, NO_SUCH_PID)

    def add_communities(self, id_: str, user: str, wanted: list[str]) -> tuple[list, list]:
        record, _published = self.published(id_, user)
        self.require_owner(record, user)
        parent = self.parents[record.parent_id]
        processed, errors = [], []
        for community_id in wanted:
            try:
                community = self.community(community_id)
            except ApiError:
                errors.append({"community_id": community_id, "message": "Community not found."})
                continue
            if community.id in parent.communities:
                message = "The record is already included in this community."
                errors.append({"community_id": community_id, "message": message})
                continue
            if any(
                r.community_id == community.id
                and self.records[r.record_id].parent_id == parent.id
                and r.status == "submitted"
                for r in self.requests.values()
            ):
                message = "There is already an open inclusion request for this community."
                errors.append({"community_id": community_id, "message": message})
                continue
            request = InclusionRequest(uuid.uuid4().hex, record.id, community.id, user)
            self.requests[request.id] = request
            processed.append((community_id, request))
        return processed, errors

    def accept_request(self, request: InclusionRequest) -> None:
        request.status, request.updated = "accepted", now()
        parent = self.parents[self.records[request.record_id].parent_id]
        if request.community_id not in parent.communities:
            parent.communities.append(request.community_id)


def touch(revision: Revision) -> None:
    revision.updated = now()
    revision.revision_id += 1


def files_restricted(revision: Revision) -> bool:
    access = revision.access
    return access["files"] == "restricted" or bool(access["embargo"]["active"])


def access_status(revision: Revision) -> str:
    if revision.access["embargo"]["active"]:
        return "embargoed"
    if revision.access["record"] == "restricted" or revision.access["files"] == "restricted":
        return "restricted"
    return "open" if revision.files_enabled else "metadata-only"
