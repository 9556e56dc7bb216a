"""InvenioRDM's record JSON turned into what the Publish panel shows."""

from __future__ import annotations

from urllib.parse import quote

from .repositories import Repository


def _names(metadata: dict) -> list[str]:
    names = []
    for creator in metadata.get("creators") or []:
        person = (creator or {}).get("person_or_org") or {}
        name = person.get("name") or ", ".join(
            part for part in (person.get("family_name"), person.get("given_name")) if part
        )
        if name:
            names.append(str(name))
    return names


def _files(record: dict) -> dict:
    files = record.get("files") or {}
    entries = files.get("entries")
    count = files.get("count")
    size = files.get("total_bytes")
    if isinstance(entries, dict):
        entries = list(entries.values())
    if isinstance(entries, list):
        count = len(entries) if count is None else count
        size = sum(int(e.get("size") or 0) for e in entries) if size is None else size
    return {"count": int(count or 0), "size": int(size or 0)}


def status_of(record: dict) -> str:
    status = record.get("status")
    if status in ("draft", "published", "new_version_draft"):
        return status
    if record.get("is_published") and not record.get("is_draft"):
        return "published"
    return "draft"


def doi_of(record: dict) -> str | None:
    doi = ((record.get("pids") or {}).get("doi") or {}).get("identifier")
    return str(doi) if doi else None


def summary(record: dict) -> dict:
    metadata = record.get("metadata") or {}
    links = record.get("links") or {}
    doi = doi_of(record)
    status = status_of(record)
    return {
        "id": str(record["id"]),
        "title": str(metadata.get("title") or ""),
        "status": status,
        # a reserved DOI of a draft is not registered yet: no link
        "doi": doi,
        "doi_url": f"https://doi.org/{doi}" if doi and status == "published" else None,
        "html": links.get("self_html") or links.get("html"),
        "created": record.get("created"),
        "updated": record.get("updated"),
        "publication_date": metadata.get("publication_date"),
        "version": metadata.get("version"),
        "creators": _names(metadata),
        "files": _files(record),
    }


def file_entry(entry: dict) -> dict:
    return {
        "key": str(entry["key"]),
        "size": int(entry.get("size") or 0),
        "checksum": entry.get("checksum"),
        "status": entry.get("status") or "completed",
    }


def field_errors(record: dict) -> list[dict]:
    """The problems InvenioRDM found in a saved draft (drafts are kept even when incomplete)."""
    found = []
    for entry in record.get("errors") or []:
        if isinstance(entry, dict):
            messages = entry.get("messages") or ["invalid"]
            found.append(
                {
                    "field": str(entry.get("field") or ""),
                    "message": "; ".join(str(m) for m in messages)
                    if isinstance(messages, list)
                    else str(messages),
                }
            )
    return found


def badge(repository: Repository, doi: str) -> dict:
    link = f"https://doi.org/{doi}"
    if repository.flavour == "zenodo":
        image = f"{repository.url}/badge/DOI/{doi}.svg"
    else:
        image = f"https://img.shields.io/badge/DOI-{quote(doi.replace('-', '--'), safe='')}-blue"
    return {
        "image": image,
        "markdown": f"[![DOI]({image})]({link})",
        "html": f'<a href="{link}"><img src="{image}" alt="DOI"></a>',
    }


def community(entry: dict) -> dict:
    metadata = entry.get("metadata") or {}
    links = entry.get("links") or {}
    return {
        "id": str(entry.get("id")),
        "slug": entry.get("slug") or str(entry.get("id")),
        "title": metadata.get("title") or entry.get("slug") or "",
        "description": metadata.get("description") or "",
        "html": links.get("self_html") or links.get("html"),
    }


def page_of(answer: dict, page: int, size: int, shape) -> dict:
    hits = answer["hits"]
    total = hits.get("total")
    if isinstance(total, dict):  # some versions answer {"value": N, "relation": "eq"}
        total = total.get("value")
    items = [shape(hit) for hit in hits["hits"] if isinstance(hit, dict) and "id" in hit]
    return {"hits": items, "total": int(total or len(items)), "page": page, "size": size}
