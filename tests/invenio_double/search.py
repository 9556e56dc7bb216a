"""A small stand-in for InvenioRDM's search: query words, ``field:value``, sort and paging.

``q`` is a list of terms, all of which must match (``AND`` between them is accepted and ignored),
or several such lists joined by ``OR``, any of which must match: a word or a ``"quoted phrase"``
(``\"`` and ``\\`` escaped) matches the id, DOI, title, description, creator names, subjects or
keywords (case-insensitive, substring); ``dotted.path:value`` matches a field of the dumped JSON
(``is_published:true``, ``metadata.title:higgs``, ``parent.id:abcde-12345``), except that the
identifiers of ``pids`` (``pids.doi.identifier``, ``parent.pids.doi.identifier``) are keyword
fields in InvenioRDM's index and match only the whole value, case included. Sort options and
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
_PHRASE = r'"(?:[^"\\]|\\.)*"'
TERM = re.compile(rf"(\S+?:{_PHRASE}|{_PHRASE}|\S+)")
KEYWORDS = re.compile(r"^(?:parent\.)?pids\.\w+\.identifier$")
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


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _term_matches(doc: dict, term: str, text: list[str]) -> bool:
    field, sep, value = term.partition(":")
    if sep and field and not field.startswith('"') and value:
        found = _values(doc, field.split("."))
        if KEYWORDS.match(field):
            return _unquoted(value) in (str(v) for v in found)
        wanted = _unquoted(value).lower()
        return any(wanted in _text(v) for v in found)
    if not text:
        text.append(_free_text(doc))
    return _unquoted(term).lower() in text[0]


def matches(doc: dict, q: str) -> bool:
    groups: list[list[str]] = [[]]
    for term in TERM.findall(q):
        if term in ("OR", "||"):
            groups.append([])
        elif term not in ("AND", "&&"):
            groups[-1].append(term)
    text: list[str] = []
    return any(all(_term_matches(doc, t, text) for t in group) for group in groups)


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
