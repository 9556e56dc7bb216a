"""Every route that reads a body checks it against the OpenAPI document, once the caller is
authorized and before the handler uses it: deep nesting, wrong types, bodies that are not objects
and huge bodies are a 400 or 413 that names the problem, never a 500, on every body route."""

import json

import pytest
from jupyter_server.utils import url_path_join

from tests.routes import concrete_url
from vre_lab.core import openapi
from vre_lab.core.handlers import MAX_BODY_BYTES

DOC = openapi.document()


def body_operations():
    for path, item in DOC["paths"].items():
        for method, operation in item.items():
            if method != "parameters" and "requestBody" in operation:
                yield method.upper(), path


def resolved(schema: dict) -> dict:
    while "$ref" in schema:
        target = DOC
        for part in schema["$ref"].split("/")[1:]:
            target = target[part]
        schema = target
    return schema


def body_schema(method, path):
    operation = DOC["paths"][path][method.lower()]
    return resolved(operation["requestBody"]["content"]["application/json"]["schema"])


def wrong_value(schema) -> object:
    schema = resolved(schema)
    kind = schema.get("type")
    if kind in ("object", None):
        return "not-an-object"
    return {"string": [], "integer": "one", "number": "one", "boolean": "yes", "array": {}}[kind]


OPERATIONS = sorted(body_operations())


def test_the_document_has_the_body_routes_the_issue_counted():
    assert len(OPERATIONS) >= 17


@pytest.fixture
def send(jp_serverapp, http_server_client, jp_auth_header):
    async def send(method, path, body: bytes):
        url = url_path_join(jp_serverapp.base_url, concrete_url(path))
        headers = {**jp_auth_header, "Content-Type": "application/json"}
        response = await http_server_client.fetch(
            url, method=method, body=body, headers=headers, raise_error=False
        )
        return response.code, json.loads(response.body or b"{}")

    return send


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
async def test_deeply_nested_json_is_a_400(send, method, path):
    for body in (b"[" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        status, answer = await send(method, path, body)
        assert status == 400, (method, path, answer)
        assert "nested" in answer["message"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
async def test_a_body_that_is_not_an_object_is_a_400(send, method, path):
    for body in (b"[]", b"3", b'"text"', b"null", b"{not json"):
        status, answer = await send(method, path, body)
        assert status == 400, (method, path, body, answer)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
async def test_a_wrong_type_for_any_field_is_a_400_naming_that_field(send, method, path):
    properties = body_schema(method, path).get("properties") or {}
    for name, schema in properties.items():
        status, answer = await send(method, path, json.dumps({name: wrong_value(schema)}).encode())
        assert status == 400, (method, path, name, answer)
        assert name in [problem["field"] for problem in answer["errors"]], (name, answer)


async def test_the_message_names_the_field_and_never_repeats_the_value(send):
    secret = "hunter2-" * 200
    status, answer = await send(
        "PUT", "/vre-lab/api/rucio/{instance}/credentials", json.dumps({"auth_type": []}).encode()
    )
    assert (status, answer["message"]) == (400, "auth_type must be a string"), answer
    body = {"auth_type": "userpass", "password": secret}
    status, answer = await send(
        "PUT", "/vre-lab/api/rucio/{instance}/credentials", json.dumps(body).encode()
    )
    assert status == 400, answer
    assert "password is at most" in answer["message"]
    assert "hunter2" not in json.dumps(answer)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
async def test_a_body_of_50_mb_is_a_413(send, method, path):
    status, answer = await send(method, path, b'{"x": "' + b"a" * 50_000_000 + b'"}')
    assert status == 413, (method, path, answer)
    assert f"{MAX_BODY_BYTES // 2**20} MiB" in answer["message"]
