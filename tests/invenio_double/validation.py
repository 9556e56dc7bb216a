# Long on purpose: a strict test double re-stating one upstream module (invenio-rdm-records'
# record schema), field by field in its order, so that each rule is compared with its source.
"""InvenioRDM's record schema rules (invenio-rdm-records ``services/schemas/``), re-stated.

:func:`load` checks a draft body the way ``RDMRecordSchema`` loads it and returns the data as
InvenioRDM stores it (``person_or_org.name`` filled, identifiers normalized, vocabulary titles
dropped) with its errors as ``[{"field", "messages"}]``. Drafts are saved with these errors;
publishing refuses any. A vocabulary id that does not exist is different: InvenioRDM refuses to
save the draft at all (:class:`InvalidRelation`, answered 400 ``Invalid value <id>.``).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from . import identifiers
from .vocabularies import vocabulary

REQUIRED = "Missing data for required field."
UNKNOWN = "Unknown field."
NOT_A_STRING = "Not a valid string."
NOT_A_LIST = "Not a valid list."
NOT_AN_OBJECT = "Invalid input type."
BAD_DATE = "Please provide a valid date or interval."
TYPES = ["organizational", "personal"]
PROTECTIONS = ("public", "restricted")
ONE_KIND_OF_RIGHTS = (
    "Only an existing id or free text title/description/link is accepted,"
    " but not both cases at the same time"
)

METADATA_FIELDS = {
    "resource_type",
    "creators",
    "title",
    "additional_titles",
    "publisher",
    "publication_date",
    "subjects",
    "contributors",
    "dates",
    "languages",
    "identifiers",
    "related_identifiers",
    "sizes",
    "formats",
    "version",
    "rights",
    "copyright",
    "description",
    "additional_descriptions",
    "locations",
    "funding",
    "references",
}
PERSON_OR_ORG_FIELDS = {"type", "name", "given_name", "family_name", "identifiers"}
CREATOR_FIELDS = {"person_or_org", "role", "affiliations"}
RIGHTS_FIELDS = {"id", "title", "description", "props", "link"}  # icon is dump-only
RELATED_FIELDS = {"identifier", "scheme", "relation_type", "resource_type"}


class InvalidRelation(Exception):
    """A vocabulary id that does not exist: InvenioRDM does not save the draft."""


@dataclass
class Errors:
    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, path: str, message: str) -> None:
        self.by_field.setdefault(path, []).append(message)

    def as_list(self) -> list[dict]:
        return [{"field": path, "messages": msgs} for path, msgs in self.by_field.items()]


@dataclass
class Loaded:
    metadata: dict
    access: dict
    files: dict
    errors: list[dict]


def load(body: dict, *, flavour: str) -> Loaded:
    """Check a draft body (``metadata``, ``access``, ``files``); raise :class:`InvalidRelation`."""
    errors = Errors()
    metadata = _metadata(body.get("metadata"), errors, flavour=flavour)
    access = _access(body.get("access"), errors)
    files = _files(body.get("files"), errors)
    return Loaded(metadata, access, files, errors.as_list())


# -- helpers ------------------------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _object(value: Any, path: str, errors: Errors) -> dict | None:
    if isinstance(value, dict):
        return value
    errors.add(path, NOT_AN_OBJECT)
    return None


def _list(value: Any, path: str, errors: Errors) -> list:
    if isinstance(value, list):
        return value
    errors.add(path, NOT_A_LIST)
    return []


def _unknown(data: dict, allowed: set[str], path: str, errors: Errors) -> None:
    for key in data:
        if key not in allowed:
            errors.add(f"{path}.{key}", UNKNOWN)


def _vocabulary_id(value: Any, path: str, errors: Errors, name: str | None) -> dict | None:
    """A ``{"id": ...}`` relation (``title`` is dump-only and dropped, as InvenioRDM does)."""
    data = _object(value, path, errors)
    if data is None:
        return None
    data = {k: v for k, v in data.items() if k != "title"}
    _unknown(data, {"id"}, path, errors)
    if not data.get("id"):
        errors.add(f"{path}.id", REQUIRED)
        return None
    if not _is_text(data["id"]):
        errors.add(f"{path}.id", NOT_A_STRING)
        return None
    if name is not None and data["id"] not in vocabulary(name):
        raise InvalidRelation(f"Invalid value {data['id']}.")
    return {"id": data["id"]}


def is_edtf_level0(value: str) -> bool:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (a real date), or a chronological ``A/B``."""
    parts = value.split("/")
    if len(parts) > 2:
        return False
    bounds = []
    for part in parts:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
        if not match:
            return False
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            return False
        bounds.append((year, month or 0, day or 0))
    return len(bounds) == 1 or bounds[0] <= bounds[1]


