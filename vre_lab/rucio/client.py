"""The one place that calls rucio-clients: a logged-in `Client` per instance, and the mapping of
Rucio's exceptions to clear HTTP errors.

Blocking: callers run everything here off the event loop (the server's BlockingRunner, or the
kernel's own thread for the magics).
"""

from __future__ import annotations

import configparser
import functools
import hashlib
import json
import logging
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import requests
from requests.status_codes import codes
from rucio.client import Client
from rucio.client.baseclient import BaseClient, choice
from rucio.common import exception as rx
from rucio.common.constants import HTTPMethod
from rucio.common.utils import build_url

from .. import __version__
from ..core import credential_env
from ..core.errors import (
    BackendError,
    BackendTimeout,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    VRELabError,
)
from ..core.secrets import redact, register_secret
from ..core.urls import segment
from .credentials import CredentialStore, UserCredentials
from .instances import RucioInstance

RETRIES = 1
STREAM_CHUNK = 1 << 16  # bytes read at once from a streamed listing
MISSING_HINT = {
    "userpass": "a username and password are needed",
    "x509": "a certificate and its key are needed",
    "x509_proxy": "an X.509 proxy is needed",
    "oidc": "a token is needed",
}
_LIFETIME = re.compile(r"'lifetime': datetime\.datetime\(([\d, ]+)\)")
_IDENTITY = re.compile(r"'identity': '([^']*)'")

BAD_INPUT = (
    rx.InvalidObject,
    rx.InvalidValueForKey,
    rx.DIDFilterSyntaxError,
    rx.DuplicateCriteriaInDIDFilter,
    rx.InvalidRSEExpression,
    rx.InputValidationError,
    rx.UnsupportedOperation,
    rx.InvalidType,
    rx.KeyNotFound,
    rx.UnsupportedDIDType,
    rx.InvalidPath,
    rx.InvalidMetadata,
)
NOT_FOUND = {
    rx.DataIdentifierNotFound: "did_not_found",
    rx.ScopeNotFound: "scope_not_found",
    rx.RSENotFound: "rse_not_found",
    rx.RuleNotFound: "rule_not_found",
}


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = text.removeprefix("Details: ")
    return redact(text[:300])


@contextmanager
def rucio_errors(title: str, unreachable_advice: Callable[[], str] | None = None):
    """Turn whatever rucio-clients or requests raise into a VRELabError with a clear message;
    ``unreachable_advice()`` completes the one for a Rucio that cannot be reached."""
    try:
        yield
    except VRELabError:
        raise
    except (rx.CannotAuthenticate, rx.NoAuthInformation) as e:
        raise Forbidden(
            f"Rucio {title} did not accept the credentials: {_short(e)}",
            code="credentials_rejected",
        ) from e
    except rx.MissingClientParameter as e:
        raise Forbidden(
            f"Rucio {title} needs credentials: {_short(e)}", code="credentials_missing"
        ) from e
    except tuple(NOT_FOUND) as e:
        code = next(c for cls, c in NOT_FOUND.items() if isinstance(e, cls))
        raise NotFound(f"Rucio {title}: {_short(e)}", code=code) from e
    except BAD_INPUT as e:
        raise BadRequest(
            f"Rucio {title} refused the request: {_short(e)}", code="bad_request"
        ) from e
    except rx.AccessDenied as e:
        raise Forbidden(
            f"Rucio {title} denied access: {_short(e)}", code="rucio_access_denied"
        ) from e
    except rx.DuplicateRule as e:
        raise Conflict(f"Rucio {title}: {_short(e)}", code="duplicate_rule") from e
    except requests.Timeout as e:
        raise BackendTimeout(f"Rucio {title} did not answer in time") from e
    except (requests.ConnectionError, rx.ServerConnectionException) as e:
        advice = unreachable_advice() if unreachable_advice else ""
        raise BackendError(
            f"Rucio {title} cannot be reached{advice}", code="rucio_unreachable"
        ) from e
    except (rx.RucioException, requests.RequestException, ValueError) as e:
        raise BackendError(f"Rucio {title} failed: {_short(e)}", code="rucio_error") from e


def ensure_rucio_config() -> None:
    """rucio-clients' download and upload code reads its global rucio.cfg even when the client
    was configured in code; without any file, give it an empty configuration (in this process
    only; no environment variable is changed)."""
    from rucio.common import config

    try:
        config.get_config()
    except rx.ConfigNotFound:
        empty = configparser.ConfigParser()
        empty.read_dict({"client": {}, "common": {}})
        config.get_config = functools.cache(lambda: empty)


