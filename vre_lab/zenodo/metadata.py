"""The deposit the publish form edits: InvenioRDM's draft body plus our `communities`
(docs/publishing.md). Its validation, its normal form, and the conversions from and to records."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from .vocabularies import PERSON_OR_ORG_SCHEMES, ids

# ---------------------------------------------------------------------------------------------
# identifiers: the forms InvenioRDM's `idutils` accepts, for the schemes of the vocabularies

_ORCID_URL = re.compile(r"^https?://(www\.)?orcid\.org/", re.IGNORECASE)
_ORCID_TYPED = re.compile(r"\d{4}-?\d{4}-?\d{4}-?\d{3}[\dX]")
# ORCID iDs are ISNIs from two blocks (the number without its check character).
_ORCID_BLOCKS = ((15_000_000, 35_000_000), (900_000_000_000, 900_100_000_000))
_ROR = re.compile(r"(?:https?://)?(?:ror\.org/)?(0[a-z0-9]{6}\d{2})", re.IGNORECASE)


def _mod11_2(digits: str) -> bool:
    """ISO 7064 MOD 11-2 (ORCID, ISNI): the 16th character checks the first 15; 10 is X."""
    if not re.fullmatch(r"\d{15}[\dX]", digits):
        return False
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def normalise_orcid(text: str) -> str:
    """The bare form (`0000-0002-1825-0097`) of an ORCID iD given bare, as `https://orcid.org/…`
    or without dashes; anything else comes back stripped only."""
    bare = _ORCID_URL.sub("", text.strip()).rstrip("/").upper()
    if not _ORCID_TYPED.fullmatch(bare):
        return text.strip()
    digits = bare.replace("-", "")
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def orcid_is_valid(text) -> bool:
    if not isinstance(text, str):
        return False
    digits = normalise_orcid(text).replace("-", "")
    if not _mod11_2(digits):
        return False
    number = int(digits[:-1])
    return any(low <= number <= high for low, high in _ORCID_BLOCKS)


def _digits(text: str) -> str:
    return text.replace("-", "").replace(" ", "").upper()


def _isni(text: str) -> bool:
    return _mod11_2(_digits(text))


def _issn(text: str) -> bool:
    value = _digits(text)
    if not re.fullmatch(r"\d{7}[\dX]", value):
        return False
    return sum((8 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(value)) % 11 == 0


def _ean13(text: str) -> bool:
    if not re.fullmatch(r"\d{13}", text):
        return False
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(text[:12]))
    return (10 - total % 10) % 10 == int(text[12])


def _isbn(text: str) -> bool:
    value = _digits(text)
    if re.fullmatch(r"\d{9}[\dX]", value):
        return sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(value)) % 11 == 0
    return value[:3] in ("978", "979") and _ean13(value)


def _istc(text: str) -> bool:
    value = _digits(text)
    if not re.fullmatch(r"[0-9A-F]{16}", value):
        return False
    total = sum(int(c, 16) * (11, 9, 3, 1)[i % 4] for i, c in enumerate(value[:15]))
    return f"{total % 16:X}" == value[15]


def _url(text: str, schemes: tuple[str, ...] = ()) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if schemes and parts.scheme.lower() not in schemes:
        return False
    return bool(parts.scheme and parts.netloc) and not re.search(r"\s", text)


def _urn(text: str) -> bool:
    return re.fullmatch(r"urn:[a-z0-9][a-z0-9-]*:\S+", text, re.IGNORECASE) is not None


_PURL_HOSTS = ("purl.org", "purl.oclc.org", "purl.net", "purl.com", "purl.fdlp.gov")


def _purl(text: str) -> bool:
    if not _url(text, ("http", "https")):
        return False
    parts = urlsplit(text)
    return parts.netloc.lower() in _PURL_HOSTS and parts.path not in ("", "/")


def _pattern(regex: str, flags: int = re.IGNORECASE) -> Callable[[str], bool]:
    compiled = re.compile(regex, flags)
    return lambda text: compiled.fullmatch(text) is not None


def _any_text(text: str) -> bool:
    return bool(text)


_ARXIV = (
    r"(arxiv:)?("
    r"\d{4}\.\d{4,5}(v\d+)?"  # 2007 on: 2101.01234v2
    r"|[a-z-]+(\.[a-z]{2})?/\d{7}(v\d+)?"  # before: hep-ph/0101001, math.GT/0309136
    r"|[a-z-]+(\.[a-z]{2})?/\d{4}\.\d{4,5}(v\d+)?)"  # both mixed, seen in real data
)

_CHECKS: dict[str, Callable[[str], bool]] = {
    "ads": _pattern(r"(ads:)?\d{4}[A-Za-z]\S{13}[A-Za-z.:]", 0),
    "ark": _pattern(r"(https?://[^/\s]+/)?ark:/?[0-9bcdfghjkmnpqrstvwxz]+/\S+", 0),
    "arxiv": _pattern(_ARXIV),
    "crossreffunderid": _any_text,
    "cstr": _pattern(r"(cstr:)?([\w-]+\.){3}[\w-]+"),
    "doi": _pattern(r"(doi:\s*|(https?://)?(dx\.)?doi\.org/)?10\.\d+(\.\d+)*/\S.*"),
    "ean13": _ean13,
    "eissn": _issn,
    "gnd": _pattern(
        r"(gnd:|https?://d-nb\.info/gnd/)?"
        r"(1[012]?\d{7}[0-9X]|[47]\d{6}-\d|[1-9]\d{0,7}-[0-9X]|3\d{7}[0-9X])"
    ),
    "grid": _any_text,
    "handle": _pattern(r"(hdl:\s*|(https?://)?hdl\.handle\.net/)?[^/.\s]+(\.[^/.\s]+)*/\S.*"),
    "igsn": _any_text,
    "isbn": _isbn,
    "isni": _isni,
    "issn": _issn,
    "istc": _istc,
    "lissn": _issn,
    "lsid": _pattern(r"urn:lsid:[^:\s]+(:[^:\s]+){2,3}"),
    "orcid": orcid_is_valid,
    "other": _any_text,
    "pmid": _pattern(r"(pmid:|https?://pubmed\.ncbi\.nlm\.nih\.gov/)?\d+/?"),
    "purl": _purl,
    "ror": lambda text: _ROR.fullmatch(text) is not None,
    "rrid": _pattern(r"(rrid:)?[a-z]+_[a-z0-9_-]+"),
    "upc": _any_text,
    "url": _url,
    "urn": _urn,
    "w3id": _any_text,
    "wikidata": _pattern(r"(wikidata:\s*|(https?://)?www\.wikidata\.org/(entity|wiki)/)?Q\d+"),
}


def identifier_is_valid(scheme, identifier) -> bool:
    """Whether `identifier` has the form of `scheme` (any scheme of the vocabularies, or a person's
    or organisation's: orcid, isni, gnd, ror)."""
    check = _CHECKS.get(scheme) if isinstance(scheme, str) else None
    return check is not None and isinstance(identifier, str) and check(identifier.strip())


def _normal_identifier(scheme: str, identifier: str) -> str:
    if scheme == "orcid":
        return normalise_orcid(identifier)
    if scheme == "ror" and (match := _ROR.fullmatch(identifier)):
        return match[1].lower()
    return identifier


# ---------------------------------------------------------------------------------------------
# validation


@dataclass
class FieldError:
    field: str  # InvenioRDM field path, `metadata.creators.0.person_or_org.family_name`
    message: str


@dataclass
class Validation:
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        return {
            "valid": self.valid,
            "errors": [asdict(error) for error in self.errors],
            "warnings": [asdict(warning) for warning in self.warnings],
        }


# Choices the form preselects: an entry holding nothing else is an empty row, not an entry.
_SELECTORS = frozenset({"type", "scheme", "role", "relation_type", "resource_type"})


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_blank(v) for k, v in value.items() if k not in _SELECTORS)
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return False


