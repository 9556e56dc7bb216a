"""The jobs API shows long-running operations, lets the user cancel and forget them, and keeps
them across a restart of the server extension."""

import json
import threading

import pytest
from tornado.httpclient import HTTPClientError

from vre_lab.core.errors import BackendError


def wait_until(predicate, timeout=5.0):
    event = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if predicate():
            return
        event.wait(0.02)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def gate():
    """Holds a job's work function until the test opens it."""
    gate = threading.Event()
    yield gate
    gate.set()


def paused_work(gate, progress=0.5):
    def work(ctx):
        ctx.progress(progress, "halfway")
        while not gate.wait(0.02):
            ctx.progress(progress)
        return {"files": 2}

    return work


async def get_json(jp_fetch, *parts, **kwargs):
    return json.loads((await jp_fetch("vre-lab", "api", *parts, **kwargs)).body)


async def test_a_running_job_shows_its_progress_and_then_its_result(vre_app, jp_fetch, gate):
    job = vre_app.job_runner.start("download", {"did": "demo:a"}, paused_work(gate))
    wait_until(lambda: vre_app.jobs.get(job.id).message == "halfway")
    shown = await get_json(jp_fetch, "jobs", job.id)
    assert (shown["state"], shown["progress"], shown["message"]) == ("running", 0.5, "halfway")
    gate.set()
    wait_until(lambda: vre_app.jobs.get(job.id).state == "succeeded")
    shown = await get_json(jp_fetch, "jobs", job.id)
    assert (shown["progress"], shown["result"]) == (1.0, {"files": 2})


async def test_a_failing_job_keeps_the_message_a_user_can_act_on(vre_app, jp_fetch):
    def work(ctx):
        raise BackendError("Rucio answered 500")

    job = vre_app.job_runner.start("download", {}, work)
    wait_until(lambda: vre_app.jobs.get(job.id).state == "failed")
    assert (await get_json(jp_fetch, "jobs", job.id))["message"] == "Rucio answered 500"


async def test_an_unexpected_crash_is_reported_without_internals(vre_app, jp_fetch):
    def work(ctx):
        raise KeyError("/internal/path/of/the/server")

    job = vre_app.job_runner.start("download", {}, work)
    wait_until(lambda: vre_app.jobs.get(job.id).state == "failed")
    message = (await get_json(jp_fetch, "jobs", job.id))["message"]
    assert "internal" not in message
    assert "server log" in message


async def test_jobs_are_listed_and_filtered_by_state_and_kind(vre_app, jp_fetch, gate):
    running = vre_app.job_runner.start("upload", {}, paused_work(gate))
    done = vre_app.jobs.create("download")
    vre_app.jobs.update(done.id, state="succeeded")
    wait_until(lambda: vre_app.jobs.get(running.id).state == "running")
    listed = await get_json(jp_fetch, "jobs")
    assert {j["id"] for j in listed["jobs"]} == {running.id, done.id}
    by_state = await get_json(jp_fetch, "jobs", params={"state": "running"})
    assert [j["id"] for j in by_state["jobs"]] == [running.id]
    by_kind = await get_json(jp_fetch, "jobs", params={"kind": "download"})
    assert [j["id"] for j in by_kind["jobs"]] == [done.id]


@pytest.mark.parametrize(
    ("params", "message", "reason"),
    [
        ({"state": "exploded"}, "state must be one of", "bad_request"),
        ({"limit": "many"}, "limit must be an integer", "bad_limit"),
        ({"limit": "0"}, "limit must be between", "bad_limit"),
    ],
)
async def test_a_bad_job_query_is_a_400_with_a_message(jp_fetch, params, message, reason):
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "api", "jobs", params=params)
    assert e.value.code == 400
    answer = json.loads(e.value.response.body)
    assert message in answer["message"]
    assert answer["reason"] == reason


async def test_an_unknown_job_is_a_404(jp_fetch):
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "api", "jobs", "no-such-job")
    assert e.value.code == 404
    assert json.loads(e.value.response.body) == {
        "message": "No job 'no-such-job'",
        "reason": "not_found",
    }


async def test_a_running_job_can_be_cancelled(vre_app, jp_fetch, gate):
    job = vre_app.job_runner.start("upload", {}, paused_work(gate))
    wait_until(lambda: vre_app.jobs.get(job.id).state == "running")
    response = await jp_fetch("vre-lab", "api", "jobs", job.id, "cancel", method="POST", body="")
    assert response.code == 202
    wait_until(lambda: vre_app.jobs.get(job.id).state == "cancelled")


async def test_a_finished_job_cannot_be_cancelled(vre_app, jp_fetch):
    job = vre_app.jobs.create("upload")
    vre_app.jobs.update(job.id, state="succeeded")
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "api", "jobs", job.id, "cancel", method="POST", body="")
    assert e.value.code == 409


async def test_a_running_job_cannot_be_deleted_but_a_finished_one_can(vre_app, jp_fetch, gate):
    job = vre_app.job_runner.start("upload", {}, paused_work(gate))
    wait_until(lambda: vre_app.jobs.get(job.id).state == "running")
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "api", "jobs", job.id, method="DELETE")
    assert e.value.code == 409
    gate.set()
    wait_until(lambda: vre_app.jobs.get(job.id).state == "succeeded")
    response = await jp_fetch("vre-lab", "api", "jobs", job.id, method="DELETE")
    assert response.code == 204
    assert vre_app.jobs.get(job.id) is None


async def test_jobs_keep_their_state_after_the_server_extension_restarts(
    vre_app, jp_fetch, gate, server_process
):
    done = vre_app.job_runner.start("download", {"did": "demo:a"}, lambda ctx: {"path": "a"})
    running = vre_app.job_runner.start("upload", {"files": 7}, paused_work(gate, 0.4))
    wait_until(lambda: vre_app.jobs.get(done.id).state == "succeeded")
    wait_until(lambda: vre_app.jobs.get(running.id).message == "halfway")

    await vre_app.stop_extension()  # what the server does when it shuts down

    config = f"c.VRELab.job_store_path = {str(vre_app.job_store_path)!r}\n"
    with server_process(config=config) as restarted:
        jobs = {j["id"]: j for j in restarted.get("vre-lab/api/jobs").json()["jobs"]}
    assert jobs[done.id]["state"] == "succeeded"
    assert jobs[done.id]["result"] == {"path": "a"}
    assert jobs[done.id]["params"] == {"did": "demo:a"}
    assert (jobs[running.id]["state"], jobs[running.id]["progress"]) == ("interrupted", 0.4)


async def test_running_jobs_never_take_the_threads_that_answer_requests(vre_app):
    release = threading.Event()
    for _ in range(vre_app.max_workers + vre_app.max_jobs):
        vre_app.job_runner.start("test.block", {}, lambda ctx: release.wait(10) and None)
    try:
        assert await vre_app.blocking.run(lambda: 42, timeout=2) == 42
    finally:
        release.set()
