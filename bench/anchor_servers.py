"""rucio-jupyterlab 41.0.0 (the anchor) and vre-lab as the anchor bench drives them: the anchor's
own venv and jupyter server, and a client of each server's REST routes. See anchor_bench.py."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from harness import (
    HOST,
    REPOSITORY,
    say,
)

from tests.plugins.server_process import ServerProcess, _wait_until_up, free_port, stop
from vre_lab.sandbox.errors import SandboxError
from vre_lab.sandbox.server_venv import install_venv

ANCHOR = "rucio-jupyterlab==41.0.0"
ANCHOR_VENV = Path(os.environ.get("VRE_LAB_ANCHOR_VENV") or REPOSITORY / ".venv-anchor")
RSE = "SANDBOX_DISK"
BIG_PAGE = 1000  # vre-lab's largest page


def anchor_version(venv: Path) -> str | None:
    python = venv / "bin" / "python"
    if not python.exists():
        return None
    result = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('rucio-jupyterlab'))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout.strip() or None


def ensure_anchor_venv(venv: Path) -> bool:
    """rucio-jupyterlab 41.0.0 in a venv of its own, installed from PyPI once; True when it
    installed it."""
    wanted = ANCHOR.split("==")[1]
    if anchor_version(venv) == wanted:
        return False
    say(f"Installing {ANCHOR} into {venv} (about a minute, done once)")
    install_venv(venv, (ANCHOR,))
    if anchor_version(venv) != wanted:
        raise SandboxError(f"{venv} does not hold {ANCHOR} after installing it")
    return True


def anchor_instance(name: str, url: str, disk: Path) -> dict:
    """A rucio-jupyterlab instance (its `c.RucioConfig.instances` entry) for the sandbox: replica
    mode on SANDBOX_DISK read in place, wildcards allowed (its default refuses them)."""
    return {
        "name": name,
        "display_name": name,
        "rucio_base_url": url,
        "rucio_auth_url": url,
        "mode": "replica",
        "destination_rse": RSE,
        "rse_mount_path": str(disk),
        "path_begins_at": len(disk.parts) - 1,  # the PFN's path after the mount path
        "wildcard_enabled": True,
    }


@contextlib.contextmanager
def anchor_server(home: Path, instances: list[dict]) -> Iterator[ServerProcess]:
    """`jupyter server` from the anchor's venv with rucio-jupyterlab only, its own HOME (its
    cache and credentials live in ~/.rucio_jupyterlab) and Jupyter dirs."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "root").mkdir(exist_ok=True)
    token, port = secrets.token_hex(16), free_port()
    config_file = home / "jupyter_server_config.py"
    config_file.write_text(
        "c.ServerApp.jpserver_extensions = {'rucio_jupyterlab': True}\n"
        f"c.ServerApp.root_dir = {str(home / 'root')!r}\n"
        f"c.IdentityProvider.token = {token!r}\n"
        f"c.ServerApp.ip = {HOST!r}\n"
        f"c.ServerApp.port = {port}\n"
        "c.ServerApp.port_retries = 0\n"
        "c.ServerApp.open_browser = False\n"
        "c.ServerApp.allow_root = True\n"
        f"c.RucioConfig.instances = {instances!r}\n"
        f"c.RucioConfig.default_instance = {instances[0]['name']!r}\n"
        "c.RucioConfig.default_auth_type = 'userpass'\n"
    )
    dropped = ("RUCIO_", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTERHUB_", "KUBERNETES_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        NO_PROXY=HOST,
        no_proxy=HOST,
    )
    log_path = home / "server.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                str(ANCHOR_VENV / "bin" / "python"),
                "-m",
                "jupyter_server",
                f"--config={config_file}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=home,
        )
    server = ServerProcess(f"http://{HOST}:{port}/", token, log_path, process.pid)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        stop(process)