def _list_or_none(value) -> bool:
    return value is None or isinstance(value, list)


def _text_or_none(value) -> bool:
    return value is None or isinstance(value, str)


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _edtf_level0_date(text: str) -> bool:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a day that exists."""
    match = _DATE.fullmatch(text)
    if not match:
        return False
    try:
        date(*(int(part) if part else 1 for part in match.groups()))
    except ValueError:
        return False
    return True


def _day(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class _Checker:
    """Collects errors and warnings; reads fields of any JSON without ever raising."""

    def __init__(self):
        self.result = Validation()

    def error(self, path: str, message: str) -> None:
        self.result.errors.append(FieldError(path, message))

    def warn(self, path: str, message: str) -> None:
        self.result.warnings.append(FieldError(path, message))

    def object(self, parent: dict, key: str, path: str, missing: str = "") -> dict | None:
        """The object at `key`: {} when absent (an error if `missing` says why), None when
        it is something else (an error)."""
        value = parent.get(key)
        if _blank(value) and not isinstance(value, dict):
            if missing:
                self.error(path, missing)
            return {}
        if not isinstance(value, dict):
            self.error(path, "Must be an object.")
            return None
        return value

    def text(self, parent: dict, key: str, path: str, missing: str = "") -> str:
        """The stripped text at `key`; "" when absent, blank or not text (errors as needed)."""
        value = parent.get(key)
        if value is not None and not isinstance(value, str):
            self.error(path, "Must be text.")
            return ""
        if _blank(value) and missing:
            self.error(path, missing)
        return (value or "").strip()

    def choice(self, parent, key: str, path: str, vocabulary: str, what: str, missing: str = ""):
        """A vocabulary reference `{"id": …}` at `key`; its id, or "" if absent or wrong."""
        reference = self.object(parent, key, path)
        return (
            "" if reference is None else self.known_id(reference, path, vocabulary, what, missing)
        )

    def known_id(self, reference: dict, path: str, vocabulary: str, what: str, missing: str = ""):
        id_ = self.text(reference, "id", f"{path}.id", missing)
        if id_ and id_ not in ids(vocabulary):
            self.error(f"{path}.id", f"{id_!r} is not a known {what}.")
            return ""
        return id_

    def entries(self, parent: dict, key: str, path: str) -> list[tuple[str, dict]]:
        """The non-empty entries of the list at `key`, each with its path."""
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "Must be a list.")
            return []
        found = []
        for index, item in enumerate(value):
            if _blank(item):
                continue
            if isinstance(item, dict):
                found.append((f"{path}.{index}", item))
            else:
                self.error(f"{path}.{index}", "Must be an object.")
        return found


def validate_deposit(
    deposit, *, require_description: bool = False, today: date | None = None
) -> Validation:
    """Check a deposit (any JSON) against the rules of docs/publishing.md."""
    check = _Checker()
    if not isinstance(deposit, dict):
        check.error("", "The deposit must be a JSON object.")
        return check.result
    metadata = check.object(deposit, "metadata", "metadata")
    access = check.object(deposit, "access", "access")
    if metadata is not None:
        _check_metadata(check, metadata, require_description)
    if access is not None:
        _check_access(check, access, today or date.today())
        open_files = access.get("files") in (None, "public")
        if metadata is not None and open_files and not _filled(metadata.get("rights")):
            check.warn("metadata.rights", "Open files are best published with a license.")
    _check_extras(check, deposit)
    return check.result


def _check_metadata(check: _Checker, metadata: dict, require_description: bool) -> None:
    _check_texts(check, metadata, require_description)
    creators = check.entries(metadata, "creators", "metadata.creators")
    if not creators and _list_or_none(metadata.get("creators")):
        check.error("metadata.creators", "Add at least one creator.")
    for path, creator in creators:
        _check_party(check, creator, path, role_required=False)
    for path, contributor in check.entries(metadata, "contributors", "metadata.contributors"):
        _check_party(check, contributor, path, role_required=True)
    for path, license_ in check.entries(metadata, "rights", "metadata.rights"):
        check.known_id(license_, path, "licenses", "license", "Choose a license.")
    _check_subjects(check, metadata)
    related = check.entries(metadata, "related_identifiers", "metadata.related_identifiers")
    for path, entry in related:
        _check_related(check, entry, path)


def _check_texts(check: _Checker, metadata: dict, require_description: bool) -> None:
    """The resource type and the fields of text: title, date, description, version."""
    check.choice(
        metadata,
        "resource_type",
        "metadata.resource_type",
        "resource_types",
        "resource type",
        missing="Choose a resource type.",
    )
    title = check.text(metadata, "title", "metadata.title", missing="Give a title.")
    if 0 < len(title) < 3:
        check.error("metadata.title", "A title needs at least 3 characters.")
    published = check.text(
        metadata, "publication_date", "metadata.publication_date", "Give the publication date."
    )
    if published and not _edtf_level0_date(published):
        check.error(
            "metadata.publication_date",
            f"{published!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.",
        )
    description = check.text(metadata, "description", "metadata.description")
    if 0 < len(description) < 3:
        check.error("metadata.description", "A description needs at least 3 characters.")
    if not description:
        if require_description:
            check.error("metadata.description", "This repository needs a description.")
        elif _text_or_none(metadata.get("description")):
            check.warn("metadata.description", "A description helps others find and reuse it.")
    if len(check.text(metadata, "version", "metadata.version")) > 191:
        check.error("metadata.version", "A version has at most 191 characters.")


def _check_party(check: _Checker, entry: dict, path: str, *, role_required: bool) -> None:
    """A creator or contributor: the person or organisation, its identifiers, affiliations, role."""
    where = f"{path}.person_or_org"
    who = check.object(entry, "person_or_org", where, "Give a name.")
    if who:
        kind = check.text(who, "type", f"{where}.type")
        if kind == "personal":
            check.text(who, "family_name", f"{where}.family_name", "A person needs a family name.")
            check.text(who, "given_name", f"{where}.given_name")
        elif kind == "organizational":
            check.text(who, "name", f"{where}.name", "An organisation needs a name.")
        else:
            check.error(f"{where}.type", "Choose 'personal' or 'organizational'.")
        for at, identifier in check.entries(who, "identifiers", f"{where}.identifiers"):
            _check_identifier(check, identifier, at, PERSON_OR_ORG_SCHEMES)
    check.choice(
        entry,
        "role",
        f"{path}.role",
        "roles",
        "role",
        missing="Choose a role." if role_required else "",
    )
    seen = set()
    for at, affiliation in check.entries(entry, "affiliations", f"{path}.affiliations"):
        name = check.text(affiliation, "name", f"{at}.name")
        key = (name or check.text(affiliation, "id", f"{at}.id")).casefold()
        if not key:
            check.error(f"{at}.name", "An affiliation needs a name.")
        elif key in seen:
            check.error(f"{at}.name", f"{name or key!r} is named twice.")
        seen.add(key)


_MESSAGES = {
    "orcid": "is not an ORCID iD (dddd-dddd-dddd-dddX, with a correct check digit).",
    "ror": "is not a ROR id (9 characters, like 01ggx4157).",
}


def _check_identifier(check: _Checker, entry: dict, path: str, schemes) -> None:
    scheme = check.text(entry, "scheme", f"{path}.scheme", "Choose the kind of identifier.")
    identifier = check.text(entry, "identifier", f"{path}.identifier", "Give the identifier.")
    if scheme and scheme not in schemes:
        check.error(f"{path}.scheme", f"{scheme!r} is not a known kind of identifier here.")
    elif scheme and identifier and not identifier_is_valid(scheme, identifier):
        message = _MESSAGES.get(scheme, f"is not a valid {scheme} identifier.")
        check.error(f"{path}.identifier", f"{identifier!r} {message}")


def _check_subjects(check: _Checker, metadata: dict) -> None:
    subjects = check.entries(metadata, "subjects", "metadata.subjects")
    if not subjects and _list_or_none(metadata.get("subjects")):
        check.warn("metadata.subjects", "Keywords help others find it.")
    seen = set()
    for path, subject in subjects:
        # a subject is free text, or the id of a controlled one
        text = check.text(subject, "subject", f"{path}.subject")
        key = (text or check.text(subject, "id", f"{path}.id")).casefold()
        if not key:
            check.error(f"{path}.subject", "Give the keyword.")
        elif key in seen:
            check.error(f"{path}.subject", f"{text or key!r} is there twice.")
        seen.add(key)


def _check_related(check: _Checker, entry: dict, path: str) -> None:
    _check_identifier(check, entry, path, ids("identifier_schemes"))
    check.choice(
        entry,
        "relation_type",
        f"{path}.relation_type",
        "relation_types",
        "relation",
        missing="Choose how it is related.",
    )
    check.choice(entry, "resource_type", f"{path}.resource_type", "resource_types", "type")


def _check_access(check: _Checker, access: dict, today: date) -> None:
    for key in ("record", "files"):
        if access.get(key) not in (None, "public", "restricted"):
            check.error(f"access.{key}", "Must be 'public' or 'restricted'.")
    embargo = check.object(access, "embargo", "access.embargo")
    if not embargo:
        return
    active = embargo.get("active")
    if active is not None and not isinstance(active, bool):
        check.error("access.embargo.active", "Must be true or false.")
    until = check.text(embargo, "until", "access.embargo.until")
    check.text(embargo, "reason", "access.embargo.reason")
    if active is True:
        day = _day(until)
        if day is None:
            check.error("access.embargo.until", "Give the day the embargo ends (YYYY-MM-DD).")
        elif day <= today:
            check.error("access.embargo.until", "The embargo must end after today.")


def _check_extras(check: _Checker, deposit: dict) -> None:
    communities = deposit.get("communities")
    if communities is not None and not (
        isinstance(communities, list) and all(isinstance(c, str) for c in communities)
    ):
        check.error("communities", "Must be a list of community ids.")
    files = check.object(deposit, "files", "files")
    if files and not isinstance(files.get("enabled", True), bool):
        check.error("files.enabled", "Must be true or false.")


# ---------------------------------------------------------------------------------------------
# the deposit's normal form, and conversions

OPEN_ACCESS = {
    "record": "public",
    "files": "public",
    "embargo": {"active": False, "until": None, "reason": None},
}
_ENTRY_LISTS = ("creators", "contributors", "rights", "subjects", "related_identifiers")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _filled(value) -> list:
    """The entries of a list someone filled in (empty rows dropped)."""
    return [item for item in value if not _blank(item)] if isinstance(value, list) else []


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
        {**item, "identifier": _normal_identifier(item.get("scheme"), item["identifier"])}
        for item in _filled(who.get("identifiers"))
        if isinstance(item, dict) and isinstance(item.get("identifier"), str)
    ]
    who.pop("identifiers", None)
    entry["person_or_org"] = {**who, **({"identifiers": identifiers} if identifiers else {})}
    affiliations = [
        item for item in _filled(entry.pop("affiliations", None)) if isinstance(item, dict)
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
            value = [item for item in _filled(value) if isinstance(item, dict)]
        if key in ("creators", "contributors"):
            value = [_normal_party(item) for item in value]
        if not _blank(value):
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
        if key not in target or (_blank(target[key]) and not _blank(value)):
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
