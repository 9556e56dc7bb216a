"""At most `max_parallel_runs` local runs go at once; the others wait `queued`, as on REANA."""

import itertools
import time

import pytest

from tests.test_reana_local_engine import make_engine, run, spec, step, wait, wait_for

# root and source: tests/plugins/engines.py
from vre_lab.core.jobs import JobStore
from vre_lab.reana.local import INTERRUPTED


@pytest.fixture
def engine(root, tmp_path):
    engine = make_engine(root, tmp_path / "state", max_parallel_runs=1)
    yield engine
    engine.shutdown()


def running(engine, workflow_id):
    wait(engine, workflow_id, until=("running",))
    wait_for(lambda: engine.get(workflow_id)["progress"]["running"] == 1)


def test_a_run_waits_queued_for_a_place_and_goes_when_the_first_ends(engine, source):
    first = run(engine, source, spec(step("long", "sleep 60")), name="first")
    running(engine, first)
    second = run(engine, source, spec(step("s", "echo second")), name="second")
    time.sleep(0.3)
    assert engine.get(second)["status"] == "queued"
    said = engine.logs(second)["workflow_log"]
    assert "Waiting for a place: 1 local runs are queued or running, 1 run at once" in said
    assert "c.VRELab.reana_local_max_parallel_runs" in said

    engine.stop(first)
    assert wait(engine, second)["status"] == "finished"
    assert engine.logs(second)["steps"][0]["log"] == "second\n"


def test_a_queued_run_stopped_before_its_turn_never_starts(engine, source, root):
    first = run(engine, source, spec(step("long", "sleep 60")), name="first")
    running(engine, first)
    second = run(engine, source, spec(step("s", "touch ran.txt")), name="second")
    began = time.monotonic()
    stopped = engine.stop(second)
    assert time.monotonic() - began < 1.0  # not after the first run
    assert stopped["status"] == "stopped"
    assert stopped["started"] is None
    assert "Stopped by the user before it started" in engine.logs(second)["workflow_log"]
    engine.stop(first)
    time.sleep(0.3)
    assert engine.get(second)["status"] == "stopped"
    assert not (root / "reana-runs" / "second.1" / "ran.txt").exists()


def test_shutdown_fails_the_queued_runs_as_interrupted_at_once(root, source, tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")  # the app's: it outlives the engine
    engine = make_engine(root, tmp_path / "state", max_parallel_runs=1, servers=store)
    first = run(engine, source, spec(step("long", "sleep 60")), name="first")
    running(engine, first)
    second = run(engine, source, spec(step("s", "true")), name="second")
    began = time.monotonic()
    engine.shutdown()
    assert time.monotonic() - began < 2.0
    for workflow_id in (first, second):
        record = engine.runs.get(workflow_id)
        assert record["status"] == "failed", workflow_id
        assert record["failure"]["message"] == f"The run was {INTERRUPTED}."
    store.close()


def test_queued_runs_go_in_the_order_they_were_started(engine, source):
    first = run(engine, source, spec(step("long", "sleep 60")), name="first")
    running(engine, first)
    queued = [run(engine, source, spec(step("s", "sleep 0.2")), name=f"q{i}") for i in range(3)]
    engine.stop(first)
    ended = [wait(engine, workflow_id) for workflow_id in queued]
    assert [detail["status"] for detail in ended] == ["finished"] * 3
    for before, after in itertools.pairwise(ended):
        assert before["finished"] <= after["started"]
