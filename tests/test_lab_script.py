"""scripts/lab.sh, the README's run command, as it is: in a copy of the checkout whose
scripts/setup.sh is a stub (the venv running these tests stands for the one setup.sh builds),
its own Jupyter folders, and the sandbox and engines venvs the other tests share.

The lab serves the checkout's workspace/ with the demo in it; as root it starts with
--allow-root (and says so); it holds its sandbox, so a `stop` elsewhere is refused while it
runs; and it takes the sandbox along when it ends or does not start, unless the sandbox ran
before. The README's walkthrough in this lab is ui-tests/lab-sh/ (Galata).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.plugins.sandbox import shared_server_venv
from vre_lab.sandbox import Sandbox

REPO = Path(__file__).resolve().parents[1]
TOKEN = "lab-script-test-token"
_NOT_INHERITED = ("JUPYTER", "VRE_LAB_", "RUCIO_", "IPYTHON")


@pytest.fixture
def checkout(tmp_path) -> Path:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "lab.sh", root / "scripts" / "lab.sh")
    (root / "scripts" / "setup.sh").write_text("echo 'setup.sh: stubbed by the test'\n")
    shutil.copytree(
        REPO / "demo",
        root / "demo",
        ignore=shutil.ignore_patterns("data", "results", ".ipynb_checkpoints"),
    )
    (root / ".venv").symlink_to(Path(sys.prefix))
    return root


@pytest.fixture
def environment(tmp_path, engines) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name.lower())
    env["VRE_LAB_SANDBOX_VENV"] = str(shared_server_venv())
    env["VRE_LAB_ENGINES_VENV"] = str(engines.venv)
    return env


@pytest.fixture
def sandbox(checkout, environment):
    """The checkout's sandbox, as lab.sh makes it (.sandbox/); stopped at the end whatever
    happened."""
    sandbox = Sandbox(home=checkout / ".sandbox", venv=environment["VRE_LAB_SANDBOX_VENV"])
    yield sandbox
    sandbox.stop(force=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_sh(checkout: Path, env: dict, *args: str, log: Path) -> subprocess.Popen:
    """lab.sh in a process group of its own, as Playwright and a terminal start it."""
    with log.open("w") as out:
        return subprocess.Popen(
            ["bash", str(checkout / "scripts" / "lab.sh"), "--no-browser", *args],
            cwd=checkout,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def lab_on_a_busy_port(checkout: Path, env: dict, tmp_path: Path) -> str:
    """lab.sh on a port another process listens on (no other port tried): it does not start.
    Returns its log."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        log = tmp_path / "lab.log"
        lab = lab_sh(checkout, env, f"--port={port}", "--ServerApp.port_retries=0", log=log)
        assert lab.wait(timeout=300) != 0, log.read_text()
    return log.read_text()


def get_json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return None


def names(listing: dict) -> set[str]:
    return {entry["name"] for entry in listing["content"]}


@pytest.mark.timeout(600)
def test_the_lab_serves_its_workspace_holds_its_sandbox_and_takes_it_along(
    checkout, environment, sandbox, tmp_path
):
    port = free_port()
    log = tmp_path / "lab.log"
    lab = lab_sh(
        checkout, environment, f"--port={port}", f"--IdentityProvider.token={TOKEN}", log=log
    )
    try:
        api = f"http://127.0.0.1:{port}/api/contents"
        root = None
        deadline = time.monotonic() + 300
        while root is None and time.monotonic() < deadline:
            assert lab.poll() is None, f"lab.sh ended ({lab.returncode}):\n{log.read_text()}"
            time.sleep(0.5)
            root = get_json(f"{api}?token={TOKEN}")
        assert root is not None, log.read_text()
        output = log.read_text()

        # Its root is the checkout's workspace, with the demo in it; not the repository.
        assert names(root) == {"demo"}
        assert names(get_json(f"{api}/demo?token={TOKEN}")) == {
            "code",
            "higgs4l.ipynb",
            "reana.yaml",
        }
        assert f"serving {checkout / 'workspace'}" in output
        if os.geteuid() == 0:
            assert (
                "Running as root (as in a container): JupyterLab is started with --allow-root"
                in output
            )

        # It holds its sandbox: a stop from elsewhere is refused, and says who holds it.
        info = sandbox.status()
        assert info.answering
        assert [h["label"] for h in info.holders] == [f"scripts/lab.sh in {checkout}"]
        assert info.holders[0]["pid"] == lab.pid
        stop = subprocess.run(
            [str(checkout / ".venv" / "bin" / "vre-lab"), "sandbox", "stop"],
            env={**environment, "VRE_LAB_SANDBOX_HOME": str(sandbox.home)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert stop.returncode == 1
        assert f"in use by scripts/lab.sh in {checkout} (pid {lab.pid}" in stop.stderr
        assert sandbox.status().answering
    finally:
        os.killpg(lab.pid, signal.SIGTERM)  # as Playwright stops its web servers
        lab.wait(timeout=60)

    # Gone with the lab: the server it started, and its hold.
    info = sandbox.status()
    assert not info.running, log.read_text()
    assert info.holders == ()


@pytest.mark.timeout(600)
def test_a_lab_that_does_not_start_leaves_no_sandbox_behind(
    checkout, environment, sandbox, tmp_path
):
    # The user's copy of a demo file is kept; what is missing is copied.
    mine = checkout / "workspace" / "demo" / "reana.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my own changes\n")
    log = lab_on_a_busy_port(checkout, environment, tmp_path)
    assert "is already in use" in log
    info = sandbox.status()
    assert not info.running, log
    assert info.holders == ()
    assert mine.read_text() == "# my own changes\n"
    assert (checkout / "workspace" / "demo" / "higgs4l.ipynb").is_file()
    assert (checkout / "workspace" / "demo" / "code" / "mass_plot.py").is_file()


@pytest.mark.timeout(600)
def test_a_sandbox_that_ran_before_the_lab_keeps_running(checkout, environment, sandbox, tmp_path):
    sandbox.start(timeout=180)
    pid = sandbox.status().pid
    lab_on_a_busy_port(checkout, environment, tmp_path)
    info = sandbox.status()
    assert info.answering
    assert info.pid == pid
    assert info.holders == ()
