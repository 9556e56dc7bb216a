"""The OpenAPI document in the package describes exactly the routes the extension registers."""

import json

import yaml

from tests.routes import handler_methods, registered_routes
from vre_lab.core.api import OPENAPI_PATH


def document() -> dict:
    return yaml.safe_load(OPENAPI_PATH.read_text())


def test_every_registered_route_is_documented_and_every_documented_route_exists(jp_serverapp):
    registered = set(registered_routes(jp_serverapp))
    documented = set(document()["paths"])
    assert registered - documented == set(), "registered but not in openapi.yaml"
    assert documented - registered == set(), "in openapi.yaml but not registered"


def test_every_method_of_every_route_is_documented(jp_serverapp):
    paths = document()["paths"]
    for path, handler in registered_routes(jp_serverapp).items():
        documented = {m for m in paths[path] if m in ("get", "post", "put", "patch", "delete")}
        assert set(handler_methods(handler)) == documented, path


def test_every_operation_documents_the_refusal_of_unauthenticated_and_unauthorized_requests():
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                assert {"401", "403"} <= set(operation["responses"]), f"{method} {path}"


async def test_the_server_serves_its_openapi_document(jp_fetch):
    response = await jp_fetch("vre-lab", "api", "openapi.json")
    assert json.loads(response.body) == document()
