"""Fixtures for tests against the InvenioRDM double (tests/invenio_double).

- ``invenio_double``: a running :class:`~tests.invenio_double.InvenioDouble` (Zenodo flavour, its
  state under ``tmp_path``), with ``.url``, ``.token``, ``.violations``, ``.faults``, ``.count()``,
  ``.drafts``, ``.records``. At teardown the test fails if the double recorded a violation (a
  request a careful client never sends, or a bug of the double), unless the test is marked
  ``@pytest.mark.invenio_violations_expected`` (or cleared them with
  ``invenio_double.clear_violations()`` after checking them).
- ``invenio_double_factory``: ``invenio_double_factory(flavour="invenio", max_file_size=..., ...)``
  for more doubles or other settings; same teardown check.
- ``inv_repository``: a double that knows ``INV_TOKEN``; a test's ``jp_server_config`` returns
  ``with_inv_repository(jp_server_config, inv_repository, tmp_path)`` to publish to it as ``inv``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.doubles.pytest_fixtures import double_factory
from tests.invenio_double import InvenioDouble


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "invenio_violations_expected: the InvenioRDM double's violations do not fail this test",
    )


@pytest.fixture
def invenio_double_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    yield from double_factory(
        request,
        tmp_path,
        InvenioDouble,
        label="InvenioRDM",
        marker="invenio_violations_expected",
    )


@pytest.fixture
def invenio_double(invenio_double_factory) -> InvenioDouble:
    return invenio_double_factory()


INV_TOKEN = "a-token-for-the-double"


@pytest.fixture
def inv_repository(invenio_double_factory) -> InvenioDouble:
    """An InvenioRDM double that knows `INV_TOKEN`; `with_inv_repository` configures it."""
    return invenio_double_factory(tokens={INV_TOKEN: {"id": "7"}})


def with_inv_repository(server_config: dict, double: InvenioDouble, folder: Path) -> dict:
    """`server_config` with the publishing repository `inv`: the double, its token in a file."""
    token = folder / "repository-token"
    token.write_text(INV_TOKEN)
    server_config["VRELab"]["publish_repositories"] = [
        {"name": "inv", "url": double.url, "access_token_file": str(token)}
    ]
    return server_config
