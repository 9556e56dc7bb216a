"""Fixtures for tests that talk to a real Rucio server: the local sandbox.

One sandbox per test session, in its own temporary home and on a free port (never the user's
sandbox, never port 8490). Its server venv is shared: ``$VRE_LAB_SANDBOX_VENV`` if set, else
``<repo>/.venv-rucio-server``, built on first use (about a minute) and reused afterwards.

- ``rucio_sandbox``: the running sandbox's :class:`~vre_lab.sandbox.SandboxInfo`
  (url, client_config, home, ...);
- ``rucio_sandbox_control``: the :class:`~vre_lab.sandbox.Sandbox` itself;
- ``rucio_client_kwargs``: arguments for ``rucio.client.Client(**kwargs)``;
- ``rucio_client``: a real ``rucio.client.Client`` logged in as root, its token cached in a
  directory of its own;
- ``sandbox_cli(*args)``: ``vre-lab sandbox ARGS`` run as a user runs it, its output captured.

Tests using them are marked ``sandbox`` automatically (``-m "not sandbox"`` skips them).
"""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vre_lab.sandbox import Sandbox, SandboxInfo
from vre_lab.sandbox.paths import VENV_ENV

REPOSITORY = Path(__file__).resolve().parents[2]
SANDBOX_FIXTURES = {"rucio_sandbox", "rucio_sandbox_control", "rucio_client_kwargs", "rucio_client"}


def shared_server_venv() -> Path:
    return Path(os.environ.get(VENV_ENV) or REPOSITORY / ".venv-rucio-server")


def sandbox_login(rucio_sandbox: SandboxInfo) -> tuple[str, str]:
    """The user name and password of the sandbox's root account (from its client config)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(rucio_sandbox.client_config)
    return parser.get("client", "username"), parser.get("client", "password")


def sandbox_password(rucio_sandbox: SandboxInfo) -> str:
    return sandbox_login(rucio_sandbox)[1]


def sandbox_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """``vre-lab sandbox ARGS`` in a process of its own, its output captured, not checked."""
    return subprocess.run(
        [sys.executable, "-m", "vre_lab.cli", "sandbox", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SANDBOX_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.sandbox)


@pytest.fixture(scope="session")
def rucio_sandbox_control(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    sandbox = Sandbox(
        home=tmp_path_factory.mktemp("rucio-sandbox"), venv=shared_server_venv(), port=0
    )
    try:
        sandbox.start(timeout=180)
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="session")
def rucio_sandbox(rucio_sandbox_control: Sandbox) -> SandboxInfo:
    return rucio_sandbox_control.status()


@pytest.fixture(scope="session")
def rucio_client_kwargs(rucio_sandbox_control: Sandbox) -> dict:
    return rucio_sandbox_control.client_kwargs()


@pytest.fixture(scope="session")
def rucio_client(rucio_client_kwargs: dict, tmp_path_factory: pytest.TempPathFactory):
    return isolated_client(rucio_client_kwargs, tmp_path_factory.mktemp("rucio-tokens"))


def isolated_client(client_kwargs: dict, token_dir: Path):
    """A real rucio-clients ``Client`` whose login token is cached under ``token_dir``.

    Without a config file rucio-clients caches tokens in ``$TMPDIR/<user>/.rucio_<account>``,
    shared by every Rucio server on the machine; its class attribute picks that directory.
    """
    from rucio.client import Client

    class IsolatedTokenClient(Client):
        TOKEN_PATH_PREFIX = f"{token_dir}/.rucio_"

    return IsolatedTokenClient(**client_kwargs)
