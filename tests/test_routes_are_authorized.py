"""Every registered vre_lab route asks the server's authorizer, for its own resource."""

import json

import pytest
from jupyter_server.auth.authorizer import Authorizer

from tests.test_routes_are_protected import fetch, route_requests


class DenyVRELab(Authorizer):
    """Allows everything but the vre_lab resource, and records what it was asked."""

    asked: list[tuple[str, str, str]] = []

    def is_authorized(self, handler, user, action, resource):
        DenyVRELab.asked.append((handler.request.method, action, resource))
        return resource != "vre_lab"


@pytest.fixture
def jp_server_config(jp_server_config):
    jp_server_config["ServerApp"]["authorizer_class"] = DenyVRELab
    return jp_server_config


async def test_every_route_asks_the_authorizer_for_the_vre_lab_resource(
    jp_serverapp, http_server_client, jp_auth_header
):
    for method, path in route_requests(jp_serverapp):
        DenyVRELab.asked.clear()
        response = await fetch(http_server_client, method, path, jp_auth_header)
        assert response.code == 403, f"{method} {path} ignored the authorizer"
        assert "not authorized" in json.loads(response.body)["message"]
        expected_action = "read" if method == "GET" else "write"
        # asked by the route, and first by the path check (a refused caller gets no 404 there)
        assert set(DenyVRELab.asked) == {(method, expected_action, "vre_lab")}
