"""An HTTP relay in front of a real service (the sandbox Rucio, a REANA double), for the tests
(tests/plugins/hub.py) and the benchmarks (bench/harness.py).

It runs in threads of this process from its creation until `close()` (or the end of a `with`
block). Every request is recorded (`calls`: its X-Rucio-Auth-Token and path) and counted while in
flight; it may be delayed (`delay` seconds for all, `slow[token]` more for a token's) or held
(`hold(token)` until `release(token)`). Answers are read whole, then sent with their length.
"""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOST = "127.0.0.1"
# not forwarded (RFC 9110 7.6.1), and the length and host that http.client sets itself
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "host",
}


class RelayProxy:
    def __init__(self, upstream: str, delay: float = 0.0):
        self.upstream = urlsplit(upstream)
        self.delay = delay
        self.calls: list[tuple[str, str]] = []  # (token, path)
        self.slow: dict[str, float] = {}
        self.in_flight = 0
        self._held: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # quiet
                pass

            def relay(self):
                token = self.headers.get("X-Rucio-Auth-Token", "")
                held = relay._enter(token, self.path)
                try:
                    if held is not None:
                        held.wait(timeout=600)
                    time.sleep(relay.delay + relay.slow.get(token, 0))
                    self._forward()
                finally:
                    relay._leave()

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream = http.client.HTTPConnection(
                    relay.upstream.hostname, relay.upstream.port, timeout=300
                )
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    data = response.read()
                finally:
                    upstream.close()
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = relay

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://{HOST}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _enter(self, token: str, path: str) -> threading.Event | None:
        with self._lock:
            self.calls.append((token, path))
            self.in_flight += 1
            return self._held.get(token)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    @property
    def paths(self) -> list[str]:
        with self._lock:
            return [path for _, path in self.calls]

    def tokens_used(self) -> list[str]:
        with self._lock:
            return [token for token, _ in self.calls]

    def count(self) -> int:
        with self._lock:
            return len(self.calls)

    def reset_count(self) -> None:
        with self._lock:
            self.calls.clear()

    def hold(self, token: str) -> None:
        with self._lock:
            self._held[token] = threading.Event()

    def release(self, token: str) -> None:
        with self._lock:
            event = self._held.pop(token, None)
        if event is not None:
            event.set()

    def close(self) -> None:
        for token in list(self._held):
            self.release(token)
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> RelayProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