_transfer_lock = threading.Lock()
_transfer_client: list[Client] = []


@contextmanager
def rse_info_from(client: Client) -> Iterator[None]:
    """rucio-clients' upload and download look RSEs up with a new client built from the global
    rucio.cfg, in their own worker threads; make them use `client` (this instance, these
    credentials) instead. One transfer at a time per process holds this."""
    from rucio.rse import rsemanager

    hook = "__request_rse_info"
    if not getattr(getattr(rsemanager, hook, None), "vre_lab", False):
        original = getattr(rsemanager, hook)

        def request_rse_info(rse, vo="def", **kwargs):
            if not _transfer_client:
                return original(rse, vo=vo, **kwargs)
            return _transfer_client[0].get_rse(rse)

        request_rse_info.vre_lab = True
        setattr(rsemanager, hook, request_rse_info)
    with _transfer_lock:
        _transfer_client.append(client)
        try:
            yield
        finally:
            _transfer_client.clear()


class RucioLog:
    """rucio-clients' download and upload clients want a logging function with a `.log`."""

    def __init__(self, logger: logging.Logger):
        self._logger = logger

    def __call__(self, level: int, message: str, *args) -> None:
        self._logger.log(level, message, *args)

    log = __call__


class _Client(Client):
    """rucio-clients' Client with its login token kept in a directory of ours, and able to use
    a bearer token that someone else (the hub) refreshes: read again on every use."""

    def __init__(self, *, token_dir: Path, token_source: Callable[[], str] | None, **kwargs):
        self._vre_token_dir = token_dir
        self._vre_token_source = token_source
        super().__init__(**kwargs)

    def _get_auth_tokens(self):
        suffix = f"for_account_{self.account}" if self.account else "for_default_account"
        path = str(self._vre_token_dir)
        return (
            None,
            f"{path}/{self.TOKEN_EXP_PREFIX}{suffix}",
            f"{path}/{self.TOKEN_PREFIX}{suffix}",
            path,
        )

    # rucio-clients calls these private methods to log in and, after a 401, to log in again
    def _BaseClient__authenticate(self):
        if self._vre_token_source is None:
            return BaseClient._BaseClient__authenticate(self)
        self.use_external_token()

    def _BaseClient__get_token(self):
        if self._vre_token_source is None:
            return BaseClient._BaseClient__get_token(self)
        rejected = self.auth_token
        self.use_external_token()
        if self.auth_token == rejected:
            raise rx.CannotAuthenticate("the token was rejected; it may have expired")

    def stream_dids(
        self, scope: str, filters: list[dict], did_type: str, limit: int
    ) -> Iterator[bytes]:
        """`list_dids(..., long=True)` with Rucio's server-side `limit`, which the 41.x client
        does not pass: Rucio produces no more than `limit` rows. Rows as Rucio sends them (one
        JSON document each, parsed with `parse_response`)."""
        path = "/".join([self.DIDS_BASEURL, segment(scope, plus=True), "dids", "search"])
        params = {"type": did_type, "filters": filters, "long": True, "limit": limit}
        return self._stream(build_url(choice(self.list_hosts), path=path, params=params))

    def stream_files(self, scope: str, name: str) -> Iterator[bytes]:
        """`list_files`, rows as Rucio sends them."""
        path = "/".join(
            [self.DIDS_BASEURL, segment(scope, plus=True), segment(name, plus=True), "files"]
        )
        return self._stream(build_url(choice(self.list_hosts), path=path))

    def _stream(self, url: str) -> Iterator[bytes]:
        """The lines of a streamed answer; stopping the iteration closes the response, so Rucio
        stops producing at once instead of filling a socket nobody reads."""
        response = self._send_request(url, method=HTTPMethod.GET)
        try:
            if response.status_code != codes.ok:
                error, message = self._get_exception(
                    headers=response.headers,
                    status_code=response.status_code,
                    data=response.content,
                )
                raise error(message)
            if response.headers.get("content-type") == "application/json":
                yield from (json.dumps(row).encode() for row in response.json())
                return
            for line in response.iter_lines(chunk_size=STREAM_CHUNK):
                if line:
                    yield line
        finally:
            response.close()

    def use_external_token(self) -> None:
        token = self._vre_token_source()
        self.auth_token = token
        self.headers["X-Rucio-Auth-Token"] = token