class Anchor:
    """rucio-jupyterlab's REST API, called as its UI calls it."""

    def __init__(self, server: ServerProcess):
        self.server = server
        self.session = server.session()
        self.base = server.url + "rucio-jupyterlab/"

    def call(self, method: str, path: str, timeout: float = 600, **kwargs):
        response = self.session.request(method, self.base + path, timeout=timeout, **kwargs)
        if not response.ok:
            raise RuntimeError(
                f"rucio-jupyterlab {path}: {response.status_code} {response.text[:300]}"
            )
        return response.json()

    def log_in(self, namespace: str, creds: dict) -> None:
        """What its login form does: pick the instance and the auth type, then PUT the
        credentials (it logs in to Rucio to check them)."""
        self.call("PUT", "instances", json={"instance": namespace, "auth": "userpass"})
        params = {k: creds[k] for k in ("username", "password", "account")}
        self.call(
            "PUT", "auth", json={"namespace": namespace, "type": "userpass", "params": params}
        )

    def search(self, namespace: str, pattern: str) -> list[dict]:
        params = {"namespace": namespace, "did": pattern, "type": "all"}
        return self.call("GET", "did-search", params=params)

    def purge(self) -> None:
        self.call("POST", "purge-cache", params={"namespace": "sandbox"})

    def files(self, namespace: str, did: str, timeout: float = 600, session=None) -> list[dict]:
        """A dataset's files with their availability, fetched now: `GET did?force=1` (its
        ReplicaModeHandler fetches `GET /replicas/{scope}/{name}` and caches every file in its
        SQLite database, then answers). Opening a dataset in its UI does the same work in a
        thread and shows the result at its next poll (every 10 s)."""
        params = {"namespace": namespace, "did": did, "force": 1}
        caller = session or self.session
        response = caller.get(self.base + "did", params=params, timeout=timeout)
        if not response.ok:
            raise RuntimeError(
                f"rucio-jupyterlab did: {response.status_code} {response.text[:200]}"
            )
        return response.json()

    def files_as_the_ui_does(self, namespace: str, did: str, limit: float = 600) -> list[dict]:
        """First open (`GET did`: FETCHING, a fetch starts in a thread), then polls (`poll=1`)
        until no entry is FETCHING; the bench polls every 0.1 s where the UI waits 10 s."""
        params = {"namespace": namespace, "did": did}
        deadline = time.monotonic() + limit
        answer = self.call("GET", "did", params=params)
        while any(entry.get("status") == "FETCHING" for entry in answer):
            if time.monotonic() > deadline:
                raise RuntimeError(f"rucio-jupyterlab still FETCHING {did} after {limit:.0f} s")
            time.sleep(0.1)
            answer = self.call("GET", "did", params={**params, "poll": 1})
        return answer


# --- vre-lab --------------------------------------------------------------------------------------


class VRELab:
    def __init__(self, server: ServerProcess):
        self.server = server
        self.session = server.session()
        self.base = server.url + "vre-lab/api/rucio/"

    def get(self, instance: str, path: str, session=None, timeout: float = 600, **params) -> dict:
        response = (session or self.session).get(
            f"{self.base}{instance}/{path}", params=params, timeout=timeout
        )
        if not response.ok:
            raise RuntimeError(f"vre-lab {path}: {response.status_code} {response.text[:300]}")
        return response.json()

    def search(self, instance: str, pattern: str, page_size: int, pages: int | None = 1) -> tuple:
        """`pages` pages (None: to the end); returns (items read, next cursor)."""
        items, cursor, read = [], None, 0
        while pages is None or read < pages:
            params = {"query": pattern, "type": "all", "page_size": page_size}
            answer = self.get(instance, "dids", **params, **({"cursor": cursor} if cursor else {}))
            items += answer["items"]
            cursor, read = answer["next_cursor"], read + 1
            if not cursor:
                break
        return items, cursor

    def files(self, instance: str, did: str, page_size: int = BIG_PAGE, pages=None, session=None):
        """A dataset's files with their replicas and local availability, page after page."""
        items, cursor, read = [], None, 0
        while pages is None or read < pages:
            params = {"did": did, "page_size": page_size, **({"cursor": cursor} if cursor else {})}
            answer = self.get(instance, "did/files", session=session, **params)
            items += answer["items"]
            cursor, read = answer["next_cursor"], read + 1
            if not cursor:
                break
        return items, cursor
