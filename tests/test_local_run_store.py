"""The local engine keeps its runs in the job store: one store of durable work (issue 21)."""

import json
import logging
import sqlite3

import pytest

from tests.test_reana_local_engine import make_engine, run, spec, step, wait
from vre_lab.core.jobs import SCHEMA_VERSION, JobStore

# root and source: tests/plugins/engines.py


def create(engine, source, name="demo"):
    return engine.create(
        name=name, specification=spec(step("s", "true")), source_dir=source, parameters={}
    )


@pytest.fixture
def store(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    yield store
    store.close()


def test_a_run_is_a_row_of_the_job_store_and_no_file_of_the_state_folder(
    root, source, tmp_path, store
):
    state = tmp_path / "state"
    engine = make_engine(root, state, servers=store)
    try:
        workflow_id = run(engine, source, spec(step("s", "true")))
        wait(engine, workflow_id)
    finally:
        engine.shutdown()
    rows = store.sql(
        "SELECT name, number, status, server_id FROM runs WHERE id = ?", (workflow_id,)
    )
    assert [tuple(row) for row in rows] == [("demo", 1, "finished", store.server_id)]
    assert sorted(p.name for p in state.iterdir()) == ["job-store", "logs"]


def test_run_numbers_are_never_given_twice_by_engines_sharing_a_store(root, source, tmp_path):
    """Two servers on one store (JupyterHub named servers share a home) count together, and a
    deleted run's number is not given again, as REANA does."""
    path = tmp_path / "jobs.sqlite3"
    stores = [JobStore(path), JobStore(path)]
    engines = [make_engine(root, tmp_path / "state", servers=s) for s in stores]
    try:
        made = [create(engines[i % 2], source) for i in range(4)]
        assert [m["run_number"] for m in made] == ["1", "2", "3", "4"]
        engines[0].delete(made[-1]["id"])
        again = create(engines[1], source)
        assert again["run_number"] == "5"
        assert engines[0].get("demo")["id"] == again["id"]  # a name alone: its latest run
        assert engines[1].get("demo.2")["id"] == made[1]["id"]
    finally:
        for engine in engines:
            engine.shutdown()
        for store in stores:
            store.close()


def test_a_workspace_folder_left_behind_takes_its_number_out_of_use(root, source, tmp_path):
    (root / "reana-runs" / "demo.1").mkdir(parents=True)
    engine = make_engine(root, tmp_path / "state")
    try:
        made = create(engine, source)
        assert made["run_number"] == "2"
    finally:
        engine.shutdown()


def test_run_records_of_earlier_versions_are_imported_once_and_kept_aside(
    root, source, tmp_path, store, caplog
):
    """Earlier versions wrote runs/<id>.json and counters.json: a server of this version shows
    those runs, counts on from them, and keeps the files aside."""
    state = tmp_path / "state"
    engine = make_engine(root, state)
    first = wait(engine, run(engine, source, spec(step("s", "echo hi"))))
    old = engine.runs.get(first["id"])
    engine.shutdown()
    (state / "jobs.sqlite3").unlink()
    (state / "runs").mkdir()
    (state / "runs" / f"{old['id']}.json").write_text(json.dumps(old))
    (state / "runs" / "broken.json").write_text("{")
    (state / "counters.json").write_text(json.dumps({"demo": 7}))

    with caplog.at_level(logging.INFO):
        engine = make_engine(root, state, servers=store)
    try:
        assert engine.get(first["id"])["status"] == "finished"
        assert engine.logs(first["id"])["steps"][0]["log"] == "hi\n"
        assert engine.list()["total"] == 1
        again = create(engine, source)
        assert again["run_number"] == "8"  # after the counter's 7, not the record's 1
        assert "1 local run records moved into the job store" in caplog.text
        assert not (state / "runs").exists()
        assert not (state / "counters.json").exists()
        (kept,) = state.glob("runs.imported-*")
        assert (kept / "runs" / f"{old['id']}.json").is_file()
        assert (kept / "counters.json").is_file()
    finally:
        engine.shutdown()
    # a second start imports nothing again
    engine = make_engine(root, state, servers=store)
    try:
        assert engine.list()["total"] == 2
    finally:
        engine.shutdown()


def test_a_state_folder_used_with_another_job_store_is_said_in_the_log(
    root, tmp_path, store, caplog
):
    """Servers sharing the local runs' folder must share the job store, or each sees only its
    own runs: the operator is told which setting to align."""
    state = tmp_path / "state"
    make_engine(root, state).shutdown()  # an engine alone: its own store in the folder
    with caplog.at_level(logging.WARNING):
        make_engine(root, state, servers=store).shutdown()
    assert "c.VRELab.job_store_path" in caplog.text
    assert str(state / "jobs.sqlite3") in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        make_engine(root, state, servers=store).shutdown()
    assert "job_store_path" not in caplog.text


def test_a_store_of_an_earlier_version_gets_the_runs_tables_and_stays_usable_by_it(tmp_path):
    """The runs tables are new tables, not a new schema version: a server of an earlier
    version sharing the store (JupyterHub named servers) keeps using it, not setting it aside."""
    path = tmp_path / "jobs.sqlite3"
    store = JobStore(path)
    job = store.create("download", {"did": "user:a"})
    store.close()
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE runs; DROP TABLE run_numbers;")
    db.close()

    again = JobStore(path)
    try:
        assert again.set_aside is None
        assert again.get(job.id).params == {"did": "user:a"}
        assert again.sql("SELECT count(*) FROM runs")[0][0] == 0
        assert again.sql("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 1
    finally:
        again.close()
