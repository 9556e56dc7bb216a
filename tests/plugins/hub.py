"""A real JupyterHub for the tests: JupyterHub 5 from PyPI, configurable-http-proxy from npm, on
loopback ports, with docs/jupyterhub/jupyterhub_config.py as written (tests/hub/
jupyterhub_config.py adds only what a test on one machine needs).

- ``hub_venv``: (session) ``.venv-hub`` (or ``$VRE_LAB_HUB_VENV``), built on first use under a
  lock: tests/hub/requirements.txt (JupyterHub, jupyterhub-idle-culler, JupyterLab: the hub and
  the single-user environment, as a Jupyter Docker Stacks image is), then the vre-lab wheel
  installed with docs/jupyterhub/Dockerfile's `RUN pip install` line, and tests/hub/package.json
  (configurable-http-proxy, playwright-core) with ``npm ci`` in ``.venv-hub/node``. Kept across
  sessions; the wheel is installed again when it changed.
- ``hub``: (session) the running hub, shared by every test of tests/test_hub.py: users alice,
  bob and carol, each with a Rucio account of their own on the sandbox, whose access tokens an
  identity provider (a JSON file) hands to the hub; the Rucio of every user's server reaches the
  sandbox through a relay (tests/plugins/relay.py) that records which token each call carried
  and can slow down or hold one user's calls. Stopped by PID at the end, with every server it
  spawned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.plugins.relay import RelayProxy
from tests.plugins.server_process import free_port
from tests.plugins.wheel import REPO, pip_install_command, run
from tests.plugins.workflows import JOB_ENDED, WORKFLOW_ENDED
from vre_lab.sandbox.locking import exclusive_lock

HUB_FILES = REPO / "tests" / "hub"
DOC_CONFIG = REPO / "docs" / "jupyterhub" / "jupyterhub_config.py"
USERS = ("alice", "bob", "carol")
CULLED_USER = "carol"  # the only user the idle culler may stop
CULL_TIMEOUT = 8  # seconds without a request before the culler stops carol's server
PROXY = "configurable-http-proxy"


def hub_venv_path() -> Path:
    return Path(os.environ.get("VRE_LAB_HUB_VENV") or REPO / ".venv-hub")


def _digest(*paths: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()


def build_hub_venv(venv: Path, wheel: Path) -> Path:
    """The hub's venv with the pinned packages, the current wheel and the node packages."""
    requirements = HUB_FILES / "requirements.txt"
    node_files = (HUB_FILES / "package.json", HUB_FILES / "package-lock.json")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    with exclusive_lock(venv.parent / f".{venv.name}.lock", timeout=1800):
        marker = venv / "vre-lab-hub.json"
        done = json.loads(marker.read_text()) if marker.exists() else {}
        if done.get("requirements") != _digest(requirements):
            shutil.rmtree(venv, ignore_errors=True)
            run(sys.executable, "-m", "venv", venv)
            pip = [venv / "bin" / "pip", "install", "--disable-pip-version-check"]
            run(*pip, "-r", requirements, env=env)
            done = {"requirements": _digest(requirements)}
        if done.get("wheel") != _digest(wheel):
            run(*pip_install_command(wheel, venv / "bin" / "pip"), env=env)  # as the image does
            run(venv / "bin" / "pip", "install", "--force-reinstall", "--no-deps", wheel, env=env)
            done["wheel"] = _digest(wheel)
        if done.get("node") != _digest(*node_files):
            node = venv / "node"
            shutil.rmtree(node, ignore_errors=True)
            node.mkdir()
            for file in node_files:
                shutil.copy(file, node / file.name)
            run("npm", "ci", "--no-audit", "--no-fund", cwd=node)
            done["node"] = _digest(*node_files)
        marker.write_text(json.dumps(done))
    return venv


@pytest.fixture(scope="session")
def hub_venv(wheel) -> Path:
    return build_hub_venv(hub_venv_path(), wheel)


