"""Bad input and failing backends: a clear 4xx for what the user typed, 502/504 for a Rucio that
is down, slow or broken — never a 200 with an error inside, never a hang."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TIMEOUT = 1.5


class BrokenRucio(BaseHTTPRequestHandler):
    """Logs anyone in, then answers every request with a 500."""

    def do_GET(self):
        if self.path.startswith("/auth/"):
            self.send_response(200)
            self.send_header("X-Rucio-Auth-Token", "root-token")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"Internal Server Error"
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def broken_rucio():
    server = ThreadingHTTPServer(("127.0.0.1", 0), BrokenRucio)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def silent_rucio():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.fixture
def down_rucio():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


@pytest.fixture
def rucio_instances(rucio_sandbox, broken_rucio, silent_rucio, down_rucio):
    login = {"auth_type": "userpass", "username": "u", "password": "p", "account": "root"}
    return [
        rucio_sandbox.vre_lab_instance(),
        {"name": "broken", "rucio_host": broken_rucio, **login},
        {"name": "silent", "rucio_host": silent_rucio, **login},
        {"name": "down", "rucio_host": down_rucio, **login},
    ]


@pytest.fixture
def jp_server_config(rucio_server_config):
    rucio_server_config["VRELab"]["backend_timeout"] = TIMEOUT
    rucio_server_config["VRELab"]["max_workers"] = 4
    return rucio_server_config


@pytest.mark.parametrize(
    "did",
    ["no-colon", "demo:", ":name", "de mo:x", "demo:a*b", "demo:../../etc/passwd", "x" * 700],
)
async def test_a_malformed_did_is_a_400_that_says_so(rucio_api, did):
    status, body = await rucio_api("GET", "sandbox/did", did=did)
    assert status == 400
    assert body["reason"] == "bad_did"
    assert body["message"]


async def test_a_did_that_does_not_exist_is_a_404(rucio_api):
    status, body = await rucio_api("GET", "sandbox/did", did="demo:does-not-exist")
    assert (status, body["reason"]) == (404, "did_not_found")


async def test_searching_an_unknown_scope_is_a_404_that_names_it(rucio_api):
    status, body = await rucio_api("GET", "sandbox/dids", query="nosuchscope:*")
    assert (status, body["reason"]) == (404, "scope_not_found")


async def test_an_unknown_instance_is_a_404_that_lists_the_known_ones(rucio_api):
    status, body = await rucio_api("GET", "atlas/scopes")
    assert (status, body["reason"]) == (404, "instance_unknown")
    assert "sandbox" in body["message"]


@pytest.mark.parametrize(
    "expression",
    [
        "run_number>>5",
        "=5",
        "a=1;" * 40,
        "x" * 1001,
        "name=foo' OR '1'='1",
        "__class__=1",
        "run_number=1,run_number=2",
        "key with space=1",
        "😀=1",
    ],
)
async def test_a_hostile_or_malformed_filter_is_a_400_never_a_500(rucio_api, expression):
    status, body = await rucio_api("GET", "sandbox/dids", query="demo:*", filter=expression)
    assert 400 <= status < 500, body
    assert body["message"]


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"type": "galaxy"}, "bad_type"),
        ({"page_size": 0}, "bad_page_size"),
        ({"page_size": 100000}, "bad_page_size"),
        ({"cursor": "not-a-cursor"}, "bad_cursor"),
    ],
)
async def test_bad_search_parameters_are_400s(rucio_api, params, reason):
    status, body = await rucio_api("GET", "sandbox/dids", query="demo:*", **params)
    assert (status, body["reason"]) == (400, reason)


async def test_a_cursor_of_one_search_is_refused_by_another(rucio_api):
    _, first = await rucio_api("GET", "sandbox/dids", query="demo:*", type="all", page_size=1)
    status, body = await rucio_api(
        "GET", "sandbox/dids", query="user.root:*", page_size=1, cursor=first["next_cursor"]
    )
    assert (status, body["reason"]) == (400, "bad_cursor")


async def test_a_rucio_that_answers_500_is_a_502(rucio_api):
    status, body = await rucio_api("GET", "broken/scopes")
    assert status == 502
    assert "broken" in body["message"]


async def test_a_rucio_that_is_down_is_a_502_at_once(rucio_api):
    started = time.monotonic()
    status, body = await rucio_api("GET", "down/scopes")
    assert (status, body["reason"]) == (502, "rucio_unreachable")
    assert time.monotonic() - started < TIMEOUT * 2


async def test_a_rucio_that_never_answers_is_a_504_after_the_timeout(rucio_api):
    started = time.monotonic()
    status, body = await rucio_api("GET", "silent/dids", query="demo:*")
    elapsed = time.monotonic() - started
    assert status == 504
    assert "did not answer" in body["message"]
    assert elapsed < TIMEOUT * 4


async def test_the_server_stays_responsive_while_rucio_hangs(rucio_api, jp_fetch):
    import asyncio

    hanging = [asyncio.ensure_future(rucio_api("GET", "silent/scopes")) for _ in range(8)]
    await asyncio.sleep(0.2)
    started = time.monotonic()
    response = await jp_fetch("vre-lab", "api", "status")
    assert response.code == 200
    assert time.monotonic() - started < 0.5
    assert {status for status, _ in await asyncio.gather(*hanging)} == {504}


async def test_a_hung_rucio_never_slows_the_other_services(rucio_api, jp_fetch):
    import asyncio

    async def elapsed(*path, **params):
        started = time.monotonic()
        response = await jp_fetch("vre-lab", "api", *path, params=params)
        assert response.code == 200
        return time.monotonic() - started

    normal = await elapsed("reana", "servers", "local", "workflows")
    # twice as many as Rucio's 4 threads; fewer than the test client's 10 connections
    hanging = [asyncio.ensure_future(rucio_api("GET", "silent/scopes")) for _ in range(8)]
    await asyncio.sleep(0.2)  # every Rucio thread is now stuck
    during = [await elapsed("reana", "servers", "local", "workflows") for _ in range(3)]
    during.append(await elapsed("zenodo", "repositories"))
    assert max(during) < max(0.5, normal * 5), (normal, during)
    assert {status for status, _ in await asyncio.gather(*hanging)} == {504}
