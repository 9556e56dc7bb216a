"""The Logs tab follows a run by cursor: the first call answers each log's tail and a cursor, the
next ones only what each log gained since, a truncated or replaced log starts again, a bad cursor
is a 400; on a 50 MB log a refresh costs what it costs on a 1 KB one. REANA answers whole logs:
its answer is cut on the server, so the browser gets only what is new."""

import asyncio
import json
import threading
from pathlib import Path

import pytest

from tests.test_reana_local_engine import make_engine, run, spec, step, wait
from vre_lab.core.errors import BadRequest
from vre_lab.reana import logcursor

SERVER = "reana/servers/cern"


@pytest.fixture
def engine(tmp_path):
    root = tmp_path / "root"
    (root / "analysis").mkdir(parents=True)
    engine = make_engine(root, tmp_path / "state", log_tail_bytes=4096)
    yield engine
    engine.shutdown()


def finished_run(engine, *commands) -> tuple[str, Path]:
    """A finished one-step run and its step's log file."""
    source = engine.root_dir / "analysis"
    workflow_id = run(engine, source, spec(step("one", *commands)))
    assert wait(engine, workflow_id)["status"] == "finished"
    (job,) = engine.logs(workflow_id)["steps"]
    return workflow_id, engine._log_dir(workflow_id) / f"{job['id']}.log"


def append(path: Path, data: bytes) -> None:
    with open(path, "ab") as f:
        f.write(data)


def test_the_first_call_gives_the_tail_and_a_cursor_the_next_only_the_new_lines(engine):
    workflow_id, log = finished_run(engine, "echo first")
    first = engine.logs(workflow_id)
    (job,) = first["steps"]
    assert "first" in job["log"]
    assert job["log_continued"] is False
    assert first["workflow_log"]
    assert first["workflow_log_continued"] is False

    again = engine.logs(workflow_id, first["cursor"])
    assert again["workflow_log"] == ""
    assert again["workflow_log_continued"] is True
    assert [(s["log"], s["log_continued"]) for s in again["steps"]] == [("", True)]
    assert again["steps"][0]["status"] == "finished"  # the fields still come every time

    append(log, b"second line\nthird ")
    append(engine._log_dir(workflow_id) / "workflow.log", b"engine says more\n")
    new = engine.logs(workflow_id, again["cursor"])
    assert new["steps"][0]["log"] == "second line\nthird "
    assert new["workflow_log"] == "engine says more\n"
    append(log, b"line\n")
    assert engine.logs(workflow_id, new["cursor"])["steps"][0]["log"] == "line\n"
    # an old cursor still works: it gives everything after it
    assert (
        engine.logs(workflow_id, again["cursor"])["steps"][0]["log"] == "second line\nthird line\n"
    )


def test_a_cursor_past_the_end_or_over_replaced_bytes_starts_the_log_again(engine):
    workflow_id, log = finished_run(engine, "echo a-rather-long-first-line-of-output")
    cursor = engine.logs(workflow_id)["cursor"]

    log.write_bytes(b"short\n")  # truncated: the cursor lies past the end
    (job,) = engine.logs(workflow_id, cursor)["steps"]
    assert (job["log"], job["log_continued"]) == ("short\n", False)

    cursor = engine.logs(workflow_id)["cursor"]
    log.write_bytes(b"rotated, and already longer than before\n")
    (job,) = engine.logs(workflow_id, cursor)["steps"]
    assert (job["log"], job["log_continued"]) == (
        "rotated, and already longer than before\n",
        False,
    )

    log.unlink()
    (job,) = engine.logs(workflow_id, cursor)["steps"]
    assert (job["log"], job["log_continued"]) == ("", False)


