"""The Rucio server's own virtual environment.

The server package ``rucio`` and the client package ``rucio-clients`` both install the module
``rucio``, so the server never goes into the environment that runs JupyterLab.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import SandboxError, tail
from .locking import exclusive_lock

SERVER_REQUIREMENTS = ("rucio==41.5.1", "gunicorn==27.0.1")
READY_MARKER = "vre-lab-server-venv.json"
INSTALL_TIMEOUT = 1200.0


def read_marker(venv: Path) -> dict | None:
    try:
        marker = json.loads((venv / READY_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if marker.get("requirements") != list(SERVER_REQUIREMENTS):
        return None
    return marker


def server_site_packages(venv: Path) -> Path:
    marker = read_marker(venv)
    if marker is None:
        raise SandboxError(f"{venv} is not a ready Rucio server venv")
    return Path(marker["site_packages"])


def ensure_server_venv(venv: Path, report: Callable[[str], None] = lambda _: None) -> bool:
    """Create the venv and install the pinned server packages, once. True when it did work."""
    if read_marker(venv) is not None:
        return False
    with exclusive_lock(venv.parent / f".{venv.name}.lock", timeout=INSTALL_TIMEOUT):
        if read_marker(venv) is not None:  # another process built it while we waited
            return False
        report(f"Installing the Rucio server into {venv} (about a minute, done once)")
        _create(venv)
        return True


def install_venv(venv: Path, requirements: tuple[str, ...], timeout: float = INSTALL_TIMEOUT):
    """`python -m venv` + `pip install requirements`, logged next to the venv; a failure raises
    SandboxError with the log's last lines."""
    venv.parent.mkdir(parents=True, exist_ok=True)
    log = venv.parent / f"{venv.name}-install.log"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            *requirements,
        ],
    ]
    with log.open("w", encoding="utf-8") as output:
        for step in steps:
            try:
                subprocess.run(
                    step, stdout=output, stderr=subprocess.STDOUT, timeout=timeout, check=True
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                output.flush()
                raise SandboxError(f"{' '.join(step[:3])} failed ({error}):\n{tail(log)}") from None


def _create(venv: Path) -> None:
    install_venv(venv, SERVER_REQUIREMENTS)
    python = venv / "bin" / "python"
    site_packages = subprocess.run(
        [
            str(python),
            "-c",
            "import pathlib, rucio; print(pathlib.Path(rucio.__file__).parent.parent)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    marker = {"requirements": list(SERVER_REQUIREMENTS), "site_packages": site_packages}
    (venv / READY_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
