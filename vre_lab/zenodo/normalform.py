"""The deposit's normal form (what travels on to InvenioRDM), the conversions from records, the
defaults and the merge of prefilled sources, and descriptions as plain text."""

from __future__ import annotations

import copy
from datetime import date
from html.parser import HTMLParser

from .identifiers import normal_identifier
from .rows import blank, filled

OPEN_ACCESS = {
    "record": "public",
    "files": "public",
    "embargo": {"active": False, "until": None, "reason": None},
}
_ENTRY_LISTS = ("creators", "contributors", "rights", "subjects", "related_identifiers")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _stripped(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {key: _stripped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stripped(item) for item in value]
    return value


def _normal_party(entry: dict) -> dict:
    entry = dict(entry)
    who = dict(_dict(entry.get("person_or_org")))
    if who.get("type") == "personal":
        names = [who.get("family_name"), who.get("given_name")]
        who["name"] = ", ".join(name for name in names if name)
    elif who.get("type") == "organizational":
        who.pop("given_name", None)
        who.pop("family_name", None)
    identifiers = [
        {**item, "identifier": normal_identifier(item.get("scheme"), item["identifier"])}
        for item in filled(who.get("identifiers"))
        if isinstance(item, dict) and isinstance(item.get("identifier"), str)
    ]
    who.pop("identifiers", None)
    entry["person_or_org"] = {**who, **({"identifiers": identifiers} if identifiers else {})}
    affiliations = [
        item for item in filled(entry.pop("affiliations", None)) if isinstance(item, dict)
    ]
    if affiliations:
        entry["affiliations"] = affiliations
    return entry


def _normal_access(access: dict) -> dict:
    embargo = _dict(access.get("embargo"))
    active = embargo.get("active") is True
    return {
        "record": access.get("record") or "public",
        "files": access.get("files") or "public",
        "embargo": {
            "active": active,
            "until": (embargo.get("until") or None) if active else None,
            "reason": (embargo.get("reason") or None) if active else None,
        },
    }


def normalise_deposit(deposit: dict) -> dict:
    """The deposit as it travels on: strings stripped, empty rows and fields dropped, names
    filled (`"Family, Given"`), ORCID and ROR ids bare, access and `files.enabled` defaulted."""
    deposit = _stripped(_dict(deposit))
    metadata = {}
    for key, value in _dict(deposit.get("metadata")).items():
        if key in _ENTRY_LISTS:
            value = [item for item in filled(value) if isinstance(item, dict)]
        if key in ("creators", "contributors"):
            value = [_normal_party(item) for item in value]
        if not blank(value):
            metadata[key] = value
    enabled = _dict(deposit.get("files")).get("enabled")
    normal = {
        "metadata": metadata,
        "access": _normal_access(_dict(deposit.get("access"))),
        "files": {"enabled": enabled if isinstance(enabled, bool) else True},
    }
    communities = deposit.get("communities")
    if isinstance(communities, list):
        normal["communities"] = list(
            dict.fromkeys(c for c in communities if isinstance(c, str) and c)
        )
    return normal


def draft_body(deposit: dict) -> dict:
    """What InvenioRDM is sent to create or update a draft (our `communities` stay here)."""
    normal = normalise_deposit(deposit)
    return {"metadata": normal["metadata"], "access": normal["access"], "files": {"enabled": True}}


def _input_form(value):
    """A record's field as a draft takes it: vocabulary entries (`{"id", "title": {"en": …}, …}`)
    shrink to their `{"id"}`."""
    if isinstance(value, list):
        return [_input_form(item) for item in value]
    if not isinstance(value, dict):
        return value
    if isinstance(value.get("id"), str) and isinstance(value.get("title"), dict):
        return {"id": value["id"]}
    return {key: _input_form(item) for key, item in value.items()}


def deposit_from_record(record: dict) -> dict:
    """The deposit of an InvenioRDM record or draft, to continue it or to start from it."""
    record = _dict(record)
    access = _dict(record.get("access"))
    return normalise_deposit(
        {
            "metadata": _input_form(_dict(record.get("metadata"))),
            "access": {key: access[key] for key in ("record", "files", "embargo") if key in access},
            "files": {"enabled": _dict(record.get("files")).get("enabled", True)},
        }
    )


def default_deposit(today: date) -> dict:
    """What a new form starts from when nothing else is known."""
    return {
        "metadata": {
            "resource_type": {"id": "dataset"},
            "title": "",
            "publication_date": today.isoformat(),
            "creators": [],
            "description": "",
            "rights": [{"id": "cc-by-4.0"}],
        },
        "access": copy.deepcopy(OPEN_ACCESS),
        "files": {"enabled": True},
    }


def merge_deposits(base: dict, *overlays: dict) -> dict:
    """One deposit from several sources, the first winning: a later source only fills what the
    earlier ones left empty. Field by field in `metadata` (a list such as `creators` is taken
    whole, never mixed from two sources), whole for `access`, `files` and `communities`."""
    merged: dict = {"metadata": {}}
    for source in (base, *overlays):
        source = _dict(source)
        _fill(merged["metadata"], _dict(source.get("metadata")))
        _fill(merged, {key: value for key, value in source.items() if key != "metadata"})
    return merged


def _fill(target: dict, source: dict) -> None:
    for key, value in source.items():
        if key not in target or (blank(target[key]) and not blank(value)):
            target[key] = copy.deepcopy(value)


class _Text(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(text: str) -> str:
    """A description (HTML or plain text) as plain text: tags gone, one paragraph a line."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
