"""Every registered vre_lab route refuses anonymous requests and bad tokens."""

from jupyter_server.utils import url_path_join

from tests.routes import concrete_url, handler_methods, registered_routes


def route_requests(serverapp):
    """(method, URL path with the base URL) for every method of every vre_lab route."""
    for path, handler in sorted(registered_routes(serverapp).items()):
        for method in handler_methods(handler):
            yield method.upper(), url_path_join(serverapp.base_url, concrete_url(path))


def fetch(client, method, path, headers):
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    return client.fetch(path, method=method, headers=headers, body=body, raise_error=False)


def test_the_extension_registers_its_routes(jp_serverapp):
    assert len(list(route_requests(jp_serverapp))) >= 5


async def test_every_route_refuses_a_request_without_credentials(jp_serverapp, http_server_client):
    for method, path in route_requests(jp_serverapp):
        response = await fetch(http_server_client, method, path, headers={})
        assert response.code == 401, f"{method} {path} answered {response.code} to anonymous"
        assert response.headers["WWW-Authenticate"].startswith("token")


async def test_every_route_refuses_a_wrong_token(jp_serverapp, http_server_client):
    for method, path in route_requests(jp_serverapp):
        headers = {"Authorization": "token wrong"}
        response = await fetch(http_server_client, method, path, headers)
        assert response.code == 401, f"{method} {path} answered {response.code} to a bad token"


async def test_a_valid_token_passes_authentication(
    jp_serverapp, http_server_client, jp_auth_header
):
    for method, path in route_requests(jp_serverapp):
        response = await fetch(http_server_client, method, path, jp_auth_header)
        assert response.code not in (401, 403), f"{method} {path} refused a valid token"


async def test_a_session_cookie_without_its_xsrf_token_is_still_refused(
    jp_serverapp, http_server_client, jp_auth_header
):
    """401 is for requests without any login; a browser session (a login cookie) that lacks its
    XSRF token (a cross-site form post) is refused as jupyter_server refuses it, 403."""
    token = jp_auth_header["Authorization"].split()[1]
    login = await http_server_client.fetch(
        url_path_join(jp_serverapp.base_url, f"api/status?token={token}"), raise_error=False
    )
    cookies = [c.split(";")[0] for c in login.headers.get_list("Set-Cookie")]
    assert any(c.startswith("username-") for c in cookies), login.headers
    path = url_path_join(jp_serverapp.base_url, "vre-lab/api/reana/selection")
    response = await http_server_client.fetch(
        path,
        method="PUT",
        body=b'{"server": "local"}',
        headers={"Cookie": "; ".join(cookies)},
        raise_error=False,
    )
    assert response.code == 403, response.body
    assert "_xsrf" in response.body.decode()
