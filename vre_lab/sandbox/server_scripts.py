"""Running the scripts of ``server_side/`` with the server venv's Python."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import SandboxError
from .paths import SandboxPaths
from .server_process import server_environment

SCRIPTS = Path(__file__).parent / "server_side"


def run_server_script(
    paths: SandboxPaths, script: str, *args: str, timeout: float, rucio_config: Path
) -> str:
    """Run ``server_side/<script>`` and return its stdout; a failure raises with its stderr."""
    env = server_environment(paths) | {"RUCIO_CONFIG": str(rucio_config)}
    try:
        result = subprocess.run(
            [str(paths.venv_python), str(SCRIPTS / script), *args],
            env=env,
            cwd=paths.home,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SandboxError(f"{script} did not finish within {timeout:.0f} s") from None
    if result.returncode != 0:
        last_lines = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise SandboxError(f"{script} failed:\n{last_lines}")
    return result.stdout
