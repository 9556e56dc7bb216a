"""The server's check of a deposit: the rules of `deposit.schema.json` (the one statement of them,
which the browser checks with ajv as the user types: src/zenodo/validate.ts), read with
`jsonschema`, plus the exact identifier checks only the server makes (`idutils`, check digits).

Every error is a `FieldError` at InvenioRDM's path of the field the form shows it at
(`metadata.creators.0.person_or_org.family_name`), with the message the schema gives. The check
never raises, whatever JSON it is given.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib.resources import files

from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators

from .identifiers import CHECKED_SCHEMES, identifier_is_valid
from .rows import blank
from .vocabularies import ids

SCHEMA_FILE = "deposit.schema.json"
SCHEMA: dict = json.loads(files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8"))
_DEFINITIONS: dict = SCHEMA["definitions"]


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


# ---------------------------------------------------------------------------------------------
# the deposit as the schema reads it


def tidy_deposit(deposit, *, skip_empty_rows: bool = True):
    """Text stripped, blank text and nulls gone (absent, as far as `required` goes), `metadata`
    present; with `skip_empty_rows`, the empty rows of lists become null (the schema lets null
    rows pass): a row left empty is no entry, and the normal form drops it."""
    value = _tidy(deposit, skip_empty_rows)
    if isinstance(value, dict) and "metadata" not in value:
        value["metadata"] = {}
    return value


def _tidy(value, skip_empty_rows: bool):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [
            None
            if skip_empty_rows and not isinstance(item, str) and blank(item)
            else _tidy(item, skip_empty_rows)
            for item in value
        ]
    if isinstance(value, dict):
        return {
            key: _tidy(item, skip_empty_rows)
            for key, item in value.items()
            if item is not None and not (isinstance(item, str) and not item.strip())
        }
    return value


# ---------------------------------------------------------------------------------------------
# the schema's messages and own keywords

_today: ContextVar[date] = ContextVar("today")


def _messages(schema) -> dict:
    messages = schema.get("messages") if isinstance(schema, dict) else None
    return messages if isinstance(messages, dict) else {}


def message(schema, keyword: str, value=None) -> str:
    """The schema's message for a `keyword` that failed (`%1`: the value)."""
    text = _messages(schema).get(keyword)
    if keyword == "type" and not isinstance(text, str):
        types = schema.get("type")
        text = SCHEMA["typeMessages"].get(types[0] if isinstance(types, list) else types)
    if not isinstance(text, str):
        text = SCHEMA["fallbackMessage"]
    return text.replace("%1", str(value)) if value is not None else text


def _required(validator, required, instance, schema):
    """`required`, with the message (and field: `resource_type.id`) the schema gives."""
    if not validator.is_type(instance, "object"):
        return
    texts = _messages(schema).get("required") or {}
    for name in required:
        if name not in instance:
            at = next((key for key in texts if key == name or key.startswith(f"{name}.")), name)
            yield ValidationError(texts.get(at, SCHEMA["fallbackMessage"]), path=at.split("."))


def _vocabulary(validator, name, instance, schema):
    if isinstance(instance, str) and instance not in ids(name):
        yield ValidationError(message(schema, "vocabulary", instance))


def _distinct_by(validator, keys, instance, schema):
    if not isinstance(instance, list):
        return
    seen = set()
    for index, item in enumerate(instance):
        if not isinstance(item, dict):
            continue
        text = next((item[key] for key in keys if isinstance(item.get(key), str) and item[key]), "")
        if text and text.lower() in seen:
            yield ValidationError(message(schema, "distinctBy", text), path=[index, keys[0]])
        seen.add(text.lower())


def _after_today(validator, on, instance, schema):
    day = _day(instance) if on and isinstance(instance, str) else None
    if day is not None and day <= _today.get():
        yield ValidationError(message(schema, "afterToday"))


def identifier_forms() -> dict[str, re.Pattern]:
    """The form of an identifier per scheme, as the schema states it for people."""
    forms = {}
    for rule in _DEFINITIONS["identifierForms"]["allOf"]:
        scheme = rule["if"]["properties"]["scheme"]["const"]
        forms[scheme] = re.compile(rule["then"]["properties"]["identifier"]["pattern"])
    return forms


_FORMS = identifier_forms()


def _identifier_checks(validator, on, instance, schema):
    """The exact form (check digits too) of an identifier whose form the schema accepted."""
    if not on or not isinstance(instance, dict):
        return
    scheme, identifier = instance.get("scheme"), instance.get("identifier")
    if not isinstance(scheme, str) or not isinstance(identifier, str) or not identifier:
        return
    form = _FORMS.get(scheme)
    if scheme not in CHECKED_SCHEMES or (form is not None and not form.search(identifier)):
        return  # an unknown scheme, or a form the schema already refuses
    if not identifier_is_valid(scheme, identifier):
        texts = _DEFINITIONS["identifierMessages"]
        text = texts.get(scheme, texts["*"]).replace("%1", scheme.upper())
        yield ValidationError(text, path=["identifier"])


# keywords whose errors carry their message already
_OWN_MESSAGES = frozenset(
    {"required", "vocabulary", "distinctBy", "afterToday", "identifierChecks"}
)
_Validator = validators.extend(
    Draft7Validator,
    {
        "required": _required,
        "vocabulary": _vocabulary,
        "distinctBy": _distinct_by,
        "afterToday": _after_today,
        "identifierChecks": _identifier_checks,
    },
)

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


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("edtf-date")(lambda text: not isinstance(text, str) or _edtf_level0_date(text))
_FORMATS.checks("day")(lambda text: not isinstance(text, str) or _day(text) is not None)

_RULES = _Validator(SCHEMA, format_checker=_FORMATS)
_ADVICE = _Validator(_DEFINITIONS["advice"], format_checker=_FORMATS)
_ZENODO = _Validator(_DEFINITIONS["zenodo"], format_checker=_FORMATS)


# ---------------------------------------------------------------------------------------------
# the check


def _field_errors(rules, value) -> list[FieldError]:
    found: dict[str, FieldError] = {}  # the first problem of each field
    for error in rules.iter_errors(value):
        at = ".".join(str(part) for part in error.absolute_path)
        if error.validator in _OWN_MESSAGES:
            text = error.message
        else:
            text = message(error.schema, error.validator, error.instance)
        found.setdefault(at, FieldError(at, text))
    return list(found.values())


def validate_deposit(
    deposit, *, require_description: bool = False, today: date | None = None
) -> Validation:
    """Check a deposit (any JSON) against the rules of docs/publishing.md (deposit.schema.json).
    `require_description`: the rules Zenodo adds."""
    token = _today.set(today or date.today())
    try:
        value = tidy_deposit(deposit)
        errors = _field_errors(_RULES, value)
        if require_description:
            flagged = {error.field for error in errors}
            errors += [e for e in _field_errors(_ZENODO, value) if e.field not in flagged]
        warnings = _field_errors(_ADVICE, value) if isinstance(value, dict) else []
    finally:
        _today.reset(token)
    flagged = {error.field for error in errors}
    return Validation(errors, [w for w in warnings if w.field not in flagged])
