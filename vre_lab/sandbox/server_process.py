"""Starting, finding and stopping the gunicorn process tree that serves Rucio's REST API."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

from . import processes
from .errors import SandboxError, tail
from .paths import SandboxPaths
from .ports import HOST

APPLICATION = "rucio.web.rest.flaskapi.v1.main:application"
GUNICORN_HOOKS = Path(__file__).parent / "server_side" / "gunicorn_hooks.py"
GRACEFUL_SECONDS = 5
# urllib would otherwise send loopback requests through a proxy taken from the environment
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def server_url(port: int) -> str:
    return f"http://{HOST}:{port}"


def server_environment(paths: SandboxPaths) -> dict[str, str]:
    """The caller's environment without what could mix the client's ``rucio`` into the server."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not key.startswith("RUCIO_")
    }
    env["RUCIO_CONFIG"] = str(paths.server_config)
    env["PATH"] = os.pathsep.join([str(paths.venv / "bin"), env.get("PATH", "")])
    return env


def launch(paths: SandboxPaths, port: int, workers: int) -> None:
    """Start gunicorn as a daemon, detached from the caller's session and terminal."""
    command = [
        str(paths.gunicorn),
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--preload",  # one import of the app (seconds of CPU) instead of one per worker
        "--config", str(GUNICORN_HOOKS),
        "--daemon",
        "--pid", str(paths.pid_file),
        "--no-control-socket",  # else gunicorn 27 writes ~/.gunicorn/gunicorn.ctl
        "--chdir", str(paths.home),
        "--error-logfile", str(paths.log_file),
        "--access-logfile", str(paths.log_file),
        "--capture-output",
        "--graceful-timeout", str(GRACEFUL_SECONDS),
        "--timeout", "120",
        APPLICATION,
    ]  # fmt: skip
    with paths.log_file.open("a", encoding="utf-8") as log:
        log.write(f"--- vre-lab sandbox: starting gunicorn on {HOST}:{port} at {time.ctime()}\n")
        log.flush()
        try:
            subprocess.run(
                command,
                env=server_environment(paths),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=60,
                check=True,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise SandboxError(
                f"gunicorn did not start ({error}):\n{tail(paths.log_file)}"
            ) from None


def master_pid(paths: SandboxPaths) -> int | None:
    """The gunicorn master serving this home, or None. Repairs a stale or missing pid file."""
    # the pid file's own path is on the command line: it tells our master from a recycled PID,
    # and finds the master again when the pid file is gone
    marker = f"--pid {paths.pid_file} "
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (OSError, ValueError):
        pid = None
    if (
        pid is not None
        and processes.is_running(pid)
        and marker in (processes.command_line(pid) or "")
    ):
        return pid
    tree = processes.find_by_command_line(marker)
    masters = [candidate for candidate, parent in tree.items() if parent not in tree]
    if len(masters) == 1:
        paths.pid_file.write_text(f"{masters[0]}\n")
        return masters[0]
    paths.pid_file.unlink(missing_ok=True)
    return None


def ping(url: str, timeout: float = 2.0) -> str | None:
    """The server's version when it answers ``/ping``, else None."""
    try:
        with _DIRECT.open(f"{url}/ping", timeout=timeout) as response:
            return json.loads(response.read().decode()).get("version")
    except (URLError, OSError, ValueError):
        return None


def wait_until_answering(paths: SandboxPaths, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ping(url, timeout=1.0):
            return
        pid_written = paths.pid_file.exists()
        if pid_written and master_pid(paths) is None:
            raise SandboxError(f"the Rucio server exited:\n{tail(paths.log_file)}")
        time.sleep(0.1)
    raise SandboxError(f"the Rucio server did not answer {url}/ping within {timeout:.0f} s")


def stop(paths: SandboxPaths, timeout: float) -> bool:
    """Stop the master and its workers; True when something was running."""
    pid = master_pid(paths)
    if pid is None:
        return False
    survivors = processes.stop_tree(pid, timeout=timeout)
    if survivors:
        raise SandboxError(f"could not stop processes {survivors}")
    paths.pid_file.unlink(missing_ok=True)
    return True