# -- metadata -----------------------------------------------------------------------------------


def _metadata(value: Any, errors: Errors, *, flavour: str) -> dict:
    if value is None:
        value = {}
    data = _object(value, "metadata", errors)
    if data is None:
        return {}
    data = copy.deepcopy(data)
    _unknown(data, METADATA_FIELDS, "metadata", errors)

    if "resource_type" in data:
        data["resource_type"] = _vocabulary_id(
            data["resource_type"], "metadata.resource_type", errors, "resourcetypes"
        )
    else:
        errors.add("metadata.resource_type", REQUIRED)

    _text(data, "title", errors, required=True, min_length=3)
    _text(data, "description", errors, required=flavour == "zenodo", min_length=3)
    _text(data, "version", errors, max_length=191)
    _text(data, "publisher", errors)

    if "publication_date" not in data:
        errors.add("metadata.publication_date", REQUIRED)
    elif not _is_text(data["publication_date"]) or not is_edtf_level0(data["publication_date"]):
        errors.add("metadata.publication_date", BAD_DATE)

    if "creators" not in data or data["creators"] == []:
        errors.add("metadata.creators", REQUIRED)
    else:
        data["creators"] = _people(data["creators"], "metadata.creators", errors, "creatorsroles")
    if "contributors" in data:
        data["contributors"] = _people(
            data["contributors"], "metadata.contributors", errors, "contributorsroles"
        )
    if "rights" in data:
        data["rights"] = _rights(data["rights"], errors)
    if "subjects" in data:
        _subjects(data["subjects"], errors)
    if "related_identifiers" in data:
        _related(data["related_identifiers"], errors)
    if "identifiers" in data:
        for i, item in enumerate(_list(data["identifiers"], "metadata.identifiers", errors)):
            _identifier(item, f"metadata.identifiers.{i}", errors, identifiers.RELATED)
    return {k: v for k, v in data.items() if v is not None}


def _text(data: dict, key: str, errors: Errors, *, required=False, min_length=0, max_length=None):
    path = f"metadata.{key}"
    if key not in data:
        if required:
            errors.add(path, REQUIRED)
        return
    value = data[key]
    if not _is_text(value):
        errors.add(path, NOT_A_STRING)
    elif len(value.strip()) < min_length:
        errors.add(path, f"Shorter than minimum length {min_length}.")
    elif max_length is not None and len(value) > max_length:
        errors.add(path, f"Longer than maximum length {max_length}.")


def _people(value: Any, path: str, errors: Errors, roles: str) -> list:
    people = []
    for i, item in enumerate(_list(value, path, errors)):
        where = f"{path}.{i}"
        person = _object(item, where, errors)
        if person is None:
            continue
        _unknown(person, CREATOR_FIELDS, where, errors)
        if "person_or_org" in person:
            person["person_or_org"] = _person_or_org(
                person["person_or_org"], f"{where}.person_or_org", errors
            )
        else:
            errors.add(f"{where}.person_or_org", REQUIRED)
        if "role" in person:
            person["role"] = _vocabulary_id(person["role"], f"{where}.role", errors, roles)
        elif roles == "contributorsroles":
            errors.add(f"{where}.role", REQUIRED)
        if "affiliations" in person:
            _affiliations(person["affiliations"], f"{where}.affiliations", errors)
        people.append({k: v for k, v in person.items() if v is not None})
    return people


