"""The canary-secret check, for every slice's tests.

A unique secret is planted in every configured credential (each config trait tagged
`secret=True`, and the credential environment variables of the design contract). The test fails
if that value ever appears in a response body or header, in any log record emitted by any logger,
or in a kernel output handed to `canary.check_outputs`.

Use it by overriding `jp_server_config` in a test module:

    @pytest.fixture
    def jp_server_config(jp_server_config, canary):
        return canary.plant(jp_server_config)

and fetching through `canary_fetch` instead of `jp_fetch`.
"""

import json
import logging
import uuid

import pytest
from tornado.httpclient import HTTPClientError

# Credentials users and hubs hand over by environment (design.md, "Contracts").
CREDENTIAL_ENV_VARS = (
    "REANA_ACCESS_TOKEN",
    "ZENODO_ACCESS_TOKEN",
    "ZENODO_SANDBOX_ACCESS_TOKEN",
    "RUCIO_ACCESS_TOKEN",
)


class SecretLeak(AssertionError):
    pass


class Canary:
    def __init__(self):
        self.value = f"vre-canary-{uuid.uuid4().hex}"
        self.records: list[logging.LogRecord] = []
        self.planted: list[str] = []

    def plant(self, server_config: dict, app_class=None) -> dict:
        """Set every secret trait of the vre_lab configurables in a jupyter server config."""
        from vre_lab.app import VRELab

        for cls in (app_class or VRELab)().classes:
            for name in cls.class_trait_names(secret=True, config=True):
                server_config.setdefault(cls.__name__, {})[name] = self.value
                self.planted.append(f"{cls.__name__}.{name}")
        return server_config

    def check(self, text: str | bytes, where: str) -> None:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if self.value in text:
            raise SecretLeak(f"the canary secret leaked into {where}")

    def check_response(self, response, where: str = "a response") -> None:
        self.check(response.body or b"", f"{where} body")
        self.check(json.dumps(dict(response.headers.get_all())), f"{where} headers")

    def check_outputs(self, outputs: list) -> None:
        """Check notebook/kernel outputs (nbformat output dicts or plain strings)."""
        self.check(json.dumps(outputs, default=str), "a kernel output")

    def check_logs(self) -> None:
        for record in self.records:
            text = record.getMessage()
            if record.exc_info:
                text += logging.Formatter().formatException(record.exc_info)
            self.check(text, f"a log record of {record.name!r}")


@pytest.fixture
def canary(monkeypatch):
    """A fresh canary secret, planted in the credential environment variables; every log record
    emitted by any logger during the test is kept and checked at the end."""
    canary = Canary()
    for name in CREDENTIAL_ENV_VARS:
        monkeypatch.setenv(name, canary.value)
    original_handle = logging.Logger.handle

    def handle(logger, record):
        canary.records.append(record)
        return original_handle(logger, record)

    monkeypatch.setattr(logging.Logger, "handle", handle)
    yield canary
    canary.check_logs()


@pytest.fixture
def canary_fetch(jp_fetch, canary):
    """`jp_fetch` that checks every answer, error answers included, for the canary."""

    async def fetch(*parts, **kwargs):
        try:
            response = await jp_fetch(*parts, **kwargs)
        except HTTPClientError as e:
            if e.response is not None:
                canary.check_response(e.response, f"the error answer of {'/'.join(parts)}")
            raise
        canary.check_response(response, f"the answer of {'/'.join(parts)}")
        return response

    return fetch
