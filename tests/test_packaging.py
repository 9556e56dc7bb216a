"""`pip install` of the wheel alone enables the server extension and the labextension (in the
session's `wheel_venv`, tests/plugins/wheel.py, which test_deployment_hub.py shares)."""

import os
import re
from pathlib import Path

import pytest

from tests.plugins.wheel import run as _run


@pytest.mark.slow
@pytest.mark.timeout(900)  # the first test to use wheel_venv builds it: a cold pip cache
def test_pip_install_alone_enables_the_server_extension_and_the_labextension(wheel_venv, tmp_path):
    venv = wheel_venv
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
