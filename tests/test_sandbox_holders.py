"""A sandbox in use: a lab (scripts/lab.sh) holds it, so that a `stop` from another shell or
checkout cannot take it from under the lab unnoticed; what `start` says it holds; what a lab
says when its sandbox cannot be reached.

Against real Rucio servers: this module's own sandbox (stopped and restarted here), never the
session's.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections import Counter

import pytest

from tests.plugins.sandbox import isolated_client, sandbox_cli, shared_server_venv
from vre_lab.core.errors import BackendError
from vre_lab.rucio.client import RucioGateway
from vre_lab.rucio.credentials import CredentialStore
from vre_lab.rucio.instances import instance_from_dict
from vre_lab.sandbox import Sandbox
from vre_lab.sandbox.holders import SandboxInUse, hold, live_holders, release


@pytest.fixture
def process():
    """A live process that is not this one (a lab, as far as the sandbox knows)."""
    started = []

    def start() -> subprocess.Popen:
        child = subprocess.Popen(["sleep", "300"])
        started.append(child)
        return child

    yield start
    for child in started:
        child.kill()
        child.wait()


@pytest.fixture(scope="module")
def own_sandbox(rucio_sandbox, tmp_path_factory) -> Sandbox:
    sandbox = Sandbox(home=tmp_path_factory.mktemp("held"), venv=shared_server_venv(), port=0)
    sandbox.start(timeout=180)
    yield sandbox
    sandbox.stop(force=True)


@pytest.fixture
def running(own_sandbox) -> Sandbox:
    own_sandbox.start(timeout=180)
    yield own_sandbox
    for holder in live_holders(own_sandbox.paths):
        release(own_sandbox.paths, holder["pid"])


def where(sandbox: Sandbox) -> list[str]:
    return ["--home", str(sandbox.home), "--venv", str(sandbox.venv)]


# --- holders, without a server -------------------------------------------------------------------


def test_a_holder_counts_while_its_process_lives(tmp_path, process):
    sandbox = Sandbox(home=tmp_path / "home", venv=tmp_path / "venv")
    lab = process()
    hold(sandbox.paths, lab.pid, "scripts/lab.sh in /somewhere")
    assert [h["pid"] for h in live_holders(sandbox.paths)] == [lab.pid]
    assert sandbox.status().holders[0]["label"] == "scripts/lab.sh in /somewhere"

    lab.kill()
    lab.wait()
    assert live_holders(sandbox.paths) == []
    assert not list((sandbox.home / "holders").glob("*.json"))  # its file is gone too


def test_a_reused_pid_is_not_the_holder(tmp_path, process):
    sandbox = Sandbox(home=tmp_path / "home", venv=tmp_path / "venv")
    lab = process()
    hold(sandbox.paths, lab.pid)
    path = sandbox.home / "holders" / f"{lab.pid}.json"
    holder = json.loads(path.read_text())
    path.write_text(json.dumps(holder | {"start_time": "1"}))  # another process had this PID
    assert live_holders(sandbox.paths) == []


def test_reset_refuses_while_held_and_force_resets(tmp_path, process):
    sandbox = Sandbox(home=tmp_path / "home", venv=tmp_path / "venv")
    (sandbox.home / "storage").mkdir(parents=True)
    lab = process()
    hold(sandbox.paths, lab.pid, "the lab")
    with pytest.raises(SandboxInUse, match=r"in use by the lab \(pid \d+"):
        sandbox.reset()
    assert (sandbox.home / "storage").is_dir()
    sandbox.reset(force=True)
    assert not (sandbox.home / "storage").exists()


def test_stopping_a_stopped_sandbox_is_not_refused(tmp_path, process):
    sandbox = Sandbox(home=tmp_path / "home", venv=tmp_path / "venv")
    hold(sandbox.paths, process().pid, "the lab")
    assert sandbox.stop() is False


# --- holders, with a server ----------------------------------------------------------------------


def test_stop_refuses_while_a_lab_holds_it(running, process):
    lab = process()
    started = sandbox_cli(
        "start", *where(running), "--hold", str(lab.pid), "--label", "scripts/lab.sh in /a"
    )
    assert started.returncode == 0, started.stderr
    status = sandbox_cli("status", *where(running))
    assert re.search(rf"held by\s+scripts/lab.sh in /a \(pid {lab.pid}, since ", status.stdout)
    holders = json.loads(sandbox_cli("status", "--json", *where(running)).stdout)["holders"]
    assert [h["pid"] for h in holders] == [lab.pid]

    stop = sandbox_cli("stop", *where(running))
    assert stop.returncode == 1
    message = stop.stderr.strip()
    assert message.startswith("vre-lab sandbox: the sandbox in")
    assert f"in use by scripts/lab.sh in /a (pid {lab.pid}" in message
    assert "vre-lab sandbox stop --force" in message
    assert running.status().answering

    reset = sandbox_cli("reset", *where(running))
    assert reset.returncode == 1
    assert "vre-lab sandbox reset --force" in reset.stderr
    assert running.status().seeded

    # the lab ends: the sandbox can be stopped again
    lab.kill()
    lab.wait()
    assert sandbox_cli("stop", *where(running)).returncode == 0
    assert not running.status().running


def test_force_stops_it_anyway(running, process):
    lab = process()
    running.start(holder=lab.pid, holder_label="a lab")
    forced = sandbox_cli("stop", "--force", *where(running))
    assert forced.returncode == 0, forced.stderr
    info = running.status()
    assert not info.running
    assert [h["pid"] for h in info.holders] == [lab.pid]  # the lab still expects it


def test_the_last_holder_to_release_it_stops_it(running, process):
    first, second = process(), process()
    running.start(holder=first.pid, holder_label="lab one")
    running.start(holder=second.pid, holder_label="lab two")

    kept = sandbox_cli("release", str(first.pid), "--stop", *where(running))
    assert kept.returncode == 0, kept.stderr
    assert "keeps running: it is in use by lab two" in kept.stdout
    assert running.status().answering

    pid = running.status().pid
    last = sandbox_cli("release", str(second.pid), "--stop", *where(running))
    assert last.returncode == 0, last.stderr
    assert f"Stopped the Rucio sandbox (pid {pid})" in last.stdout
    info = running.status()
    assert not info.running
    assert info.holders == ()


def test_release_without_stop_leaves_it_running(running, process):
    lab = process()
    running.start(holder=lab.pid)
    assert sandbox_cli("release", str(lab.pid), *where(running)).returncode == 0
    info = running.status()
    assert info.answering
    assert info.holders == ()


# --- what start says, and what a search shows ---------------------------------------------------


def test_start_counts_what_a_search_of_each_scope_shows(running, tmp_path):
    started = sandbox_cli("start", *where(running))
    assert started.returncode == 0, started.stderr
    line = re.search(r"demo data\s+(.*)", started.stdout).group(1)

    client = isolated_client(running.client_kwargs(), tmp_path)
    for scope in ("demo", "user.root"):
        types = Counter(
            did["did_type"].lower()
            for did in client.list_dids(scope, {"name": "*"}, did_type="all", long=True)
        )
        datasets, files = types["dataset"], types["file"]
        assert (
            f"{scope}: {datasets} dataset{'s' * (datasets != 1)}, {files} file{'s' * (files != 1)}"
        ) in line
    assert "demo: 3 datasets, 8 files (container demo:higgs-open-data)" in line
    assert "user.root: 1 dataset, 1 file" in line


# --- a lab whose sandbox cannot be reached --------------------------------------------------------


def test_an_unreachable_sandbox_says_how_to_start_it(own_sandbox, tmp_path, process):
    own_sandbox.start(timeout=180)
    instance = instance_from_dict(own_sandbox.status().vre_lab_instance())
    assert instance.sandbox_home == str(own_sandbox.home)
    own_sandbox.stop()

    gateway = RucioGateway(instance, CredentialStore(tmp_path / "c.json"), tmp_path / "t", 5.0)
    began = time.monotonic()
    with pytest.raises(BackendError) as raised, gateway.session() as client:
        client.list_scopes()
    assert time.monotonic() - began < 10
    assert raised.value.code == "rucio_unreachable"
    advice = (
        "Rucio Sandbox (local Rucio) cannot be reached: the local sandbox is not running. Start "
        f"it in a terminal with `vre-lab sandbox start --home {own_sandbox.home}`, then Retry."
    )
    assert raised.value.message == advice

    # Stopped (--force) under a lab that holds it: the message says so.
    lab = process()
    hold(own_sandbox.paths, lab.pid, "scripts/lab.sh in /a")
    with pytest.raises(BackendError) as raised, gateway.session() as client:
        client.list_scopes()
    assert raised.value.message.startswith(advice)
    assert raised.value.message.endswith(
        f" It stopped while in use by scripts/lab.sh in /a (pid {lab.pid}, since "
        f"{live_holders(own_sandbox.paths)[0]['since']})."
    )
    release(own_sandbox.paths, lab.pid)


def test_another_unreachable_rucio_says_only_that(tmp_path):
    instance = instance_from_dict(
        {"name": "elsewhere", "rucio_host": "http://127.0.0.1:9", "username": "u", "password": "p"}
    )
    gateway = RucioGateway(instance, CredentialStore(tmp_path / "c.json"), tmp_path / "t", 5.0)
    with pytest.raises(BackendError) as raised, gateway.session() as client:
        client.list_scopes()
    assert raised.value.message == "Rucio elsewhere cannot be reached"
