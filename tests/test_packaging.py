"""`pip install` of the wheel alone enables the server extension and the labextension."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


def _run(*args, **kwargs) -> str:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `scripts/setup.sh` built, or a fresh one."""
    built = sorted((REPO / "dist").glob("vre_lab-*.whl"))
    if built:
        return built[-1]
    if not (REPO / "vre_lab" / "labextension" / "package.json").exists():
        pytest.fail("the labextension is not built: run scripts/setup.sh first")
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, REPO)
    return next(out.glob("vre_lab-*.whl"))


@pytest.mark.slow
def test_pip_install_alone_enables_the_server_extension_and_the_labextension(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    _run(venv / "bin" / "pip", "install", "--quiet", wheel)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
    }
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)

    servers = _listing(venv, "server", "extension", "list", env=env, cwd=tmp_path)
    assert re.search(r"vre_lab\s+enabled", servers)
    assert re.search(r"vre_lab [\w.+]+\s+OK", servers)

    labextensions = _listing(venv, "labextension", "list", env=env, cwd=tmp_path)
    assert re.search(r"vre-lab v[\w.]+ enabled\s+OK \(python, vre_lab\)", labextensions)


def _listing(venv: Path, *args, **kwargs) -> str:
    """A `jupyter` listing without its ANSI colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", _run(venv / "bin" / "jupyter", *args, **kwargs))
