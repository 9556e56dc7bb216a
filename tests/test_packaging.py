"""`pip install` of the wheel alone enables the server extension and the labextension (in the
session's `wheel_venv`, tests/plugins/wheel.py, which test_deployment_hub.py shares)."""

import ast
import importlib.metadata
import os
import re
import sys
from pathlib import Path

import pytest

from tests.plugins.wheel import REPO
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


def test_every_runtime_dependency_is_imported_and_the_server_needs_no_ipython():
    """pyproject.toml's dependencies are what vre_lab imports (JupyterLab aside: it hosts the
    labextension); IPython, which only the %rucio magics import, is the `magics` extra."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = {_name(spec) for spec in project["dependencies"]} - {"jupyterlab"}
    providers = importlib.metadata.packages_distributions()
    imported = set()
    for path in (REPO / "vre_lab").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module]
            else:
                continue
            for module in modules:
                imported |= {_name(d) for d in providers.get(module.split(".")[0], [])}
    assert declared <= imported, f"declared, never imported: {declared - imported}"
    assert [_name(s) for s in project["optional-dependencies"]["magics"]] == ["ipython"]
    _run(sys.executable, "-c", "import sys, vre_lab.app; assert 'IPython' not in sys.modules")


def _name(requirement: str) -> str:
    """A distribution's normalised name (PEP 503), from a requirement or a name."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()
