"""The real reana-client, in a venv of its own (it cannot live beside JupyterLab 4).

``$VRE_LAB_REANA_CLIENT_VENV`` if set, else ``<repo>/.venv-reana-client``; built on first use
(``python -m venv`` + ``pip install reana-client==<pin> reana-commons==<pin>``, a few minutes)
under a file lock, so parallel sessions build it once. A venv someone else built with the pinned
versions is adopted as it is.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from vre_lab.sandbox.errors import SandboxError
from vre_lab.sandbox.locking import exclusive_lock
from vre_lab.sandbox.server_venv import install_venv

from .spec import REANA_CLIENT_VERSION, REANA_COMMONS_VERSION, client_venv

MARKER = "vre-lab-reana-client.json"
BUILD_TIMEOUT = 1200
REQUIREMENTS = (f"reana-client=={REANA_CLIENT_VERSION}", f"reana-commons=={REANA_COMMONS_VERSION}")


class ClientVenvError(RuntimeError):
    pass


def executable(venv: Path) -> Path:
    return venv / "bin" / "reana-client"


def _wanted() -> dict:
    return {"reana_client": REANA_CLIENT_VERSION, "reana_commons": REANA_COMMONS_VERSION}


def is_ready(venv: Path) -> bool:
    try:
        marker = json.loads((venv / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker == _wanted() and executable(venv).is_file()


def _adopt(venv: Path) -> bool:
    """A venv built elsewhere (without our marker) that has exactly the pinned versions."""
    sites = list(venv.glob("lib/python3*/site-packages"))
    has_pins = any(
        (site / f"reana_client-{REANA_CLIENT_VERSION}.dist-info").is_dir()
        and (site / f"reana_commons-{REANA_COMMONS_VERSION}.dist-info").is_dir()
        for site in sites
    )
    if not has_pins or not executable(venv).is_file():
        return False
    try:
        result = subprocess.run(
            [str(executable(venv)), "version"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    if result.returncode != 0 or result.stdout.strip() != REANA_CLIENT_VERSION:
        return False
    (venv / MARKER).write_text(json.dumps(_wanted(), indent=2) + "\n", encoding="utf-8")
    return True


def _last_change(venv: Path) -> float:
    folders = [venv, *venv.glob("lib/python3*/site-packages")]
    return max(folder.stat().st_mtime for folder in folders)


def _build(venv: Path) -> None:
    try:
        install_venv(venv, REQUIREMENTS, timeout=BUILD_TIMEOUT)
    except SandboxError as error:
        raise ClientVenvError(str(error)) from None
    if not _adopt(venv):
        raise ClientVenvError(f"{venv} was built but has no working reana-client")


def ensure_client_venv(venv: Path | None = None, report=lambda _message: None) -> Path:
    """The reana-client executable of a ready venv, building the venv when needed."""
    venv = Path(venv or client_venv())
    if is_ready(venv):
        return executable(venv)
    with exclusive_lock(venv.parent / f".{venv.name}.lock", timeout=BUILD_TIMEOUT):
        if is_ready(venv) or _adopt(venv):
            return executable(venv)
        if venv.exists():
            # Maybe still being built by a process that does not take our lock: wait a while.
            deadline = time.monotonic() + 600
            while time.time() - _last_change(venv) < 300 and time.monotonic() < deadline:
                time.sleep(5)
                if _adopt(venv):
                    return executable(venv)
            shutil.rmtree(venv)
        report(f"Installing reana-client {REANA_CLIENT_VERSION} into {venv} (a few minutes, once)")
        _build(venv)
        return executable(venv)
