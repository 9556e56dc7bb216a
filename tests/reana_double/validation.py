# Long on purpose: the strict double's one checker of REANA's Swagger 2.0 spec (its Draft 4
# conversion, routes, requests and answers), which every operation of the double goes through.
"""Requests and responses checked against REANA's Swagger 2.0 spec, with jsonschema Draft 4.

Swagger 2.0 schemas are a dialect of Draft 4: :func:`to_draft4` turns ``x-nullable: true`` into
"or null" (bravado, which reana-client uses, refuses ``null`` anywhere else), drops ``type: file``
and vendor keys, and keeps ``$ref``\\ s to ``#/definitions/...`` working by carrying the converted
definitions along with each schema.

Deliberate tolerances, each one a place where REANA itself differs from its spec:

- a path parameter named ``file_name`` may hold slashes (Flask's ``<path:file_name>``);
- an ``array`` query parameter may also be repeated (REANA reads ``status`` with ``getlist``);
- ``download_file`` may get a ``file_name`` query parameter: reana-client sends one;
- :data:`AUTH_ANSWERS`: every operation that takes ``access_token`` may answer 401 or 403 with
  ``{"message": ...}`` even where the spec does not declare it (REANA's ``signin_required``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft4Validator

GREEDY_PATH_PARAMETERS = frozenset({"file_name"})
TOLERATED_QUERY_PARAMETERS = frozenset({("download_file", "file_name")})
AUTH_ANSWERS = frozenset({401, 403})
MESSAGE_SCHEMA = {
    "type": "object",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
COLLECTION_SEPARATORS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}
SCHEMA_KEYWORDS_OF_PARAMETERS = (
    "type",
    "format",
    "items",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
)
DROPPED_KEYS = frozenset({"discriminator", "readOnly", "xml", "externalDocs", "example"})


def to_draft4(schema: Any) -> Any:
    """A Swagger 2.0 schema object as a JSON Schema Draft 4 schema."""
    if isinstance(schema, list):
        return [to_draft4(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or key in DROPPED_KEYS:
            continue
        if key == "type" and value == "file":
            continue
        if key in ("properties", "definitions"):
            out[key] = {name: to_draft4(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[key] = to_draft4(value)
        else:
            out[key] = value
    if schema.get("x-nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def media_type_matches(actual: str, declared: str) -> bool:
    declared = declared.lower()
    if declared in ("*/*", actual):
        return True
    if declared.endswith("/*"):
        return actual.startswith(declared[:-1])
    return False


def _describe(error) -> str:
    where = "$" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )
    text = error.message if len(error.message) <= 200 else error.message[:200] + "..."
    return f"{where}: {text}"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern
    parameters: tuple[dict, ...]
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    responses: dict

    @property
    def label(self) -> str:
        return f"{self.method} {self.template} ({self.operation_id})"

    def parameters_in(self, location: str) -> dict[str, dict]:
        return {p["name"]: p for p in self.parameters if p.get("in") == location}

    @property
    def body_parameter(self) -> dict | None:
        return next((p for p in self.parameters if p.get("in") == "body"), None)

    @property
    def takes_access_token(self) -> bool:
        return "access_token" in self.parameters_in("query")

    @property
    def takes_binary_body(self) -> bool:
        body = self.body_parameter
        return bool(
            body
            and body.get("schema", {}).get("type") == "string"
            and self.consumes
            and "application/json" not in self.consumes
        )


class RouteMiss(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class CheckedRequest:
    operation: Operation
    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class SpecValidator:
    """Route matching and request/response validation for one Swagger 2.0 document."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.definitions = {
            name: to_draft4(schema) for name, schema in (spec.get("definitions") or {}).items()
        }
        self.operations: dict[str, Operation] = {}
        self._routes: list[tuple[re.Pattern, dict[str, Operation], str, int]] = []
        self._validators: dict[tuple, Draft4Validator] = {}
        global_consumes = tuple(spec.get("consumes") or ())
        global_produces = tuple(spec.get("produces") or ())
        for template, item in spec["paths"].items():
            shared = list(item.get("parameters") or ())
            pattern = self._compile(template)
            by_method: dict[str, Operation] = {}
            for method in HTTP_METHODS:
                raw = item.get(method)
                if raw is None:
                    continue
                own = [self._deref(p) for p in raw.get("parameters") or ()]
                names = {(p["name"], p["in"]) for p in own}
                merged = [self._deref(p) for p in shared if (p["name"], p["in"]) not in names]
                op = Operation(
                    operation_id=raw.get("operationId") or f"{method} {template}",
                    method=method.upper(),
                    template=template,
                    pattern=pattern,
                    parameters=tuple(merged + own),
                    consumes=tuple(raw.get("consumes") or global_consumes),
                    produces=tuple(raw.get("produces") or global_produces),
                    responses=raw.get("responses") or {},
                )
                by_method[op.method] = op
                self.operations[op.operation_id] = op
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            self._routes.append((pattern, by_method, template, literal))
        # Literal segments win over parameters (e.g. /workflows/move_files/{id}).
        self._routes.sort(key=lambda route: -route[3])

    # -- routes -----------------------------------------------------------------------------

    @staticmethod
    def _compile(template: str) -> re.Pattern:
        parts = re.split(r"(\{[^}]+\})", template)
        regex = ""
        for index, part in enumerate(parts):
            if part.startswith("{") and part.endswith("}"):
                name = part[1:-1]
                last = index == len(parts) - 1 or (index == len(parts) - 2 and not parts[-1])
                body = ".+" if name in GREEDY_PATH_PARAMETERS and last else "[^/]+"
                regex += f"(?P<{name}>{body})"
            else:
                regex += re.escape(part)
        return re.compile(f"^{regex}$")

    def _deref(self, obj: dict) -> dict:
        ref = obj.get("$ref")
        if not ref:
            return obj
        node: Any = self.spec
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def match(self, method: str, raw_path: str) -> tuple[Operation, dict[str, str]]:
        """The operation for a request, and its (decoded) path parameters; or RouteMiss."""
        method = method.upper()
        for pattern, by_method, template, _literal in self._routes:
            found = pattern.match(raw_path)
            if not found:
                continue
            op = by_method.get(method)
            if op is None:
                raise RouteMiss(
                    405,
                    f"{method} {raw_path}: the spec has {template} only for "
                    f"{', '.join(sorted(by_method))}",
                )
            return op, {name: unquote(value) for name, value in found.groupdict().items()}
        raise RouteMiss(404, f"{method} {raw_path}: no such path in the spec")

    # -- requests ---------------------------------------------------------------------------

    def check_request(
        self,
        op: Operation,
        path_params: dict[str, str],
        query_args: dict[str, list[str]],
        content_type: str | None,
        has_body: bool,
    ) -> CheckedRequest:
        """Path and query parameters, and whether a body of that type may come at all."""
        checked = CheckedRequest(operation=op, path=dict(path_params))
        errors = checked.errors
        for name, param in op.parameters_in("path").items():
            if not path_params.get(name):
                errors.append(f"{op.label}: path parameter {name!r} is empty")
                continue
            value, problem = self._coerce(param, [path_params[name]])
            if problem:
                errors.append(f"{op.label}: path parameter {name!r}: {problem}")
            else:
                checked.path[name] = value
        declared = op.parameters_in("query")
        for name, values in query_args.items():
            if name not in declared:
                if (op.operation_id, name) not in TOLERATED_QUERY_PARAMETERS:
                    errors.append(f"{op.label}: undeclared query parameter {name!r}")
                continue
            value, problem = self._coerce(declared[name], values)
            if problem:
                errors.append(f"{op.label}: query parameter {name!r}: {problem}")
            else:
                checked.query[name] = value
        for name, param in declared.items():
            if name in query_args:
                continue
            if param.get("required"):
                errors.append(f"{op.label}: required query parameter {name!r} is missing")
            elif "default" in param:
                checked.query[name] = param["default"]
        errors.extend(self._check_body_presence(op, content_type, has_body))
        return checked

    def _check_body_presence(self, op: Operation, content_type: str | None, has_body: bool):
        body = op.body_parameter
        if not has_body:
            if body is not None and body.get("required"):
                yield f"{op.label}: the required body {body['name']!r} is missing"
            return
        if body is None:
            yield f"{op.label}: this operation takes no request body"
            return
        actual = media_type(content_type)
        allowed = op.consumes or ("application/json",)
        if not any(media_type_matches(actual, declared) for declared in allowed):
            yield (
                f"{op.label}: request Content-Type {content_type!r} is not one of "
                f"{', '.join(allowed)}"
            )

    def _coerce(self, param: dict, values: list[str]) -> tuple[Any, str | None]:
        kind = param.get("type", "string")
        if kind == "array":
            fmt = param.get("collectionFormat", "csv")
            if fmt == "multi":
                raw_items = list(values)
            else:
                separator = COLLECTION_SEPARATORS.get(fmt, ",")
                raw_items = [item for value in values for item in value.split(separator)]
            items_spec = param.get("items") or {"type": "string"}
            value = []
            for raw in raw_items:
                item, problem = self._scalar(items_spec.get("type", "string"), raw)
                if problem:
                    return None, problem
                value.append(item)
        else:
            if len(values) != 1:
                return None, f"given {len(values)} times"
            value, problem = self._scalar(kind, values[0])
            if problem:
                return None, problem
        schema = {key: param[key] for key in SCHEMA_KEYWORDS_OF_PARAMETERS if key in param}
        errors = sorted(Draft4Validator(to_draft4(schema)).iter_errors(value), key=str)
        if errors:
            return None, errors[0].message
        return value, None

    @staticmethod
    def _scalar(kind: str, raw: str) -> tuple[Any, str | None]:
        if kind == "integer":
            if re.fullmatch(r"[+-]?\d+", raw):
                return int(raw), None
            return None, f"{raw!r} is not an integer"
        if kind == "number":
            try:
                number = float(raw)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                return number, None
            return None, f"{raw!r} is not a number"
        if kind == "boolean":
            if raw.lower() in ("true", "false"):
                return raw.lower() == "true", None
            return None, f"{raw!r} is not a boolean (true or false)"
        return raw, None

    def check_json_body(self, op: Operation, raw: bytes) -> tuple[Any, list[str]]:
        """The parsed JSON body of a request, and what in it breaks the body schema."""
        body = op.body_parameter
        if body is None:
            return None, []
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            return None, [f"{op.label}: the request body is not JSON ({error})"]
        validator = self._validator(("body", op.operation_id), body.get("schema") or {})
        problems = [
            f"{op.label}: request body {_describe(e)}"
            for e in sorted(validator.iter_errors(value), key=str)[:5]
        ]
        return value, problems

    # -- responses --------------------------------------------------------------------------

    def response_schema(self, op: Operation, status: int) -> tuple[bool, dict | None]:
        declared = op.responses.get(str(status)) or op.responses.get("default")
        if declared is None:
            if status in AUTH_ANSWERS and op.takes_access_token:
                return True, MESSAGE_SCHEMA
            return False, None
        return True, declared.get("schema")

    def check_response(
        self, op: Operation, status: int, content_type: str | None, body: Any, *, is_file=False
    ) -> list[str]:
        """What in an answer breaks the spec: its status, content type or body."""
        declared, schema = self.response_schema(op, status)
        if not declared:
            codes = ", ".join(sorted(op.responses))
            return [f"{op.label}: status {status} is not declared (declared: {codes})"]
        problems = []
        actual = media_type(content_type)
        if op.produces and actual and not any(media_type_matches(actual, p) for p in op.produces):
            problems.append(
                f"{op.label}: response Content-Type {content_type!r} is not one of "
                f"{', '.join(op.produces)}"
            )
        if schema is None:
            return problems
        if schema.get("type") == "file":
            if not is_file:
                problems.append(f"{op.label}: status {status} must answer a file")
            return problems
        if is_file:
            return [*problems, f"{op.label}: status {status} must answer JSON, not a file"]
        validator = self._validator(("response", op.operation_id, status), schema)
        problems.extend(
            f"{op.label}: response {status} {_describe(e)}"
            for e in sorted(validator.iter_errors(body), key=str)[:5]
        )
        return problems

    def _validator(self, key: tuple, schema: dict) -> Draft4Validator:
        validator = self._validators.get(key)
        if validator is None:
            converted = to_draft4(schema)
            if self.definitions:
                converted = {"allOf": [converted], "definitions": self.definitions}
            validator = Draft4Validator(converted)
            self._validators[key] = validator
        return validator
