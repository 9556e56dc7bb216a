"""Fixtures for tests of the Data (Rucio) slice through the server's REST API, against the
real sandbox Rucio server (tests/plugins/sandbox.py).

- ``rucio_server_config``: (override ``jp_server_config`` with it) a jupyter server config
  with the sandbox as instance ``sandbox`` (replica mode on SANDBOX_DISK), and private
  download, credential and token folders;
- ``rucio_api``: ``await rucio_api("GET", "sandbox/scopes")`` -> (status, JSON body), never
  raising on an HTTP error status, so tests can assert on 4xx/5xx answers.
"""

from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError


def rucio_settings(tmp_path, instances: list[dict], **extra) -> dict:
    return {
        "rucio_instances": instances,
        "rucio_download_dir": str(tmp_path / "downloads"),
        "rucio_credentials_path": str(tmp_path / "private" / "rucio-credentials.json"),
        "rucio_token_dir": str(tmp_path / "private" / "tokens"),
        "rucio_replication_poll_seconds": 0.2,
        **extra,
    }


@pytest.fixture
def rucio_instances(rucio_sandbox) -> list[dict]:
    return [rucio_sandbox.vre_lab_instance()]


@pytest.fixture
def rucio_server_config(jp_server_config, rucio_instances, tmp_path):
    """Use it in a test module: ``jp_server_config = rucio_server_config_fixture``."""
    jp_server_config["VRELab"].update(rucio_settings(tmp_path, rucio_instances))
    return jp_server_config


@pytest.fixture
def rucio_api(jp_fetch):
    async def call(method: str, path: str, body: dict | None = None, **params):
        query = {k: v for k, v in params.items() if v is not None}
        kwargs = {"method": method, "params": query}
        if body is not None:
            kwargs["body"] = json.dumps(body)
        elif method in ("POST", "PUT"):
            kwargs["body"] = "{}"
        try:
            response = await jp_fetch("vre-lab", "api", "rucio", *path.split("/"), **kwargs)
        except HTTPClientError as e:
            return e.code, json.loads(e.response.body or b"{}")
        return response.code, json.loads(response.body) if response.body else None

    return call
