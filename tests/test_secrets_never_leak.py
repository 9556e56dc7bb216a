"""No secret reaches a response, a log line or a kernel output; the canary check proves it and is
itself proven to catch leaks."""

import io
import logging
import os
from types import SimpleNamespace

import pytest
from traitlets import Unicode

from tests.plugins.canary import CREDENTIAL_ENV_VARS, SecretLeak
from tests.routes import concrete_url, handler_methods, registered_routes
from vre_lab.app import VRELab
from vre_lab.core.secrets import MASK, RedactingFilter, forget_secret, redact, register_secret


@pytest.fixture
def jp_server_config(jp_server_config, canary):
    return canary.plant(jp_server_config)


def test_the_canary_is_planted_in_every_credential_environment_variable(canary):
    assert all(os.environ[name] == canary.value for name in CREDENTIAL_ENV_VARS)


def test_the_canary_is_planted_in_every_secret_config_trait(canary):
    class WithToken(VRELab):
        token = Unicode().tag(config=True, secret=True)
        url = Unicode().tag(config=True)

    config = canary.plant({}, app_class=WithToken)
    assert config["WithToken"] == {"token": canary.value}


def test_the_canary_catches_a_secret_in_a_log_record(canary):
    logging.getLogger("vre_lab.somewhere").warning("token is %s", canary.value)
    with pytest.raises(SecretLeak, match="log record"):
        canary.check_logs()
    canary.records.clear()


def test_the_canary_catches_a_secret_in_a_response(canary):
    response = SimpleNamespace(
        body=f'{{"token": "{canary.value}"}}'.encode(), headers=SimpleNamespace(get_all=lambda: [])
    )
    with pytest.raises(SecretLeak, match="body"):
        canary.check_response(response)


def test_the_canary_catches_a_secret_in_a_kernel_output(canary):
    outputs = [{"output_type": "stream", "name": "stdout", "text": f"using {canary.value}\n"}]
    with pytest.raises(SecretLeak, match="kernel output"):
        canary.check_outputs(outputs)


async def test_no_route_answers_or_logs_the_canary(jp_serverapp, canary_fetch, canary):
    for path, handler in registered_routes(jp_serverapp).items():
        for method in handler_methods(handler):
            parts = concrete_url(path).strip("/").split("/")
            body = b"{}" if method in ("post", "put", "patch") else None
            response = await canary_fetch(
                *parts, method=method.upper(), body=body, raise_error=False
            )
            assert response.code < 500, f"{method} {path} failed with {response.code}"
    assert canary.records, "no log record was captured at all"


@pytest.fixture
def secret():
    value = "s3cr3t-token-value"
    register_secret(value)
    yield value
    forget_secret(value)


def test_a_registered_secret_is_masked_in_text(secret):
    assert redact(f"GET /api?access_token={secret}") == f"GET /api?access_token={MASK}"


def test_log_output_masks_registered_secrets_in_messages_and_tracebacks(secret):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("vre_lab.test.redaction")
    logger.addHandler(handler)
    try:
        logger.warning("calling %s", f"https://reana/api?access_token={secret}")
        try:
            raise ValueError(f"bad token {secret}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert secret not in stream.getvalue()
    assert stream.getvalue().count(MASK) == 2
