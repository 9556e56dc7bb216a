"""One notion of which Jupyter server drives durable work and whether it lives: the job store's
(a lock per server, the lease where a server keeps none). The local engine asks it about the
owner of a run (`JobStore.server_alive`) instead of keeping lock files of its own."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from vre_lab.core.jobs import JobStore

SERVER = (
    "import sys, time; from vre_lab.core.jobs import JobStore; s = JobStore(sys.argv[1]); "
    "j = s.create('reana-run'); s.update(j.id, state='running'); "
    "print(s.server_id, j.id, flush=True); time.sleep(60)"
)


def test_a_server_is_alive_while_it_holds_its_lock_and_gone_at_once_when_killed(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(path)], stdout=subprocess.PIPE)
    try:
        server_id, job_id = server.stdout.readline().decode().split()
        store = JobStore(path)
        assert store.server_alive(server_id)
        assert store.server_alive(store.server_id)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
        server.stdout.close()
    try:
        # asked before any heartbeat: the answer, and the dead server's jobs, change at once
        assert not store.server_alive(server_id)
        assert store.get(job_id).state == "interrupted"
        assert not (path.with_name(f"{path.name}.servers") / f"{server_id}.lock").exists()
        assert not store.server_alive(server_id)  # and stays so
    finally:
        store.close()
    assert not store.server_alive(store.server_id)  # a closed store's server drives nothing


def test_a_server_that_keeps_no_lock_lives_while_its_lease_does(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    old = JobStore(path, lease_seconds=0.5)
    old._alive.close()  # as a version that kept no lock, or a file system without locks
    (path.with_name(f"{path.name}.servers") / f"{old.server_id}.lock").unlink()
    other = JobStore(path, lease_seconds=0.5)
    try:
        assert other.server_alive(old.server_id)
        time.sleep(0.6)
        assert not other.server_alive(old.server_id)
    finally:
        other.close()


def test_ids_that_are_no_server_are_not_alive(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    try:
        for unknown in (None, "", "f" * 32, "../jobs.sqlite3", 42, {"id": 1}):
            assert not store.server_alive(unknown)
    finally:
        store.close()


def test_a_lock_left_by_a_server_whose_lease_ran_out_is_removed_at_the_next_start(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    gone = JobStore(path, lease_seconds=0.1)
    locks = path.with_name(f"{path.name}.servers")
    gone._alive.close()  # its process died: the kernel released its lock
    time.sleep(0.2)
    store = JobStore(path, lease_seconds=0.1)  # its lease had run out: not in `servers`
    try:
        assert sorted(p.name for p in locks.iterdir()) == [f"{store.server_id}.lock"]
    finally:
        store.close()


def test_a_dead_servers_local_runs_fail_when_the_heartbeat_finds_it_gone(tmp_path):
    """Not only at the next server start: when the living server's heartbeat
    interrupts the dead server's jobs, its local runs fail too, and what they left is killed."""
    from tests.test_reana_local_engine import CRASHING_SERVER, alive, make_engine, wait_for
    from vre_lab.reana.local import INTERRUPTED

    root, state, path = tmp_path / "root", tmp_path / "state", tmp_path / "jobs.sqlite3"
    (root / "analysis").mkdir(parents=True)
    store = JobStore(path)
    engine = make_engine(root, state, servers=store)
    server = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SERVER, str(root), str(state), str(path)],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workflow_id = server.stdout.readline().strip()
        assert workflow_id, "the server process did not start its run"
        sleeper = int((root / "reana-runs" / "crash.1" / "sleep.pid").read_text())
        store.heartbeat()  # it lives: its run goes on
        assert engine.get(workflow_id)["status"] == "running"
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        store.heartbeat()
        wait_for(lambda: engine.get(workflow_id)["status"] == "failed", timeout=10)
        assert INTERRUPTED in engine.logs(workflow_id)["workflow_log"]
        wait_for(lambda: not alive(sleeper), timeout=3)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
        server.stdout.close()
        engine.shutdown()
        store.close()
