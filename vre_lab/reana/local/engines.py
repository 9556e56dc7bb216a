"""The workflow engines REANA runs — yadage, cwltool, Snakemake — in a venv of their own, as
REANA runs each in an image of its own: yadage pins a jsonschema that JupyterLab cannot live
with, so they cannot be an extra of vre-lab's own environment.

`vre-lab engines install` builds the venv (pinned versions, under a lock); the local engine finds
each engine's command there, and says how to install them when one is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir

ENV = "VRE_LAB_ENGINES_VENV"
MARKER = "vre-lab-engines.json"
INSTALL_HINT = "install the workflow engines with `vre-lab engines install`"
# the versions tried together here; REANA 0.95 runs yadage 0.21, cwltool 3.1, Snakemake 8-9
REQUIREMENTS = {
    "yadage": "yadage==0.21.2",
    "cwltool": "cwltool==3.3.20260925135507",
    "snakemake": "snakemake==9.27.1",
}
COMMANDS = {"yadage": "yadage-run", "cwl": "cwltool", "snakemake": "snakemake"}
PACKAGES = {"yadage": "yadage", "cwl": "cwltool", "snakemake": "snakemake"}


def default_venv() -> Path:
    return Path(os.environ.get(ENV) or Path(jupyter_data_dir()) / "vre_lab" / "engines-venv")


@dataclass(frozen=True)
class Engines:
    venv: Path

    def command(self, kind: str) -> Path | None:
        """The engine's command for a workflow type (`yadage`, `cwl`, `snakemake`), if there."""
        path = self.venv / "bin" / COMMANDS[kind]
        return path if path.is_file() and os.access(path, os.X_OK) else None

    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def versions(self) -> dict[str, str]:
        """What the venv's marker says was installed (empty when it was not built here)."""
        try:
            marker = json.loads((self.venv / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return marker if isinstance(marker, dict) else {}

    def missing(self, kind: str) -> str | None:
        """Why a workflow of this type cannot run here, or None."""
        if kind not in COMMANDS or self.command(kind) is not None:
            return None
        return f"The {PACKAGES[kind]} engine is not installed in {self.venv}: {INSTALL_HINT}"


def install(venv: Path, timeout: float = 1800) -> dict[str, str]:
    """Build the venv with the pinned engines (kept when it already has them)."""
    from ...sandbox.locking import exclusive_lock
    from ...sandbox.server_venv import install_venv

    wanted = {name: pin.split("==")[1] for name, pin in REQUIREMENTS.items()}
    with exclusive_lock(venv.parent / f".{venv.name}.lock", timeout):
        if Engines(venv).versions() == wanted:
            return wanted
        install_venv(venv, tuple(REQUIREMENTS.values()), timeout)
        check = [str(Engines(venv).python()), "-c", "import yadage, cwltool, snakemake"]
        subprocess.run(check, check=True, timeout=300, capture_output=True)
        (venv / MARKER).write_text(json.dumps(wanted), encoding="utf-8")
    return wanted
