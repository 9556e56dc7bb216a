"""A small stand-in for InvenioRDM's search: query words, ``field:value``, sort and paging.

``q`` is a list of terms, all of which must match (``AND`` between them is accepted and ignored):
a word or a ``"quoted phrase"`` matches the id, DOI, title, description, creator names, subjects
or keywords (case-insensitive, substring); ``dotted.path:value`` matches a field of the dumped
JSON (``is_published:true``, ``metadata.title:higgs``, ``parent.id:abcde-12345``). Sort options and
paging limits are InvenioRDM's (``size`` and ``page`` at least 1, ``page * size`` at most 10 000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import BAD_QUERY, ApiError

SORTS = (
    "bestmatch",
    "newest",
    "oldest",
    "updated-desc",
    "updated-asc",
    "version",
    "mostviewed",
    "mostdownloaded",
)
TERM = re.compile(r'(\S+?:"[^"]*"|"[^"]*"|\S+)')
MAX_WINDOW = 10_000


@dataclass
class Params:
    q: str
    sort: str
    page: int
    size: int

    def as_query(self) -> dict:
        return {"q": self.q, "sort": self.sort, "page": self.page, "size": self.size}


def parse(args: dict[str, str], *, default_sort: str = "newest") -> Params:
    try:
        page = int(args.get("page") or 1)
        size = int(args.get("size") or 10)
    except ValueError:
        raise ApiError(400, BAD_QUERY) from None
    if page < 1 or size < 1 or page * size > MAX_WINDOW:
        raise ApiError(400, BAD_QUERY)
    q = args.get("q") or ""
    sort = args.get("sort") or ("bestmatch" if q else default_sort)
    if sort not in SORTS:
        raise ApiError(400, f"Invalid sort option '{sort}'.")
    if sort == "bestmatch" and not q:
        sort = default_sort  # InvenioRDM ignores bestmatch without a query
    return Params(q, sort, page, size)


def _values(node, path: list[str]):
    if isinstance(node, list):
        for item in node:
            yield from _values(item, path)
    elif not path:
        yield node
    elif isinstance(node, dict) and path[0] in node:
        yield from _values(node[path[0]], path[1:])


def _text(value) -> str:
    return str(value).lower()  # booleans as true/false


def _free_text(doc: dict) -> str:
    metadata = doc.get("metadata", {})
    parts = [doc.get("id", ""), metadata.get("title", ""), metadata.get("description", "")]
    parts += [str(v) for v in _values(doc, ["pids", "doi", "identifier"])]
    parts += [str(v) for v in _values(metadata, ["creators", "person_or_org", "name"])]
    parts += [str(v) for v in _values(metadata, ["subjects", "subject"])]
    parts += [str(v) for v in _values(metadata, ["keywords"])]
    return " ".join(p for p in parts if isinstance(p, str)).lower()


def matches(doc: dict, q: str) -> bool:
    text = None
    for term in TERM.findall(q):
        if term in ("AND", "&&"):
            continue
        field, sep, value = term.partition(":")
        if sep and field and not field.startswith('"') and value:
            wanted = value.strip('"').lower()
            if not any(wanted in _text(v) for v in _values(doc, field.split("."))):
                return False
            continue
        text = _free_text(doc) if text is None else text
        if term.strip('"').lower() not in text:
            return False
    return True


SORT_KEYS = {
    "newest": (lambda d: d["created"], True),
    "oldest": (lambda d: d["created"], False),
    "updated-desc": (lambda d: d["updated"], True),
    "updated-asc": (lambda d: d["updated"], False),
    "version": (lambda d: d["versions"]["index"], True),
}


def run(docs: list[dict], params: Params) -> tuple[list[dict], int]:
    """The page of ``docs`` matching ``params``, and how many matched in all."""
    found = [d for d in docs if matches(d, params.q)]
    key, reverse = SORT_KEYS.get(params.sort, SORT_KEYS["newest"])
    found.sort(key=key, reverse=reverse)
    start = (params.page - 1) * params.size
    return found[start : start + params.size], len(found)
