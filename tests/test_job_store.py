"""Long-running operations are recorded durably, with their state and progress."""

import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest

from vre_lab.core.jobs import JobStore


@pytest.fixture
def store(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    yield store
    store.close()


def test_a_new_job_is_queued_with_its_parameters(store):
    job = store.create("rucio-download", {"did": "demo:run1"}, owner="alice")
    assert store.get(job.id).state == "queued"
    assert store.get(job.id).params == {"did": "demo:run1"}
    assert "owner" not in store.get(job.id).to_json()


def test_progress_is_clamped_between_zero_and_one(store):
    job = store.create("upload")
    assert store.update(job.id, progress=1.7).progress == 1.0
    assert store.update(job.id, progress=-2).progress == 0.0


def test_an_unknown_state_is_refused(store):
    job = store.create("upload")
    with pytest.raises(ValueError, match="unknown job state"):
        store.update(job.id, state="exploded")


def test_jobs_are_listed_newest_first_and_filtered(store):
    first = store.create("upload")
    time.sleep(0.002)
    second = store.create("download")
    store.update(second.id, state="running")
    assert [j.id for j in store.list()] == [second.id, first.id]
    assert [j.id for j in store.list(kind="upload")] == [first.id]
    assert [j.id for j in store.list(state="running")] == [second.id]
    assert len(store.list(limit=1)) == 1


def test_a_deleted_job_is_gone(store):
    job = store.create("upload")
    assert store.delete(job.id)
    assert store.get(job.id) is None
    assert not store.delete(job.id)


def test_the_store_file_is_private_to_the_user(store):
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_jobs_and_their_states_survive_reopening_the_store(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    first = JobStore(path)
    done = first.create("download", {"did": "demo:a"})
    first.update(done.id, state="succeeded", progress=1.0, result={"path": "data/a"})
    failed = first.create("upload")
    first.update(failed.id, state="failed", message="RSE full")
    running = first.create("upload")
    first.update(running.id, state="running", progress=0.4, message="3 of 7 files")
    first.close()

    second = JobStore(path)
    assert second.get(done.id).state == "succeeded"
    assert second.get(done.id).result == {"path": "data/a"}
    assert second.get(failed.id).message == "RSE full"
    interrupted = second.get(running.id)
    assert (interrupted.state, interrupted.progress) == ("interrupted", 0.4)
    second.close()


def test_the_running_jobs_of_a_crashed_server_are_interrupted_once_its_lease_expires(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    crashed = JobStore(path, lease_seconds=0.05)  # never closed, like a killed process
    job = crashed.create("upload")
    crashed.update(job.id, state="running")

    survivor = JobStore(path, lease_seconds=0.05)
    assert survivor.get(job.id).state == "running"  # the other server may still be alive
    time.sleep(0.1)
    survivor.heartbeat()
    assert survivor.get(job.id).state == "interrupted"
    survivor.close()


def test_the_jobs_of_a_server_killed_with_sigkill_are_interrupted_at_once_on_restart(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    script = (
        "import sys, time; from vre_lab.core.jobs import JobStore; s = JobStore(sys.argv[1]); "
        "j = s.create('upload'); s.update(j.id, state='running', progress=0.3); "
        "print(j.id, flush=True); time.sleep(60)"
    )
    server = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE)
    job_id = server.stdout.readline().decode().strip()
    try:
        alive = JobStore(path)  # the first server is alive: its job stays running
        assert alive.get(job_id).state == "running"
        alive.close()
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    restarted = JobStore(path)  # the default lease is a minute; the lock tells at once
    job = restarted.get(job_id)
    assert (job.state, job.progress) == ("interrupted", 0.3)
    restarted.close()


def test_a_live_server_keeps_its_running_jobs_when_another_server_starts(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    alive = JobStore(path)
    job = alive.create("upload")
    alive.update(job.id, state="running")
    other = JobStore(path)
    other.heartbeat()
    assert other.get(job.id).state == "running"
    other.close()
    alive.close()


def test_concurrent_updates_from_worker_threads_are_all_kept(store):
    jobs = [store.create("download") for _ in range(8)]

    def work(job_id):
        for step in range(20):
            store.update(job_id, progress=step / 19)

    threads = [threading.Thread(target=work, args=(job.id,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {store.get(job.id).progress for job in jobs} == {1.0}


def test_a_store_from_before_schema_versions_is_migrated_and_keeps_its_jobs(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
            progress REAL, message TEXT NOT NULL DEFAULT '', params TEXT NOT NULL DEFAULT '{}',
            result TEXT NOT NULL DEFAULT '{}', created TEXT NOT NULL, updated TEXT NOT NULL);
        INSERT INTO jobs VALUES ('old', 'rucio.download', 'succeeded', 1.0, 'Done', '{}', '{}',
            '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
        INSERT INTO jobs VALUES ('stale', 'rucio.download', 'running', 0.5, '', '{}', '{}',
            '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
        """
    )
    old.close()

    store = JobStore(path)
    assert store.set_aside is None
    assert store.get("old").state == "succeeded"
    assert store.get("stale").state == "interrupted"
    assert store.create("rucio.upload").state == "queued"
    store.close()


def test_a_store_this_version_cannot_use_is_kept_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    newer = sqlite3.connect(path)
    newer.execute("PRAGMA user_version = 99")
    newer.close()

    store = JobStore(path)
    assert store.set_aside is not None
    assert store.set_aside.exists()
    assert store.list() == []
    store.close()


def test_a_corrupt_store_is_kept_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = JobStore(path)
    assert store.set_aside.read_bytes().startswith(b"this is not")
    assert store.create("x").state == "queued"
    store.close()


def test_a_message_with_a_lone_surrogate_is_kept_readable_not_a_crash(store):
    job = store.create("reana-download")
    updated = store.update(job.id, message="Downloading 1/1: bad-\udc80-name")
    assert updated.message == "Downloading 1/1: bad-\\udc80-name"
