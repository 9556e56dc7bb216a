"""The vre-lab wheel, for tests that install it the way users and images do.

- ``wheel``: (session) the wheel `scripts/setup.sh` built into ``dist/``, or a fresh one built
  once per session with ``pip wheel --no-deps`` (the labextension must already be built);
- ``wheel_venv``: (session) a fresh venv where the wheel alone is installed by the `RUN pip
  install` line of docs/jupyterhub/Dockerfile (its wheel path replaced by the wheel's, the rest
  kept), as the hub image installs it: the packaging and deployment tests share it and only read
  it (each points Jupyter at folders of its own);
- ``run``: ``run(*args, **kwargs)`` runs a command and fails the test, with the end of its
  output, when it exits non-zero; returns stdout + stderr.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "docs" / "jupyterhub" / "Dockerfile"


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


def dockerfile_lines() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def pip_install_command(wheel: Path, pip: Path) -> list[str]:
    """The Dockerfile's one `RUN pip install` command (up to its first `&&`), for `wheel`."""
    (run_line,) = [line for line in dockerfile_lines() if line.startswith("RUN pip install")]
    command = shlex.split(run_line.removeprefix("RUN").split("&&")[0])
    specs = [i for i, arg in enumerate(command) if re.match(r"^(\S*/)?vre[_-]lab\b", arg)]
    assert len(specs) == 1, f"one vre-lab wheel or requirement expected in: {run_line}"
    command[specs[0]] = str(wheel)
    command[0] = str(pip)
    return command


@pytest.fixture(scope="session")
def wheel_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed as docs/jupyterhub/Dockerfile installs it."""
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    run(sys.executable, "-m", "venv", venv)
    pip_env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    run(*pip_install_command(wheel, venv / "bin" / "pip"), env=pip_env)
    return venv