def _person_or_org(value: Any, path: str, errors: Errors) -> dict | None:
    data = _object(value, path, errors)
    if data is None:
        return None
    _unknown(data, PERSON_OR_ORG_FIELDS, path, errors)
    kind = data.get("type")
    if kind not in TYPES:
        errors.add(f"{path}.type", f"Invalid value. Choose one of {TYPES}.")
        return data
    for key in ("name", "given_name", "family_name"):
        if key in data and not _is_text(data[key]):
            errors.add(f"{path}.{key}", NOT_A_STRING)
    if kind == "personal":
        if not data.get("family_name"):
            errors.add(f"{path}.family_name", "Family name cannot be blank.")
        names = [data.get("family_name"), data.get("given_name")]
        data["name"] = ", ".join(n for n in names if n and _is_text(n))
    else:
        if not data.get("name"):
            errors.add(f"{path}.name", "Name cannot be blank.")
        data.pop("given_name", None)
        data.pop("family_name", None)
    if "identifiers" in data:
        for i, item in enumerate(_list(data["identifiers"], f"{path}.identifiers", errors)):
            _identifier(item, f"{path}.identifiers.{i}", errors, identifiers.PERSON_OR_ORG)
    return data


def _affiliations(value: Any, path: str, errors: Errors) -> None:
    seen = set()
    items = _list(value, path, errors)
    for i, item in enumerate(items):
        data = _object(item, f"{path}.{i}", errors)
        if data is None:
            continue
        _unknown(data, {"id", "name"}, f"{path}.{i}", errors)
        if not data.get("id") and not data.get("name"):
            errors.add(f"{path}.{i}", "An existing id or a free text name must be present.")
        seen.add(data.get("name", data.get("id")))
    if len(seen) != len(items):
        names = ", ".join(sorted(n for n in seen if isinstance(n, str)))
        errors.add(path, f"Duplicated affiliations: {names}")


def _identifier(value: Any, path: str, errors: Errors, allowed: dict) -> None:
    data = _object(value, path, errors)
    if data is None:
        return
    identifier, scheme = data.get("identifier"), data.get("scheme")
    if identifier and not scheme and _is_text(identifier):
        scheme = data["scheme"] = identifiers.detect(identifier, allowed)
    if not scheme:
        message = "No valid scheme recognized for identifier." if identifier else REQUIRED
        errors.add(f"{path}.scheme", message)
    elif scheme not in allowed:
        errors.add(f"{path}.scheme", "Invalid scheme.")
    if not identifier:
        errors.add(f"{path}.identifier", REQUIRED)
    elif not _is_text(identifier):
        errors.add(f"{path}.identifier", NOT_A_STRING)
    elif scheme in allowed:
        if allowed[scheme](identifier):
            data["identifier"] = identifiers.normalize(identifier, scheme)
        else:
            label = identifiers.LABELS.get(scheme, scheme)
            errors.add(f"{path}.identifier", f"Invalid {label} identifier.")


def _rights(value: Any, errors: Errors) -> list:
    rights = []
    for i, item in enumerate(_list(value, "metadata.rights", errors)):
        path = f"metadata.rights.{i}"
        data = _object(item, path, errors)
        if data is None:
            continue
        _unknown(data, RIGHTS_FIELDS, path, errors)
        if data.get("id"):
            if len(data) > 1:  # so a dumped entry (with its title) cannot be sent back as is
                errors.add(f"{path}.rights", ONE_KIND_OF_RIGHTS)
            rights.append(_vocabulary_id({"id": data["id"]}, path, errors, "licenses"))
        elif data.get("title"):
            rights.append(data)
        else:
            errors.add(f"{path}.rights", "An existing id or a free text title must be present")
    return [r for r in rights if r is not None]


