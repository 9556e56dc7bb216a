"""The workflow engines REANA runs (yadage, cwltool, Snakemake), in their venv, for the tests of the
local engine's Snakemake and CWL runs.

- ``engines``: an :class:`~vre_lab.reana.local.engines.Engines` on ``$VRE_LAB_ENGINES_VENV`` or
  ``<repo>/.venv-engines``, built on first use with ``vre-lab engines install`` (pinned versions,
  under a lock; about 30 s with a warm pip cache).
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
