"""A real `jupyter server` in a child process, for tests that restart it or fuzz it over HTTP."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests


@dataclass
class ServerProcess:
    url: str  # ends with the base URL, e.g. http://127.0.0.1:PORT/user/alice/
    token: str
    log_path: Path
    pid: int = 0

    def session(self) -> requests.Session:
        """A keep-alive session carrying the token; ignores proxies from the environment."""
        session = requests.Session()
        session.trust_env = False
        session.headers["Authorization"] = f"token {self.token}"
        return session

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.url + path, headers=headers, timeout=10, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_server(home: Path, config: str = "", base_url: str = "/", environ: dict | None = None):
    """Run `jupyter server` with vre_lab enabled, its own Jupyter dirs, and `config` appended to
    its config file, in `environ` (default: this process's); yield it once it answers, and stop
    it (no process left behind)."""
    home.mkdir(parents=True, exist_ok=True)
    root = home / "root"
    root.mkdir(exist_ok=True)
    token, port = secrets.token_hex(16), free_port()
    config_file = home / "jupyter_server_config.py"
    config_file.write_text(
        "c.ServerApp.jpserver_extensions = {'vre_lab': True}\n"
        f"c.ServerApp.root_dir = {str(root)!r}\n"
        f"c.ServerApp.base_url = {base_url!r}\n"
        f"c.IdentityProvider.token = {token!r}\n"
        "c.ServerApp.ip = '127.0.0.1'\n"
        f"c.ServerApp.port = {port}\n"
        "c.ServerApp.port_retries = 0\n"
        "c.ServerApp.open_browser = False\n"
        "c.ServerApp.allow_root = True\n" + config
    )
    env = {
        **(os.environ if environ is None else environ),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    log_path = home / "server.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--config={config_file}"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = ServerProcess(f"http://127.0.0.1:{port}{base_url}", token, log_path, process.pid)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 15) -> None:
    """Terminate a server, killing it when it does not stop within `grace` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _wait_until_up(server: ServerProcess, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter server exited:\n{server.log_path.read_text()[-3000:]}")
        with contextlib.suppress(requests.ConnectionError):
            if server.get("api/status").ok:
                return
        time.sleep(0.2)
    raise TimeoutError(f"jupyter server did not answer:\n{server.log_path.read_text()[-3000:]}")


@pytest.fixture
def server_process(tmp_path):
    """A factory: `with server_process(config=..., base_url=...) as server:`."""

    def start(config: str = "", base_url: str = "/", home: Path | None = None):
        return jupyter_server(home or tmp_path / "server", config, base_url)

    return start