def test_a_burst_larger_than_the_tail_says_what_it_left_out_and_characters_stay_whole(engine):
    workflow_id, log = finished_run(engine, "echo x")
    cursor = engine.logs(workflow_id)["cursor"]
    append(log, b"a" * 10_000 + b"\n")
    (job,) = (answer := engine.logs(workflow_id, cursor))["steps"]
    assert job["log_continued"] is True
    assert job["log"].startswith("[… the next 5905 bytes of this log are left out …]\n")
    assert job["log"].endswith("a" * 4095 + "\n")

    euro = "€".encode()
    append(log, b"price: 3 " + euro[:2])  # a writer stopped inside a character
    (job,) = (answer := engine.logs(workflow_id, answer["cursor"]))["steps"]
    assert job["log"] == "price: 3 "
    append(log, euro[2:] + b"\n")
    assert engine.logs(workflow_id, answer["cursor"])["steps"][0]["log"] == "€\n"

    log.write_bytes(b"x" + "é".encode() * 3000 + b"x")  # its tail would start inside a character
    (job,) = engine.logs(workflow_id)["steps"]
    assert job["log"].startswith("[… the first 1907 bytes of this log are left out …]\nééé")


def test_a_run_followed_live_by_cursor_adds_up_to_its_whole_log(engine):
    source = engine.root_dir / "analysis"
    command = "for i in 1 2 3 4 5 6; do echo line $i; sleep 0.15; done"
    workflow_id = run(engine, source, spec(step("one", command)))
    parts, cursor, calls = [], None, 0
    while True:
        status = engine.get(workflow_id)["status"]
        answer = engine.logs(workflow_id, cursor)
        calls += 1
        for job in answer["steps"]:
            if not job["log_continued"]:
                parts.clear()
            parts.append(job["log"])
        cursor = answer["cursor"]
        if status in ("finished", "failed"):
            break
        threading.Event().wait(0.05)
    assert calls > 3
    assert "".join(parts) == engine.logs(workflow_id)["steps"][0]["log"]
    assert "line 6" in "".join(parts)


@pytest.mark.parametrize(
    ("since", "why"),
    [
        ("not a cursor!", "not base64url"),
        ("AB", "not base64url"),
        ("Ag", "unknown version"),
        ("AQjiQR4", "cut short"),
        ("AQjiQR4Edm1qqAjiQR4Edm1qqA", "a log twice"),
        ("A" * 9000, "longer than"),
    ],
)
def test_a_bad_cursor_is_a_clear_400(engine, since, why):
    workflow_id, _ = finished_run(engine, "echo x")
    with pytest.raises(BadRequest, match=why):
        engine.logs(workflow_id, since)


def read_bytes() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar")