def _subjects(value: Any, errors: Errors) -> None:
    seen = set()
    for i, item in enumerate(_list(value, "metadata.subjects", errors)):
        path = f"metadata.subjects.{i}"
        data = _object(item, path, errors)
        if data is None:
            continue
        _unknown(data, {"id", "subject", "scheme"}, path, errors)
        if data.get("id"):
            # No subject vocabulary is loaded in this double (as on a fresh InvenioRDM).
            raise InvalidRelation(f"Invalid value {data['id']}.")
        subject = data.get("subject")
        if not subject or not _is_text(subject) or not subject.strip():
            errors.add(f"{path}.subject", "An existing id or a free text subject must be present.")
        elif subject in seen:
            errors.add(f"{path}.subject", f"Duplicated subject: {subject}")
        seen.add(subject)


def _related(value: Any, errors: Errors) -> None:
    for i, item in enumerate(_list(value, "metadata.related_identifiers", errors)):
        path = f"metadata.related_identifiers.{i}"
        data = _object(item, path, errors)
        if data is None:
            continue
        _unknown(data, RELATED_FIELDS, path, errors)
        _identifier(data, path, errors, identifiers.RELATED)
        if data.get("relation_type"):
            data["relation_type"] = _vocabulary_id(
                data["relation_type"], f"{path}.relation_type", errors, "relationtypes"
            )
        else:
            errors.add(f"{path}.relation_type", REQUIRED)
        if "resource_type" in data:
            data["resource_type"] = _vocabulary_id(
                data["resource_type"], f"{path}.resource_type", errors, "resourcetypes"
            )


# -- access and files ---------------------------------------------------------------------------


def _access(value: Any, errors: Errors) -> dict:
    if value is None:
        return {"record": "public", "files": "public", "embargo": _embargo({}, errors)}
    data = _object(value, "access", errors)
    if data is None:
        return {"record": "public", "files": "public", "embargo": _embargo({}, errors)}
    access = {}
    for key in ("record", "files"):
        if key not in data:
            errors.add(f"access.{key}", REQUIRED)
            access[key] = "public"
        elif data[key] not in PROTECTIONS:
            errors.add(f"access.{key}", f"'{key}' must be either 'public' or 'restricted'")
            access[key] = "public"
        else:
            access[key] = data[key]
    embargo = _object(data.get("embargo") or {}, "access.embargo", errors) or {}
    access["embargo"] = _embargo(embargo, errors)
    return access


def _embargo(data: dict, errors: Errors) -> dict:
    active, until = data.get("active"), data.get("until")
    until_date = None
    if until is not None:
        try:
            until_date = datetime.fromisoformat(until).replace(tzinfo=timezone.utc)
        except (TypeError, ValueError):
            errors.add("access.embargo.until", "Not a valid date.")
    now = datetime.now(timezone.utc)
    if active and (until_date is None or until_date < now):
        errors.add("access.embargo.until", "Embargo end date must be set to a future date.")
    elif active is not None and not active and until_date is not None and until_date > now:
        errors.add("access.embargo.until", "Embargo end date must be unset or in the past.")
    return {"active": bool(active), "until": until, "reason": data.get("reason")}


def _files(value: Any, errors: Errors) -> dict:
    if value is None:
        return {"enabled": True}
    data = _object(value, "files", errors)
    if data is None:
        return {"enabled": True}
    if "enabled" not in data:
        errors.add("files.enabled", REQUIRED)
        return {"enabled": True}
    if not isinstance(data["enabled"], bool):
        errors.add("files.enabled", "Not a valid boolean.")
        return {"enabled": True}
    return {"enabled": data["enabled"]}
