"""Data identifiers (DIDs): parsing what a user typed, checked before Rucio is asked anything."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rucio.common.exception import DIDFilterSyntaxError, DuplicateCriteriaInDIDFilter
from rucio.common.utils import parse_did_filter_from_string_fe

from ..core.errors import BadRequest

SEARCH_TYPES = ("all", "file", "dataset", "container", "collection")
MAX_FILTER_LENGTH = 1000
MAX_FILTER_CLAUSES = 32
# Rucio's generic schema: scope up to 25 characters, name up to 250; be a little lenient
_SCOPE = re.compile(r"^[A-Za-z0-9_.\-]{1,30}$")
_NAME = re.compile(r"^[A-Za-z0-9_.\-/+*]{1,255}$")
_FILTER_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.(lt|lte|gt|gte|ne))?$")


@dataclass(frozen=True)
class DID:
    scope: str
    name: str

    def __str__(self) -> str:
        return f"{self.scope}:{self.name}"

    def as_dict(self) -> dict:
        return {"scope": self.scope, "name": self.name}


def parse_did(text: str, *, wildcard: bool = False, default_scope: str | None = None) -> DID:
    """`scope:name` (or a bare name with `default_scope`); a clear 400 for anything else."""
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("Give a DID as SCOPE:NAME", code="bad_did")
    text = text.strip()
    scope, sep, name = text.partition(":")
    if not sep:
        if default_scope is None:
            raise BadRequest(f"{_quote(text)} is not a DID; write SCOPE:NAME", code="bad_did")
        scope, name = default_scope, text
    if not _SCOPE.match(scope):
        raise BadRequest(f"{_quote(scope)} is not a valid Rucio scope", code="bad_did")
    if not _NAME.match(name) or (not wildcard and "*" in name) or ".." in name.split("/"):
        raise BadRequest(f"{_quote(name)} is not a valid Rucio name", code="bad_did")
    return DID(scope, name)


def parse_filter(text: str | None, name_pattern: str) -> list[dict]:
    """Rucio's filter language (`key=value`, `<`, `>`, `<=`, `>=`, `!=`, `,` AND, `;` OR) into the
    list of AND-groups `list_dids` takes; the name pattern joins every group."""
    if not text or not text.strip():
        return [{"name": name_pattern}]
    if len(text) > MAX_FILTER_LENGTH:
        raise BadRequest(
            f"The filter is longer than {MAX_FILTER_LENGTH} characters", code="bad_filter"
        )
    try:
        groups, _ = parse_did_filter_from_string_fe(text, name=name_pattern)
    except (DIDFilterSyntaxError, DuplicateCriteriaInDIDFilter, ValueError) as e:
        raise BadRequest(f"The filter {_quote(text)} is not valid: {e}", code="bad_filter") from e
    except Exception as e:  # rucio-clients' parser has bugs of its own on odd input
        raise BadRequest(f"The filter {_quote(text)} is not valid", code="bad_filter") from e
    if sum(len(group) for group in groups) > MAX_FILTER_CLAUSES:
        raise BadRequest(
            f"The filter has more than {MAX_FILTER_CLAUSES} conditions", code="bad_filter"
        )
    for group in groups:
        for key, value in group.items():
            if not _FILTER_KEY.match(key) or not value:
                raise BadRequest(
                    f"The filter condition {_quote(key)} is not valid", code="bad_filter"
                )
    return groups


def did_type(text: str | None) -> str:
    value = (text or "all").lower()
    if value not in SEARCH_TYPES:
        raise BadRequest(f"type must be one of {', '.join(SEARCH_TYPES)}", code="bad_type")
    return value


def did_json(item: dict) -> dict:
    """One DID as the API shows it, whatever Rucio call produced it."""
    kind = (item.get("did_type") or item.get("type") or "FILE").lower()
    return {
        "did": f"{item['scope']}:{item['name']}",
        "scope": item["scope"],
        "name": item["name"],
        "type": kind,
        "bytes": item.get("bytes"),
        "length": item.get("length"),
    }


def _quote(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
