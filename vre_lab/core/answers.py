"""Checking a backend's answers against the parts of its API that vre-lab relies on (a small
JSON Schema subset: type, required, properties, additionalProperties, items). A backend that breaks
them gets a clear 502 instead of a confused panel."""

from __future__ import annotations

from .errors import BackendError


def obj(required: list[str] | None = None, **properties) -> dict:
    return {"type": "object", "required": required or [], "properties": properties}


_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "null": type(None),
}


def _mismatch(data, schema: dict, path: tuple) -> tuple[tuple, str] | None:
    """The first place where `data` breaks `schema` (the keywords used above only), or None.
    A small walker instead of jsonschema: long lists are checked on every refresh."""
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        ok = any(
            isinstance(data, _TYPES[kind]) and not (kind == "integer" and isinstance(data, bool))
            for kind in kinds
        )
        if not ok:
            return path, f"{' or '.join(kinds)} expected"
    if isinstance(data, dict):
        for key in schema.get("required", ()):
            if key not in data:
                return (*path, key), "required"
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in data.items():
            inner = properties.get(key, extra)
            if inner and (found := _mismatch(value, inner, (*path, key))):
                return found
    elif isinstance(data, list) and "items" in schema:
        for index, value in enumerate(data):
            if found := _mismatch(value, schema["items"], (*path, index)):
                return found
    return None


def check(data, schema: dict, what: str, service: str):
    found = _mismatch(data, schema, ())
    if found:
        where = ".".join(str(part) for part in found[0]) or "the answer"
        raise BackendError(
            f"{service} answered {what} with something that breaks its API ({where}: {found[1]})",
            code="backend_invalid",
        )
    return data
