"""The vre-lab wheel, for tests that install it the way users and images do.

- ``wheel``: (session) the wheel `scripts/setup.sh` built into ``dist/``, or a fresh one built
  once per session with ``pip wheel --no-deps`` (the labextension must already be built);
- ``run``: ``run(*args, **kwargs)`` runs a command and fails the test, with the end of its
  output, when it exits non-zero; returns stdout + stderr.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args, timeout: float = 900, **kwargs) -> str:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `scripts/setup.sh` built, or a fresh one."""
    built = sorted((REPO / "dist").glob("vre_lab-*.whl"))
    if built:
        return built[-1]
    if not (REPO / "vre_lab" / "labextension" / "package.json").exists():
        pytest.fail("the labextension is not built: run scripts/setup.sh first")
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, REPO)
    return next(out.glob("vre_lab-*.whl"))