@dataclass
class UserServer:
    """A user's server through the hub's proxy (`/user/NAME/`), with a token the hub issued."""

    name: str
    url: str  # http://127.0.0.1:PORT/user/NAME/
    token: str
    home: Path
    answers: list[str] = field(default_factory=list)  # every answer body, for canary checks

    def request(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {"Authorization": f"token {token or self.token}", **kwargs.pop("headers", {})}
        kwargs.setdefault("allow_redirects", False)
        timeout = kwargs.pop("timeout", 60)
        response = requests.request(
            method, self.url + path, headers=headers, timeout=timeout, **kwargs
        )
        self.answers.append(json.dumps(dict(response.headers)) + response.text)
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def api(self, method: str, route: str, body=None, expect: int | None = 200, **params):
        """`vre-lab/api/<route>`: the JSON answer, asserting the status when `expect` is set."""
        kwargs = {"params": params} if params else {}
        if body is not None:
            kwargs["json"] = body
        response = self.request(method, f"vre-lab/api/{route}", **kwargs)
        if expect is not None:
            assert response.status_code == expect, (route, response.status_code, response.text)
        return response.json() if response.content else None

    def wait_for_job(self, job: dict, timeout: float = 120) -> dict:
        return self._wait_until_ended(f"jobs/{job['id']}", "state", JOB_ENDED, timeout)

    def wait_for_workflow(self, workflow: str, timeout: float = 120) -> dict:
        route = f"reana/servers/local/workflows/{workflow}"
        return self._wait_until_ended(route, "status", WORKFLOW_ENDED, timeout)

    def _wait_until_ended(self, route: str, key: str, ended: set[str], timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = self.api("GET", route)
            if answer[key] in ended:
                return answer
            time.sleep(0.2)
        raise AssertionError(f"{route} still {answer[key]} after {timeout} s: {answer}")


class Hub:
    def __init__(self, folder: Path, venv: Path, rucio_url: str, relay: RelayProxy):
        self.folder = folder
        self.venv = venv
        self.relay = relay
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.admin_token = secrets.token_hex(24)
        self.password = secrets.token_hex(8)
        self.idp_file = folder / "idp.json"
        self.idp: dict[str, str | None] = {}
        self.rucio_url = rucio_url
        self.log_path = folder / "hub.log"
        self.process: subprocess.Popen | None = None
        self.server_pids: set[int] = set()
        self.sessions: dict[str, requests.Session] = {}
        self.tokens: dict[str, str] = {}

    # --- the identity provider: the token it hands each user now --------------------------

    def set_idp_token(self, name: str, token: str | None) -> None:
        self.idp[name] = token
        temporary = self.idp_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.idp))
        temporary.replace(self.idp_file)

    def home(self, name: str) -> Path:
        return self.folder / "homes" / name

    def token_file(self, name: str) -> Path:
        return self.home(name) / ".vre" / "oidc" / "access_token"

    # --- the hub process ----------------------------------------------------------------------

    def start(self) -> None:
        settings = {
            "doc_config": str(DOC_CONFIG),
            "folder": str(self.folder),
            "port": self.port,
            "hub_port": free_port(),
            "proxy_api_port": free_port(),
            "proxy_command": str(self.venv / "node" / "node_modules" / ".bin" / PROXY),
            "idp_file": str(self.idp_file),
            "password": self.password,
            "users": list(USERS),
            "rucio_url": self.rucio_url,
            "cull_timeout": CULL_TIMEOUT,
            "culled_user": CULLED_USER,
            "admin_token": self.admin_token,
        }
        (self.folder / "settings.json").write_text(json.dumps(settings))
        env = {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.folder),
            "LANG": "C.UTF-8",
            "VRE_TEST_HUB_SETTINGS": str(self.folder / "settings.json"),
            "JUPYTERHUB_CRYPT_KEY": secrets.token_hex(32),
        }
        config = HUB_FILES / "jupyterhub_config.py"
        command = [str(self.venv / "bin" / "jupyterhub"), "-f", str(config)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited:\n{self.log_tail()}")
            with contextlib.suppress(requests.ConnectionError):
                if self.api("GET", "").status_code == 200:
                    return
            time.sleep(0.3)
        raise TimeoutError(f"jupyterhub did not answer:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.server_pids |= self.running_pids()
            self.process.send_signal(signal.SIGTERM)  # the hub stops its servers and proxy
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in self.server_pids:  # a server the hub could not stop: by its PID
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    # --- the hub's REST API -----------------------------------------------------------------

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {"Authorization": f"token {token or self.admin_token}"}
        timeout = kwargs.pop("timeout", 60)
        url = f"{self.url}hub/api/{path}"
        return requests.request(method, url, headers=headers, timeout=timeout, **kwargs)

    def user_model(self, name: str) -> dict:
        response = self.api("GET", f"users/{name}")
        assert response.status_code == 200, response.text
        return response.json()

    def running_pids(self) -> set[int]:
        pids = set()
        for name in USERS:
            server = self.user_model(name)["servers"].get("")
            if server and (server.get("state") or {}).get("pid"):
                pids.add(server["state"]["pid"])
        return pids

    # --- users ------------------------------------------------------------------------------

    def login(self, name: str) -> requests.Session:
        """Log in through the hub's login form, as a browser does; the session keeps the cookie."""
        session = requests.Session()
        session.trust_env = False
        page = session.get(f"{self.url}hub/login", timeout=30)
        assert page.status_code == 200, page.text
        form = {"username": name, "password": self.password, "_xsrf": session.cookies["_xsrf"]}
        answer = session.post(f"{self.url}hub/login", data=form, timeout=30, allow_redirects=False)
        assert answer.status_code == 302, (answer.status_code, answer.text[-2000:])
        self.sessions[name] = session
        return session

    def spawn(self, name: str, timeout: float = 120) -> UserServer:
        """The user's server, spawned through the hub (`/hub/spawn`) when it is not running, and
        a token the hub issued to the user (created with their login, as the Token page does)."""
        session = self.sessions.get(name) or self.login(name)
        session.get(f"{self.url}hub/spawn", timeout=60)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.user_model(name)["servers"].get("")
            if server and server.get("ready"):
                pid = (server.get("state") or {}).get("pid")
                if pid:
                    self.server_pids.add(pid)
                break
            time.sleep(0.3)
        else:
            raise TimeoutError(f"{name}'s server did not start:\n{self.log_tail()}")
        if name not in self.tokens:
            created = session.post(
                f"{self.url}hub/api/users/{name}/tokens",
                json={"note": "tests", "expires_in": 3600},
                headers={"X-XSRFToken": session.cookies["_xsrf"]},
                timeout=30,
            )
            assert created.status_code == 201, created.text
            self.tokens[name] = created.json()["token"]
        return UserServer(name, f"{self.url}user/{name}/", self.tokens[name], self.home(name))

    def wait_until_stopped(self, name: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.user_model(name)["servers"]:
                return
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server is still there:\n{self.log_tail()}")


def add_sandbox_user(rucio_client, name: str, password: str) -> None:
    """A Rucio account `name` with a userpass identity of its own on the sandbox."""
    rucio_client.add_account(name, "USER", f"{name}@localhost")
    rucio_client.add_identity(
        account=name,
        identity=f"{name}-login",
        authtype="USERPASS",
        email=f"{name}@localhost",
        password=password,
    )


def sandbox_token(rucio_url: str, name: str, password: str) -> str:
    """A fresh Rucio token for the account, as an identity provider would issue one."""
    answer = requests.get(
        f"{rucio_url}/auth/userpass",
        headers={
            "X-Rucio-Account": name,
            "X-Rucio-Username": f"{name}-login",
            "X-Rucio-Password": password,
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.headers["X-Rucio-Auth-Token"]


@dataclass
class HubFixture:
    hub: Hub
    relay: RelayProxy
    rucio_url: str  # the sandbox itself
    passwords: dict[str, str]

    def new_token(self, name: str) -> str:
        return sandbox_token(self.rucio_url, name, self.passwords[name])


@pytest.fixture(scope="session")
def hub(hub_venv, rucio_sandbox, rucio_client, tmp_path_factory) -> Iterator[HubFixture]:
    folder = tmp_path_factory.mktemp("hub")
    (folder / "homes").mkdir()
    passwords = {name: secrets.token_hex(12) for name in USERS}
    for name in USERS:
        add_sandbox_user(rucio_client, name, passwords[name])
    relay = RelayProxy(rucio_sandbox.url)
    hub = Hub(folder, hub_venv, relay.url, relay)
    fixture = HubFixture(hub, relay, rucio_sandbox.url, passwords)
    for name in USERS:
        hub.set_idp_token(name, fixture.new_token(name))
    try:
        hub.start()
        yield fixture
    finally:
        try:
            hub.stop()
        finally:
            relay.close()
