"""Fixtures for tests against the REANA double (tests/reana_double) and the real reana-client.

- ``reana_double``: a running :class:`~tests.reana_double.ReanaDouble` for the test (its own
  state folder under ``tmp_path``, ``step_seconds=0.2``), with ``.url``, ``.token``,
  ``.violations``, ``.faults``. At teardown the test fails if the double recorded a violation (a
  request that breaks REANA's spec, or an answer of the double that does), unless the test is
  marked ``@pytest.mark.reana_violations_expected`` (or cleared them with
  ``reana_double.clear_violations()`` after checking them).
- ``reana_double_factory``: ``reana_double_factory(step_seconds=5, ...)`` for more doubles, or
  other settings; same teardown check.
- ``reana_client_cli``: runs the real ``reana-client`` (its own venv, built on first use:
  ``$VRE_LAB_REANA_CLIENT_VENV`` or ``<repo>/.venv-reana-client``):
  ``reana_client_cli("ping", url=double.url, token=double.token, cwd=folder)`` returns the
  ``subprocess.CompletedProcess``; with ``check=True`` (the default) a non-zero exit or an error
  in stderr fails the test. ``reana_client_cli.bind(double)`` gives a runner with url and token set;
  ``.many(("ls", "-w", "a"), ("list",), cwd=...)`` runs independent commands at once. Every
  command is a process of its own, forked after the CLI's imports (see
  tests/reana_double/client_cli.py; ``VRE_LAB_REANA_CLIENT_FORK=0`` spawns ``reana-client``).

- ``with_reana_server(jp_server_config, double, tmp_path)``: the config with the double as REANA
  server ``cern`` (its token in a file), for a test class's ``jp_server_config`` fixture.
- ``reana_calls``: ``reana_calls()`` lists the requests the doubles served since the fixture
  started, as ``"METHOD /path?query"``.

Tests using ``reana_client_cli`` are marked ``reana_client`` (``-m "not reana_client"`` skips them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.doubles.pytest_fixtures import double_factory
from tests.reana_double import ReanaDouble
from tests.reana_double.client_cli import ReanaClientCli
from tests.reana_double.client_venv import ensure_client_venv


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "reana_client: runs the real reana-client CLI (its own venv, built on first use)",
    )
    config.addinivalue_line(
        "markers",
        "reana_violations_expected: the REANA double's violations do not fail this test",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "reana_client_cli" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.reana_client)


@pytest.fixture
def reana_double_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    yield from double_factory(
        request,
        tmp_path,
        ReanaDouble,
        label="REANA",
        marker="reana_violations_expected",
        defaults={"step_seconds": 0.2},
    )


@pytest.fixture
def reana_double(reana_double_factory) -> ReanaDouble:
    return reana_double_factory()


@pytest.fixture(scope="session")
def reana_client_executable() -> Iterator[Path]:
    yield ensure_client_venv(report=print)
    ReanaClientCli.close_servers()


@pytest.fixture
def reana_client_cli(reana_client_executable: Path) -> Iterator[ReanaClientCli]:
    yield ReanaClientCli(reana_client_executable)
    ReanaClientCli.close_servers()  # one per double (URL) and token; none outlives its test


@pytest.fixture
def reana_calls(caplog) -> Callable[[], list[str]]:
    """The REANA requests the doubles served since the fixture started, as 'METHOD /path'."""
    caplog.set_level(logging.DEBUG, logger="tests.reana_double.access")

    def calls() -> list[str]:
        return [
            " ".join(r.getMessage().split()[1:3])
            for r in caplog.records
            if r.name == "tests.reana_double.access"
        ]

    return calls


def with_reana_server(config: dict, double: ReanaDouble, tmp_path: Path, name: str = "cern"):
    token = tmp_path / f"{name}-token"
    token.write_text(double.token)
    config["VRELab"]["reana_servers"] = [
        {"name": name, "url": double.url, "access_token_file": str(token)}
    ]
    return config