def refresh_cost(engine, workflow_id: str, cursor: str) -> tuple[int, int, str]:
    before = read_bytes()
    answer = engine.logs(workflow_id, cursor)
    return read_bytes() - before, len(json.dumps(answer)), answer["cursor"]


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io")
def test_a_refresh_of_a_50_mb_log_costs_what_it_costs_on_a_1_kb_log(engine):
    costs = {}
    for size in (1024, 50 * 1024 * 1024):
        workflow_id, log = finished_run(engine, "echo x")
        with open(log, "ab") as f:
            line = b"0123456789 " * 9 + b"\n"
            for _ in range(size // len(line)):
                f.write(line)
        cursor = engine.logs(workflow_id)["cursor"]
        idle_read, idle_sent, cursor = refresh_cost(engine, workflow_id, cursor)
        append(log, b"k" * 1023 + b"\n")
        new_read, new_sent, _ = refresh_cost(engine, workflow_id, cursor)
        costs[size] = (idle_read, idle_sent, new_read, new_sent)
    small, big = costs[1024], costs[50 * 1024 * 1024]
    # the run record (JSON) is read too, its ids a few characters longer or shorter; the log
    # adds its 32 bytes, or 1 KB more
    assert all(abs(b - s) < 64 for b, s in zip(big, small, strict=True)), costs
    assert big[2] - big[0] < 1200, costs
    assert big[3] - big[1] < 1200, costs


# --- through the API: the local engine, and REANA (the strict double) ---


@pytest.fixture
def reana(reana_double_factory):
    return reana_double_factory(step_seconds=0.2)


@pytest.fixture
def jp_server_config(jp_server_config, reana, tmp_path):
    token_file = tmp_path / "reana-token"
    token_file.write_text(reana.token)
    jp_server_config["VRELab"].update(
        reana_servers=[{"name": "cern", "url": reana.url, "access_token_file": str(token_file)}],
        backend_timeout=5.0,
    )
    return jp_server_config


async def run_through_api(workflows_api, wait_for_job, wait_for_workflow, server) -> str:
    status, job = await workflows_api(
        "POST", f"reana/servers/{server}/runs", {"path": "analysis/reana.yaml"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    workflow_id = job["result"]["workflow_id"]
    assert (await wait_for_workflow(server, workflow_id))["status"] == "finished"
    return workflow_id


async def test_the_logs_route_takes_a_cursor_and_refuses_a_bad_one(
    workflows_api, wait_for_job, wait_for_workflow, analysis, vre_app
):
    workflow_id = await run_through_api(workflows_api, wait_for_job, wait_for_workflow, "local")
    route = f"reana/servers/local/workflows/{workflow_id}/logs"
    status, first = await workflows_api("GET", route)
    assert status == 200
    assert first["cursor"]
    append(vre_app.workflows.local._log_dir(workflow_id) / "workflow.log", b"one more\n")
    status, new = await workflows_api("GET", route, since=first["cursor"])
    assert status == 200
    assert new["workflow_log"] == "one more\n"
    assert new["workflow_log_continued"] is True
    assert all(s["log"] == "" and s["log_continued"] for s in new["steps"])
    status, error = await workflows_api("GET", route, since="AQjiQR4")
    assert status == 400, error
    assert "since is not a cursor" in error["message"], error


async def test_reana_logs_are_cut_on_the_server_so_only_new_parts_reach_the_browser(
    workflows_api, wait_for_job, wait_for_workflow, analysis, reana, reana_calls
):
    workflow_id = await run_through_api(workflows_api, wait_for_job, wait_for_workflow, "cern")
    route = f"{SERVER}/workflows/{workflow_id}/logs"
    status, first = await workflows_api("GET", route)
    assert status == 200
    assert first["steps"]
    assert all(s["log"] for s in first["steps"])
    whole = {s["id"]: s["log"] for s in first["steps"]}

    status, idle = await workflows_api("GET", route, since=first["cursor"])
    assert status == 200
    assert idle["workflow_log"] == ""
    assert all(s["log"] == "" for s in idle["steps"])
    assert all(s["log_continued"] for s in idle["steps"])
    assert idle["workflow_log_continued"]

    with reana.engine.lock:
        flow = reana.engine.find(workflow_id)
        flow.jobs[-1].logs += "a late line\n"
        flow.log("the engine adds a line")
    status, new = await workflows_api("GET", route, since=idle["cursor"])
    assert status == 200
    assert new["steps"][-1]["log"] == "a late line\n"
    assert all(s["log"] == "" for s in new["steps"][:-1])
    assert new["workflow_log"].endswith("the engine adds a line\n")
    assert "started" not in new["workflow_log"]  # only what is new
    assert whole[new["steps"][-1]["id"]] + "a late line\n" == flow.jobs[-1].logs

    await asyncio.sleep(0.3)  # the double logs a request after it has answered it
    calls_before = len(reana_calls())
    status, error = await workflows_api("GET", route, since="Ag")
    assert status == 400, error
    await asyncio.sleep(0.3)
    assert len(reana_calls()) == calls_before  # a bad cursor costs REANA nothing


def test_a_reana_log_cut_from_a_cursor_counts_characters_not_bytes():
    text = "ünïcödé\n" * 3
    first = logcursor.answer(None, lambda mark: logcursor.read_text(text, mark), [])
    grown = text + "ñew\n"
    new = logcursor.answer(first["cursor"], lambda mark: logcursor.read_text(grown, mark), [])
    assert (new["workflow_log"], new["workflow_log_continued"]) == ("ñew\n", True)
    other = logcursor.answer(first["cursor"], lambda mark: logcursor.read_text("x" * 40, mark), [])
    assert other["workflow_log_continued"] is False
