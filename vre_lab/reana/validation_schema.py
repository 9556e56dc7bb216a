"""reana.yaml against REANA's JSON Schema: unknown keys are warnings, every other failure an error.

That is reana-client's rule too: it reports `additionalProperties` failures as "Unexpected
properties" warnings and exits 1 on any other schema error.

The schema is REANA's (`reana_analysis_schema.json`, vendored unchanged from the pinned
reana-commons, see its `.license` file) with vre-lab's overlay (`reana_yaml_schema.json`: the
hints of our messages and the rules reana-client applies beyond its schema) merged into it as a
JSON Merge Patch (RFC 7386). It is validated with the draft the upstream schema names (draft-07),
as reana-commons validates it.
"""

from __future__ import annotations

import datetime
import difflib
import json
from functools import lru_cache
from importlib import resources

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from .validation_model import IssueList, dotted

_KINDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


# the vendored upstream schema: where it comes from, and what it must be byte for byte
REANA_COMMONS_VERSION = "0.9.11"  # what reana-client 0.9.6 installs (tests/reana_double/spec.py)
UPSTREAM_MEMBER = "reana_commons/validation/schemas/reana_analysis_schema.json"
UPSTREAM_FILE = "reana_analysis_schema.json"
UPSTREAM_SHA256 = "c496e7b69ae4106a3a2b9436df1564cf1228dc034c7b5dff19ecf9823f57df42"
OVERLAY_FILE = "reana_yaml_schema.json"


def _packaged(name: str) -> dict:
    return json.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def merge_patch(target, patch):
    """`patch` applied to `target` as RFC 7386 says: mappings merge key by key, `null` removes a
    key, anything else replaces. Neither argument is changed."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def upstream_schema() -> dict:
    """REANA's schema as reana-commons ships it."""
    return _packaged(UPSTREAM_FILE)


@lru_cache(maxsize=1)
def reana_yaml_schema() -> dict:
    """The schema a reana.yaml is validated against: REANA's, with our overlay."""
    return merge_patch(upstream_schema(), _packaged(OVERLAY_FILE))


@lru_cache(maxsize=1)
def _validator() -> Validator:
    schema = reana_yaml_schema()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check_schema(data, issues: IssueList) -> None:
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and error.validator_value is False:
            for key in _extra_keys(error.instance, error.schema):
                message = _unknown_key_message(path, key, error.schema)
                issues.warning(message, (*path, key), on_key=True)
        elif error.validator == "required":
            for key in error.validator_value:
                if isinstance(error.instance, dict) and key not in error.instance:
                    issues.error(_with_hint(_missing(path, key), error.schema), (*path, key))
        else:
            issues.error(_with_hint(_message(error, path), error.schema), path)


def _extra_keys(instance: dict, schema: dict) -> list:
    known = schema.get("properties", {})
    return [key for key in instance if key not in known]


def _unknown_key_message(path: tuple, key, schema: dict) -> str:
    where = f" in `{dotted(path)}`" if path else ""
    unlisted = schema.get("x-unlisted-keys", {}).get(key)
    if unlisted:
        return f"Unknown key `{key}`{where}: {unlisted}"
    close = difflib.get_close_matches(str(key), list(schema.get("properties", {})), n=1)
    hint = f" Did you mean `{close[0]}`?" if close else ""
    return f"Unknown key `{key}`{where}: REANA ignores it.{hint}"


def _missing(path: tuple, key) -> str:
    if not path:
        return f"The file has no `{key}` section."
    if isinstance(path[-1], int) and len(path) > 1:
        return f"Item {path[-1]} of `{path[-2]}` has no `{key}`."
    return f"`{path[-1]}` has no `{key}`."


def _with_hint(message: str, schema: dict) -> str:
    hint = schema.get("x-hint") if isinstance(schema, dict) else None
    return f"{message} {hint}" if hint else message


def _name(path: tuple) -> str:
    """How a message names the value at `path` (the issue's key gives the full path)."""
    if not path:
        return "The file"
    if isinstance(path[-1], int) and len(path) > 1:
        return f"Item {path[-1]} of `{path[-2]}`"
    return f"`{path[-1]}`"


def _message(error, path: tuple) -> str:
    name = _name(path)
    value = error.instance
    rule = error.validator_value
    if error.validator == "type":
        if not path:
            return (
                f"The file must be a mapping of keys (inputs, workflow, ...), not {_kind(value)}."
            )
        wanted = " or ".join(_KINDS.get(t, t) for t in ([rule] if isinstance(rule, str) else rule))
        return f"{name} must be {wanted}, not {_kind(value)}."
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in rule)
        return f"{name} is `{value}`, which is not one of: {choices}."
    if error.validator == "minItems":
        return f"{name} must list at least {rule} item{'s' if rule != 1 else ''}."
    if error.validator == "minProperties":
        return f"{name} must not be empty."
    if error.validator == "minimum":
        return f"{name} must be at least {rule}, not {value}."
    if error.validator == "uniqueItems":
        return f"{name} lists the same item twice."
    if error.validator == "minLength":
        return f"{name} must not be empty."
    if error.validator == "maxLength":
        return f"{name} is longer than {rule} characters."
    if error.validator == "pattern":
        return f"{name} (`{value}`) is not in the expected form."
    return f"{name} is not valid: {error.message}."


def _kind(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"' if len(value) <= 40 else "a text"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
