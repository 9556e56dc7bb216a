"""Every outbound call has a timeout and a User-Agent, and its failures become 502/504."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.plugins.server_process import free_port
from vre_lab.core.errors import BackendError, BackendTimeout
from vre_lab.core.http import USER_AGENT, TimeoutSession, backend_errors, check_response


class Backend(BaseHTTPRequestHandler):
    seen: list[dict] = []
    answers: list[int] = []

    def do_GET(self):
        Backend.seen.append({"path": self.path, "agent": self.headers["User-Agent"]})
        if self.path == "/slow":
            time.sleep(1.0)
        status = Backend.answers.pop(0) if Backend.answers else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def backend():
    Backend.seen.clear()
    Backend.answers.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_requests_carry_the_vre_lab_user_agent(backend):
    TimeoutSession(timeout=2).get(backend + "/ok")
    assert Backend.seen[0]["agent"] == USER_AGENT


def test_a_backend_slower_than_the_session_timeout_is_a_504(backend):
    session = TimeoutSession(timeout=0.2)
    started = time.perf_counter()
    with (
        pytest.raises(BackendTimeout, match="REANA did not answer in time"),
        backend_errors("REANA"),
    ):
        session.get(backend + "/slow")
    assert time.perf_counter() - started < 0.9
    assert len(Backend.seen) == 1, "a read timeout must not be retried"


def test_an_unreachable_backend_is_a_502_that_says_so():
    session = TimeoutSession(timeout=1, retries=0)
    with pytest.raises(BackendError, match="Cannot reach Zenodo") as e, backend_errors("Zenodo"):
        session.get(f"http://127.0.0.1:{free_port()}/api")
    assert e.value.status_code == 502
    assert e.value.code == "backend_unreachable"


def test_an_idempotent_call_is_retried_when_the_backend_is_briefly_unavailable(backend):
    Backend.answers.extend([503, 503])
    response = TimeoutSession(timeout=2, retries=2).get(backend + "/flaky")
    assert response.status_code == 200
    assert len(Backend.seen) == 3


def test_a_backend_error_status_becomes_a_502_naming_it(backend):
    Backend.answers.append(500)
    response = TimeoutSession(timeout=2, retries=0).get(backend + "/broken")
    with pytest.raises(BackendError, match="Rucio answered 500") as e:
        check_response(response, "Rucio")
    assert e.value.code == "backend_500"
