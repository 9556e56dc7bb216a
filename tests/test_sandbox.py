"""The local Rucio sandbox: lifecycle, CLI, client config, seeding and reset (what the seeded demo
catalogue holds is test_sandbox_catalog.py).

Everything here runs against real Rucio servers (the session sandbox, plus one of this module's
own for the tests that stop and restart it). No part of rucio-clients is mocked.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.plugins.sandbox import isolated_client, sandbox_cli, shared_server_venv
from vre_lab.sandbox import Sandbox, SandboxError
from vre_lab.sandbox.ports import choose_port
from vre_lab.sandbox.server_side import demo_catalog as catalog

RUCIO_CLI = Path(sys.executable).parent / "rucio"


def process_gone(pid: int) -> bool:
    """Gone or a zombie: this machine's PID 1 need not reap the daemonized master."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


@pytest.fixture(scope="module")
def own_sandbox(rucio_sandbox, tmp_path_factory) -> Sandbox:
    """A second sandbox, only for this module, so stopping it never disturbs other tests."""
    sandbox = Sandbox(
        home=tmp_path_factory.mktemp("own-sandbox"), venv=shared_server_venv(), port=0
    )
    sandbox.start(timeout=180)
    yield sandbox
    sandbox.stop()


@pytest.fixture
def running(own_sandbox) -> Sandbox:
    own_sandbox.start(timeout=180)
    return own_sandbox


@pytest.fixture
def stopped(own_sandbox) -> Sandbox:
    own_sandbox.stop()
    return own_sandbox


@pytest.fixture
def cli_home_args(own_sandbox) -> list[str]:
    return ["--home", str(own_sandbox.home), "--venv", str(own_sandbox.venv)]


# --- lifecycle ---------------------------------------------------------------------------------


def test_start_when_running_is_idempotent_and_immediate(running):
    before = running.status()
    began = time.monotonic()
    after = running.start()
    assert time.monotonic() - began < 1.5
    assert after.pid == before.pid
    assert after.url == before.url


def test_start_with_existing_venv_takes_seconds(stopped):
    began = time.monotonic()
    info = stopped.start(timeout=60)
    elapsed = time.monotonic() - began
    print(f"start with an existing venv and database: {elapsed:.1f} s")
    assert info.running
    assert info.answering
    assert elapsed < 15, f"restart took {elapsed:.1f} s (target < 10 s)"


def test_status_reports_what_runs_where(running):
    info = running.status()
    assert info.running
    assert info.answering
    assert info.exit_code == 0
    assert info.version == "41.5.1"
    assert urlparse(info.url).hostname == "127.0.0.1"
    assert info.port == urlparse(info.url).port
    assert not process_gone(info.pid)
    assert info.worker_pids
    assert all(not process_gone(pid) for pid in info.worker_pids)
    assert info.home == running.home
    assert info.venv == shared_server_venv().resolve()
    assert info.client_config.is_file()
    assert info.log_file == running.home / "server.log"
    assert info.seeded


def test_status_of_stopped_sandbox_has_exit_code_3(stopped):
    info = stopped.status()
    assert not info.running
    assert info.pid is None
    assert info.exit_code == 3


def test_stop_leaves_no_process_behind(running):
    info = running.status()
    tree = [info.pid, *info.worker_pids]
    assert running.stop() is True
    assert all(process_gone(pid) for pid in tree), tree
    assert not running.paths.pid_file.exists()
    assert running.status().exit_code == 3


def test_stop_is_idempotent(stopped):
    assert stopped.stop() is False


def test_status_removes_a_stale_pid_file(stopped):
    # a live process that is not this sandbox's gunicorn (the test process itself)
    stopped.paths.pid_file.write_text(f"{os.getpid()}\n")
    assert not stopped.status().running
    assert not stopped.paths.pid_file.exists()


def test_status_finds_the_server_when_its_pid_file_is_lost(running):
    pid = running.status().pid
    running.paths.pid_file.unlink()
    assert running.status().pid == pid
    assert running.paths.pid_file.read_text().strip() == str(pid)


def test_start_keeps_the_port_it_used_last_time(stopped):
    port = stopped.status().port
    assert stopped.start(timeout=60).port == port


def test_start_refuses_a_requested_port_in_use(stopped):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        sandbox = Sandbox(stopped.home, stopped.venv, port=busy.getsockname()[1])
        with pytest.raises(SandboxError, match="already in use"):
            sandbox.start()


def test_port_falls_back_to_a_free_one_when_the_remembered_one_is_taken():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert choose_port(None, remembered=taken) != taken


# --- credentials and client config ---------------------------------------------------------------


