"""The OpenAPI document of the REST API, and the request bodies it allows.

Every body a handler reads (`VRELabHandler.json_body`) is first checked here against the schema
the document gives its operation, so a handler never sees a body the document does not allow and
the document cannot drift from what the server accepts. Messages name the field and say what is
wrong without repeating the value (it may be a password)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

OPENAPI_PATH = Path(__file__).parent.parent / "openapi.yaml"


@functools.cache
def document() -> dict:
    return yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))


def _json_schema(schema):
    """An OpenAPI 3.0 schema object as JSON Schema (`nullable` becomes a null alternative)."""
    if isinstance(schema, list):
        return [_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _json_schema(value) for key, value in schema.items() if key != "nullable"}
    if schema.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _operations() -> list[tuple[re.Pattern, str, Draft202012Validator | None]]:
    doc = document()
    components = {"schemas": _json_schema(doc.get("components", {}).get("schemas", {}))}
    found = []
    for template, item in doc["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
        for method, operation in item.items():
            if method == "parameters":
                continue
            content = ((operation.get("requestBody") or {}).get("content")) or {}
            schema = (content.get("application/json") or {}).get("schema")
            validator = None
            if schema is not None:
                root = {**_json_schema(schema), "components": components}
                validator = Draft202012Validator(root)
            found.append((pattern, method.upper(), validator, template.count("{")))
    found.sort(key=lambda entry: entry[3])  # literal segments win over parameters
    return [entry[:3] for entry in found]


def body_validator(method: str, path: str) -> Draft202012Validator | None:
    """The validator of the body of `method path` (a path below the base URL), if it has one."""
    for pattern, documented, validator in _operations():
        if documented == method and pattern.match(path):
            return validator
    return None


def _field(error: ValidationError) -> str:
    path = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"{path}.{missing[0]}" if path else missing[0]
    return path or "body"


_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _what(error: ValidationError) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "type":
        kinds = value if isinstance(value, list) else [value]
        return "must be " + " or ".join(_TYPES.get(k, k) for k in kinds)
    if kind == "required":
        return "is required"
    if kind == "enum":
        return "must be one of " + ", ".join(map(str, value))
    if kind == "maxLength":
        return f"is at most {value} characters"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"is at least {value} characters"
    if kind in ("maxItems", "minItems"):
        return f"holds at {'most' if kind == 'maxItems' else 'least'} {value} items"
    if kind in ("maximum", "minimum"):
        return f"is at {'most' if kind == 'maximum' else 'least'} {value}"
    if kind == "additionalProperties":
        return "holds a field the API does not know"
    if kind == "pattern":
        described = error.schema.get("description", "").split(";")[0].strip()
        return (
            f"must be {described[0].lower()}{described[1:]}"
            if described
            else ("does not have the expected form")
        )
    return "is not valid here"


def _explained(error: ValidationError) -> ValidationError:
    while error.validator in ("anyOf", "oneOf", "allOf") and error.context:
        inner = [e for e in error.context if e.validator != "type" or e.validator_value != "null"]
        error = best_match(inner or error.context)
    return error


def body_problems(validator: Draft202012Validator, body) -> list[dict]:
    """The problems of `body`, each `{field, message}`, the most relevant first."""
    errors = sorted(validator.iter_errors(body), key=lambda e: (len(e.absolute_path), str(e.path)))
    problems = []
    for error in errors[:20]:
        error = _explained(error)
        field = _field(error)
        problems.append({"field": field, "message": f"{field} {_what(error)}"})
    return problems
