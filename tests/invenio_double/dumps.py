"""The JSON InvenioRDM answers: records and drafts, file lists, communities, requests, users.

Shapes follow docs-invenio-rdm ``reference/rest_api_*.md``; links are absolute, with the double's
URL as both the API and the web UI base (``/records/{id}``, ``/uploads/{id}`` for drafts).
"""

from __future__ import annotations

import copy
from urllib.parse import quote, urlencode

from .store import (
    Community,
    FileEntry,
    InclusionRequest,
    Record,
    Revision,
    Store,
    access_status,
)
from .vocabularies import vocabulary


class Dumper:
    def __init__(self, store: Store, base_url: str):
        self.store = store
        self.base = base_url
        self.api = f"{base_url}/api"

    # -- records --------------------------------------------------------------------------------

    def record(self, record: Record, revision: Revision, *, errors: list | None = None) -> dict:
        store = self.store
        parent = store.parents[record.parent_id]
        is_draft = revision is record.draft
        latest = store.latest_published(parent)
        body = {
            "id": record.id,
            "created": revision.created,
            "updated": revision.updated,
            "revision_id": revision.revision_id,
            "is_draft": is_draft,
            "is_published": record.published is not None,
            "status": self._status(record, is_draft),
            "metadata": with_titles(revision.metadata),
            "custom_fields": {},
            "access": {**copy.deepcopy(revision.access), "status": access_status(revision)},
            "files": self._files_field(revision),
            "media_files": {
                "enabled": False,
                "order": [],
                "count": 0,
                "total_bytes": 0,
                "entries": {},
            },
            "pids": copy.deepcopy(revision.pids),
            "parent": {
                "id": parent.id,
                "access": {"owned_by": {"user": parent.owner}, "grants": [], "links": []},
                "communities": {
                    "ids": list(parent.communities),
                    "default": parent.communities[0] if parent.communities else None,
                },
                "pids": copy.deepcopy(parent.pids),
            },
            "versions": {
                "index": record.index,
                "is_latest": latest is not None and latest.id == record.id,
                "is_latest_draft": parent.versions[-1] == record.id,
            },
            "links": self._record_links(record, is_draft, revision),
        }
        if is_draft:
            body["expires_at"] = revision.created
        if errors:
            body["errors"] = errors
        return body

    def _status(self, record: Record, is_draft: bool) -> str:
        if not is_draft or record.published is not None:
            return "published"
        return "new_version_draft" if record.index > 1 else "draft"

    def _files_field(self, revision: Revision) -> dict:
        committed = [f for f in revision.files.values() if f.committed]
        return {
            "enabled": revision.files_enabled,
            "order": [],
            "count": len(committed),
            "total_bytes": sum(f.size for f in committed),
            "entries": {f.key: self._file_fields(f) for f in committed},
        }

    def _record_links(self, record: Record, is_draft: bool, revision: Revision) -> dict:
        rid, api = quote(record.id), self.api
        links = {
            "self": f"{api}/records/{rid}{'/draft' if is_draft else ''}",
            "self_html": f"{self.base}/{'uploads' if is_draft else 'records'}/{rid}",
            "files": f"{api}/records/{rid}/{'draft/files' if is_draft else 'files'}",
            "versions": f"{api}/records/{rid}/versions",
            "latest": f"{api}/records/{rid}/versions/latest",
            "latest_html": f"{self.base}/records/{rid}/latest",
            "access_links": f"{api}/records/{rid}/access/links",
            "communities": f"{api}/records/{rid}/communities",
            "parent": f"{api}/records/{quote(record.parent_id)}",
            "parent_html": f"{self.base}/records/{quote(record.parent_id)}",
        }
        if is_draft:
            links["publish"] = f"{api}/records/{rid}/draft/actions/publish"
            links["reserve_doi"] = f"{api}/records/{rid}/draft/pids/doi"
            links["preview_html"] = f"{self.base}/records/{rid}?preview=1"
        if record.published is not None:
            links["record"] = f"{api}/records/{rid}"
            links["record_html"] = f"{self.base}/records/{rid}"
        links["draft"] = f"{api}/records/{rid}/draft"
        if "doi" in revision.pids and not is_draft:
            links["doi"] = f"https://doi.org/{revision.pids['doi']['identifier']}"
        parent_doi = self.store.parents[record.parent_id].pids.get("doi")
        if parent_doi:
            links["parent_doi"] = f"https://doi.org/{parent_doi['identifier']}"
        return links

    # -- files ----------------------------------------------------------------------------------

    def _file_fields(self, entry: FileEntry) -> dict:
        body = {
            "key": entry.key,
            "created": entry.created,
            "updated": entry.updated,
            "status": entry.status,
            "metadata": None,
            "storage_class": "L",
            "transfer": {"type": "L"},
        }
        if entry.committed:
            body.update(
                checksum=f"md5:{entry.md5}",
                size=entry.size,
                mimetype=entry.mimetype,
                file_id=entry.file_id,
                version_id=entry.file_id,
                bucket_id=entry.file_id,
            )
        return body

    def file(self, record_id: str, entry: FileEntry, *, draft: bool) -> dict:
        where = f"{self.api}/records/{quote(record_id)}/{'draft/files' if draft else 'files'}"
        item = f"{where}/{quote(entry.key)}"
        links = {"self": item, "content": f"{item}/content"}
        if draft:
            links["commit"] = f"{item}/commit"
        return {**self._file_fields(entry), "links": links}

    def files(self, record: Record, revision: Revision, *, draft: bool) -> dict:
        where = "draft/files" if draft else "files"
        return {
            "enabled": revision.files_enabled,
            "default_preview": None,
            "order": [],
            "entries": [self.file(record.id, e, draft=draft) for e in revision.files.values()],
            "links": {"self": f"{self.api}/records/{quote(record.id)}/{where}"},
        }

    # -- search, communities, requests, users, vocabularies -------------------------------------

    def hits(self, items: list, total: int, path: str, params: dict, sort: str) -> dict:
        page, size = params["page"], params["size"]
        query = {k: v for k, v in params.items() if v not in (None, "")}
        links = {"self": f"{self.base}{path}?{urlencode(query)}"}
        if page > 1:
            links["prev"] = f"{self.base}{path}?{urlencode({**query, 'page': page - 1})}"
        if page * size < total and (page + 1) * size <= 10_000:
            links["next"] = f"{self.base}{path}?{urlencode({**query, 'page': page + 1})}"
        return {
            "hits": {"hits": items, "total": total},
            "aggregations": {},
            "sortBy": sort,
            "links": links,
        }

    def community(self, community: Community) -> dict:
        cid = quote(community.id)
        return {
            "id": community.id,
            "slug": community.slug,
            "created": community.created,
            "updated": community.created,
            "revision_id": 1,
            "access": {"visibility": "public", "member_policy": "open", "record_policy": "open"},
            "metadata": {"title": community.title, "description": community.description},
            "links": {
                "self": f"{self.api}/communities/{cid}",
                "self_html": f"{self.base}/communities/{quote(community.slug)}",
                "records": f"{self.api}/communities/{cid}/records",
            },
        }

    def request(self, request: InclusionRequest, title: str) -> dict:
        rid = quote(request.id)
        return {
            "id": request.id,
            "type": "community-inclusion",
            "title": title,
            "status": request.status,
            "is_open": request.status == "submitted",
            "is_closed": request.status != "submitted",
            "is_expired": False,
            "created": request.created,
            "updated": request.updated,
            "revision_id": 1,
            "created_by": {"user": request.user},
            "receiver": {"community": request.community_id},
            "topic": {"record": request.record_id},
            "links": {
                "self": f"{self.api}/requests/{rid}",
                "self_html": f"{self.base}/me/requests/{rid}",
                "comments": f"{self.api}/requests/{rid}/comments",
                "timeline": f"{self.api}/requests/{rid}/timeline",
            },
        }

    def user(self, user: dict, *, itself: bool) -> dict:
        uid = quote(user["id"])
        body = {
            "id": user["id"],
            "username": user["username"],
            "is_current_user": itself,
            "profile": {"full_name": user["full_name"], "affiliations": ""},
            "links": {
                "self": f"{self.api}/users/{uid}",
                "avatar": f"{self.api}/users/{uid}/avatar.svg",
            },
        }
        if itself:
            body.update(email=user["email"], active=True, confirmed=True)
        return body

    def vocabulary_entry(self, name: str, id_: str, title: str) -> dict:
        return {
            "id": id_,
            "type": name,
            "title": {"en": title},
            "links": {"self": f"{self.api}/vocabularies/{name}/{quote(id_)}"},
        }


TITLED = {
    "resource_type": "resourcetypes",
    "role": "creatorsroles",
    "relation_type": "relationtypes",
}


def with_titles(metadata: dict) -> dict:
    """Metadata as dumped: vocabulary relations get their ``title`` (licenses too)."""
    dumped = copy.deepcopy(metadata)

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TITLED and isinstance(value, dict) and value.get("id"):
                    name = TITLED[key]
                    value["title"] = {"en": vocabulary(name).get(value["id"], value["id"])}
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(dumped)
    licenses = vocabulary("licenses")
    for right in dumped.get("rights", []):
        if right.get("id") in licenses:
            right["title"] = {"en": licenses[right["id"]]}
    return dumped