class RucioGateway:
    """Logged-in rucio-clients for one instance: operator configuration plus what the user typed."""

    def __init__(
        self,
        instance: RucioInstance,
        credentials: CredentialStore,
        token_dir: Path,
        timeout: float,
    ):
        self.instance = instance
        self._credentials = credentials
        self.token_dir = Path(token_dir) / instance.name
        self.timeout = timeout
        self._local = threading.local()

    @property
    def title(self) -> str:
        return self.instance.title

    def user_credentials(self) -> UserCredentials | None:
        return self._credentials.get(self.instance.name)

    def credentials_state(self) -> str:
        if self.user_credentials() is not None:
            return "user"
        return "configured" if self.instance.has_configured_credentials() else "missing"

    @contextmanager
    def session(self) -> Iterator[Client]:
        """A logged-in client, with every error turned into a clear VRELabError."""
        with rucio_errors(self.title, self._unreachable_advice):
            yield self.client()

    def _unreachable_advice(self) -> str:
        if not self.instance.sandbox_home:
            return ""
        from ..sandbox.advice import unreachable_advice

        return unreachable_advice(self.instance.sandbox_home)

    def client(self) -> Client:
        user = self.user_credentials()
        settings = self._client_settings(user)
        key = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()
        cached = getattr(self._local, "clients", {}).get(key)
        if cached is not None:
            if cached._vre_token_source is not None:
                cached.use_external_token()
            return cached
        token_source = self._token_source(user) if settings["auth_type"] == "oidc" else None
        ensure_rucio_config()
        for folder in (self.token_dir.parent, self.token_dir):  # login tokens: owner only
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder.chmod(0o700)
        client = _Client(token_dir=self.token_dir, token_source=token_source, **settings)
        client.request_retries = RETRIES
        self._local.clients = {key: client}
        return client

    def forget_tokens(self) -> None:
        """Drop cached login tokens, so the next call really checks the credentials."""
        shutil.rmtree(self.token_dir, ignore_errors=True)
        self._local.clients = {}

    def token_info(self, client: Client) -> dict:
        """Who the token belongs to and when it expires (Rucio's /auth/validate)."""
        response = client.session.get(
            f"{client.auth_host.rstrip('/')}/auth/validate",
            headers={"X-Rucio-Auth-Token": client.auth_token, "X-Rucio-VO": client.vo},
            verify=client.ca_cert or False,
            timeout=self.timeout,
        )
        if response.status_code != 200:
            return {"identity": None, "expires_at": None}
        identity = _IDENTITY.search(response.text)
        lifetime = _LIFETIME.search(response.text)
        expires_at = None
        if lifetime:
            parts = [int(p) for p in lifetime.group(1).split(",")][:6]
            expires_at = datetime(*parts, tzinfo=timezone.utc)
        return {"identity": identity.group(1) if identity else None, "expires_at": expires_at}

    def _client_settings(self, user: UserCredentials | None) -> dict:
        instance = self.instance
        auth_type = user.auth_type if user else instance.auth_type
        account = (user.account if user else None) or instance.account
        source = user or instance
        if auth_type == "userpass":
            creds = {"username": source.username, "password": source.password}
        elif auth_type == "x509":
            creds = {"client_cert": source.certificate, "client_key": source.key}
        elif auth_type == "x509_proxy":
            creds = {"client_proxy": source.proxy}
        else:
            creds = {}
        if not all(creds.values()):
            raise Forbidden(
                f"Log in to Rucio {self.title} ({MISSING_HINT[auth_type]})",
                code="credentials_missing",
            )
        return {
            "rucio_host": instance.rucio_host,
            "auth_host": instance.auth_host,
            "account": account,
            "vo": instance.vo,
            "ca_cert": instance.ca_cert,
            "auth_type": auth_type,
            "creds": creds,
            "timeout": self.timeout,
            "user_agent": f"vre-lab/{__version__}",
        }

    def _token_source(self, user: UserCredentials | None) -> Callable[[], str]:
        instance = self.instance
        if user is not None and user.token:
            token = user.token
            return lambda: token

        def read() -> str:
            token = ""
            if instance.oidc_token_file:
                try:
                    token = Path(instance.oidc_token_file).expanduser().read_text().strip()
                except OSError as e:
                    raise rx.MissingClientParameter(
                        f"cannot read the token file {instance.oidc_token_file}"
                    ) from e
            elif instance.oidc_token_env:
                token = credential_env.variables().get(instance.oidc_token_env, "").strip()
            if not token:
                raise rx.MissingClientParameter("no OIDC token is available")
            register_secret(token)
            return token

        return read