def test_client_config_lets_rucio_whoami_work(running):
    client_config = running.status().client_config
    result = subprocess.run(
        [str(RUCIO_CLI), "whoami"],
        env={**os.environ, "RUCIO_CONFIG": str(client_config)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "root" in result.stdout
    assert running.paths.token_file.is_file(), "the token is cached under the sandbox home"


def test_password_lives_only_in_owner_only_files(running):
    for path in (running.paths.password_file, running.paths.client_config):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert running.paths.server_config.stat().st_mode & 0o777 == 0o600


def test_client_kwargs_log_in_with_rucio_clients(running, tmp_path):
    client = isolated_client(running.client_kwargs(), tmp_path)
    assert client.whoami()["account"] == "root"
    assert list(tmp_path.rglob("auth_token_for_account_root"))


# --- CLI ---------------------------------------------------------------------------------------


def test_cli_stop_status_start_round_trip(own_sandbox, cli_home_args):
    own_sandbox.start(timeout=180)
    password = own_sandbox.paths.password_file.read_text().strip()

    stopped = sandbox_cli("stop", *cli_home_args)
    assert stopped.returncode == 0, stopped.stderr
    assert "Stopped" in stopped.stdout

    status = sandbox_cli("status", *cli_home_args)
    assert status.returncode == 3
    assert "stopped" in status.stdout

    started = sandbox_cli("start", *cli_home_args)
    assert started.returncode == 0, started.stderr
    assert f"export RUCIO_CONFIG={own_sandbox.paths.client_config}" in started.stdout
    assert password not in started.stdout + started.stderr

    began = time.monotonic()
    again = sandbox_cli("start", *cli_home_args)
    assert time.monotonic() - began < 3
    assert "already running" in again.stdout

    status = sandbox_cli("status", *cli_home_args)
    assert status.returncode == 0
    assert own_sandbox.status().url in status.stdout
    assert password not in status.stdout


def test_cli_status_json_says_what_runs_where(running, cli_home_args):
    result = sandbox_cli("status", "--json", *cli_home_args)
    assert result.returncode == 0
    info = json.loads(result.stdout)
    assert info["running"] is True
    assert info["url"] == running.status().url
    assert info["client_config"] == str(running.paths.client_config)
    assert info["seeded"] is True


def test_cli_stop_when_stopped_is_idempotent(stopped, cli_home_args):
    result = sandbox_cli("stop", *cli_home_args)
    assert result.returncode == 0
    assert "was not running" in result.stdout


def test_cli_reports_errors_in_one_line(stopped, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = sandbox_cli("start", "--home", str(stopped.home), "--venv", str(stopped.venv),
                         "--port", port)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().startswith("vre-lab sandbox:")
    assert "Traceback" not in result.stderr


# --- seeding -------------------------------------------------------------------------------------


def test_seeding_again_changes_nothing(running, tmp_path):
    running.paths.seeded_marker.unlink()
    info = running.start()
    assert info.seeded
    client = isolated_client(running.client_kwargs(), tmp_path)
    dataset = catalog.DATASETS[0]
    assert client.get_did(dataset.scope, dataset.name)["length"] == dataset.files
    assert len(list(client.list_account_rules("root"))) == 3


def test_bulk_seeding_registers_bench_file_dids_in_bulk(running, tmp_path):
    info = running.start(bulk_dids=300)  # more than the 250 a REST call could take on SQLite
    assert info.seed_summary["bulk_dids"] == 300
    client = isolated_client(running.client_kwargs(), tmp_path)
    assert len(list(client.list_dids("bench", {"name": "bulk.file_*"}, did_type="file"))) == 300
    files = list(client.list_files("bench", "bulk-dids"))
    assert len(files) == 300
    assert {f["adler32"] for f in files} == {"00000001"}
    replicas = list(
        client.list_replicas(
            [{"scope": "bench", "name": "bulk-dids"}], rse_expression=catalog.RSE, sort="random"
        )
    )
    assert len(replicas) == 300
    assert all(r["states"] == {catalog.RSE: "AVAILABLE"} for r in replicas)


def test_bulk_seeding_again_adds_only_what_is_missing(running, tmp_path):
    running.start(bulk_dids=300)
    info = running.start(bulk_dids=350)
    assert info.seed_summary["bulk_dids"] == 350
    assert info.seed_summary["bulk_dids_added"] == 50
    assert running.start(bulk_dids=200).seed_summary["bulk_dids"] == 350  # never less
    client = isolated_client(running.client_kwargs(), tmp_path)
    assert len(list(client.list_files("bench", "bulk-dids"))) == 350


def test_cli_reset_removes_the_sandbox_but_keeps_the_venv(rucio_sandbox, tmp_path):
    home = tmp_path / "to-reset"
    where = ["--home", str(home), "--venv", str(shared_server_venv())]
    started = sandbox_cli("start", "--no-seed", "--port", "0", *where)
    assert started.returncode == 0, started.stderr
    assert "not seeded" in started.stdout
    pid = Sandbox(home, shared_server_venv()).status().pid

    reset = sandbox_cli("reset", *where)
    assert reset.returncode == 0, reset.stderr
    assert process_gone(pid)
    assert not (home / "server").exists()
    assert not (home / "storage").exists()
    assert not (home / "secrets").exists()
    assert shared_server_venv().is_dir()


# --- locations ---------------------------------------------------------------------------------


def test_home_and_venv_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VRE_LAB_SANDBOX_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VRE_LAB_SANDBOX_VENV", str(tmp_path / "shared-venv"))
    sandbox = Sandbox()
    assert sandbox.home == tmp_path / "home"
    assert sandbox.venv == tmp_path / "shared-venv"


def test_home_defaults_to_the_jupyter_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("VRE_LAB_SANDBOX_HOME", raising=False)
    monkeypatch.delenv("VRE_LAB_SANDBOX_VENV", raising=False)
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    sandbox = Sandbox()
    assert sandbox.home == tmp_path / "jupyter-data" / "vre_lab" / "sandbox"
    assert sandbox.venv == sandbox.home / "venv"
