"""The workflow engines REANA runs (yadage, cwltool, Snakemake), in their venv, for the tests of the
local engine's Snakemake and CWL runs.

- ``engines``: an :class:`~vre_lab.reana.local.engines.Engines` on ``$VRE_LAB_ENGINES_VENV`` or
  ``<repo>/.venv-engines``, built on first use with ``vre-lab engines install`` (pinned versions,
  under a lock; about 30 s with a warm pip cache);
- ``root``: a server root with a folder ``analysis/`` (and ``analysis/data/``), the ``source``;
- ``local``: a local engine on ``root`` that runs non-serial workflows with ``engines``, its state
  in the test's temporary folder, shut down after the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vre_lab.reana.local.engines import ENV, Engines, install

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def engines() -> Engines:
    venv = Path(os.environ.get(ENV) or REPO / ".venv-engines")
    install(venv)
    return Engines(venv)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "root" / "analysis" / "data").mkdir(parents=True)
    return tmp_path / "root"


@pytest.fixture
def source(root: Path) -> Path:
    return root / "analysis"


@pytest.fixture
def local(root: Path, tmp_path: Path, engines: Engines):
    from tests.test_reana_local_engine import make_engine

    engine = make_engine(root, tmp_path / "state", engines=engines)
    yield engine
    engine.shutdown()
