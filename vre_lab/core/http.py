"""Outbound HTTP: one session factory whose requests always have a timeout, retries for
idempotent calls, a User-Agent, and failures turned into clear 502/504 errors."""

import threading
from contextlib import contextmanager

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .. import __version__
from .errors import BackendError, BackendTimeout
from .secrets import redact

USER_AGENT = f"vre-lab/{__version__} (+https://github.com/vre-lab)"


class TimeoutSession(requests.Session):
    def __init__(self, timeout: float, retries: int = 2, verify: bool | str = True):
        super().__init__()
        self.timeout = timeout
        self.verify = verify
        self.headers["User-Agent"] = USER_AGENT
        retry = Retry(
            total=retries,
            connect=retries,
            read=False,  # a read timeout is raised as such, not retried: nobody waits twice
            backoff_factor=0.3,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD", "OPTIONS"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, **kwargs)


@contextmanager
def backend_errors(service: str):
    """Translate transport failures of a call to `service` into errors the user can act on."""
    try:
        yield
    except requests.Timeout as e:
        raise BackendTimeout(f"{service} did not answer in time") from e
    except requests.ConnectionError as e:
        raise BackendError(
            f"Cannot reach {_in_sentence(service)}", code="backend_unreachable"
        ) from e
    except requests.RequestException as e:
        raise BackendError(redact(f"{service} request failed: {type(e).__name__}")) from e


def _in_sentence(service: str) -> str:
    """ "The repository" as it reads after a verb: "the repository"."""
    return "the" + service[3:] if service.startswith("The ") else service


def check_response(response: requests.Response, service: str) -> requests.Response:
    """Raise a 502 naming the backend's status when it answered with an error."""
    if response.status_code >= 400:
        raise BackendError(
            f"{service} answered {response.status_code} {response.reason or ''}".strip(),
            code=f"backend_{response.status_code}",
        )
    return response


class EndpointSessions:
    """Thread-local sessions per endpoint, so worker threads never share a connection pool."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._local = threading.local()

    def session(self, endpoint) -> requests.Session:
        sessions = self._local.__dict__.setdefault("sessions", {})
        key = (endpoint.name, endpoint.url, endpoint.verify)
        if key not in sessions:
            sessions[key] = TimeoutSession(self.timeout, verify=endpoint.verify)
        return sessions[key]
