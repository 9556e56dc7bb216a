"""Errors reach the user as clear JSON with the right status; blocking calls never hold the
event loop and never hang."""

import asyncio
import json
import time

import pytest
from jupyter_server.auth.decorator import authorized
from tornado import web
from tornado.httpclient import HTTPClientError

from vre_lab.core.blocking import BlockingRunner
from vre_lab.core.errors import BackendError, BackendTimeout, BadRequest
from vre_lab.core.handlers import VRELabHandler


class FailingHandler(VRELabHandler):
    """Raises what the `fail` query argument names."""

    @web.authenticated
    @authorized
    def get(self):
        kind = self.get_query_argument("fail")
        if kind == "bad_request":
            raise BadRequest("The DID must look like scope:name (got '100%')")
        if kind == "backend":
            raise BackendError("Rucio answered 500 Internal Server Error")
        if kind == "crash":
            raise RuntimeError("/srv/secret/path leaked?")
        if kind == "tornado":
            raise web.HTTPError(405)
        self.write_json(self.json_body())


@pytest.fixture
def failing_route(jp_serverapp):
    jp_serverapp.web_app.add_handlers(
        ".*$", [(jp_serverapp.base_url + "vre-lab/test/fail", FailingHandler, {"name": "vre_lab"})]
    )


async def error_of(jp_fetch, **params):
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "test", "fail", params=params)
    return e.value.code, json.loads(e.value.response.body)


async def test_a_bad_request_is_a_400_with_its_message(failing_route, jp_fetch):
    code, body = await error_of(jp_fetch, fail="bad_request")
    assert code == 400
    assert body == {
        "message": "The DID must look like scope:name (got '100%')",
        "reason": "bad_request",
    }


async def test_a_failing_backend_is_a_502(failing_route, jp_fetch):
    code, body = await error_of(jp_fetch, fail="backend")
    assert (code, body["reason"]) == (502, "backend_error")


async def test_a_crash_is_a_500_that_reveals_no_internals(failing_route, jp_fetch):
    code, body = await error_of(jp_fetch, fail="crash")
    assert code == 500
    assert "secret" not in json.dumps(body)
    assert "traceback" not in body


async def test_a_plain_tornado_error_still_answers_json(failing_route, jp_fetch):
    code, body = await error_of(jp_fetch, fail="tornado")
    assert (code, body["message"]) == (405, "Method Not Allowed")


@pytest.mark.parametrize("body", ["{not json", "[1, 2]"])
async def test_a_body_that_is_not_a_json_object_is_a_400(failing_route, jp_fetch, body):
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            "vre-lab",
            "test",
            "fail",
            params={"fail": "no"},
            method="GET",
            body=body,
            allow_nonstandard_methods=True,
        )
    assert e.value.code == 400


async def test_a_blocking_call_that_overruns_its_timeout_is_a_504():
    runner = BlockingRunner(max_workers=2, default_timeout=0.1)
    with pytest.raises(BackendTimeout, match=r"Rucio did not answer within 0.1 s"):
        await runner.run(time.sleep, 2, what="Rucio")
    runner.shutdown()


async def test_blocking_calls_run_in_parallel_off_the_event_loop():
    runner = BlockingRunner(max_workers=4, default_timeout=5)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.ensure_future(ticker())
    started = time.perf_counter()
    await asyncio.gather(*(runner.run(time.sleep, 0.3) for _ in range(4)))
    elapsed = time.perf_counter() - started
    task.cancel()
    runner.shutdown()
    assert elapsed < 0.6, "the four calls did not run in parallel"
    assert ticks >= 10, "the event loop was held while the calls ran"
