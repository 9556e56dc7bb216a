"""The REANA double is strict: it checks requests and its own answers against REANA's official
spec (from reana-commons), simulates runs, injects faults, and runs in a thread or a process."""

from __future__ import annotations

import hashlib
import json
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import requests

from tests.reana_double import ReanaDouble, SpecValidator, load_official_spec
from tests.reana_double.spec import REPOSITORY, SPEC_SHA256, spec_bytes
from tests.reana_double.validation import to_draft4

SERIAL_SPEC = {
    "version": "0.9.0",
    "inputs": {"files": ["code/a.py"], "parameters": {"n": "3"}},
    "outputs": {"files": ["results/plot.png", "results/report.pdf", "results/n.txt"]},
    "workflow": {
        "type": "serial",
        "specification": {
            "steps": [
                {"name": "count", "environment": "python:3.11", "commands": ["echo ${n}"]},
                {"name": "plot", "environment": "python:3.11", "commands": ["echo a", "echo b"]},
            ]
        },
    },
}

OPERATIONS_WE_USE = {
    "ping",
    "get_you",
    "info",
    "get_workflows",
    "create_workflow",
    "get_workflow_status",
    "start_workflow",
    "set_workflow_status",
    "get_workflow_logs",
    "get_workflow_specification",
    "get_workflow_parameters",
    "get_files",
    "upload_file",
    "download_file",
    "delete_file",
    "get_secrets",
    "add_secrets",
    "delete_secrets",
}


class Api:
    """requests against a double, with its token."""

    def __init__(self, double: ReanaDouble):
        self.double = double

    def __call__(self, method: str, path: str, *, token: bool = True, **kwargs):
        params = dict(kwargs.pop("params", {}) or {})
        if token:
            params.setdefault("access_token", self.double.token)
        return requests.request(method, self.double.url + path, params=params, timeout=30, **kwargs)

    def create(self, name: str = "demo", spec: dict = SERIAL_SPEC) -> dict:
        response = self("POST", "/api/workflows", params={"workflow_name": name}, json=spec)
        assert response.status_code == 201, response.text
        return response.json()

    def wait(self, workflow: str, statuses=("finished", "failed", "stopped"), timeout=15) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            status = self("GET", f"/api/workflows/{workflow}/status").json()
            if status["status"] in statuses or time.monotonic() > deadline:
                return status
            time.sleep(0.05)


@pytest.fixture
def api(reana_double) -> Api:
    return Api(reana_double)


# -- the spec ---------------------------------------------------------------------------------


def test_the_spec_is_the_official_reana_commons_document_not_a_copy_in_the_repository():
    data, source = spec_bytes()
    assert hashlib.sha256(data).hexdigest() == SPEC_SHA256, source
    spec = load_official_spec()
    assert spec["swagger"] == "2.0"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPOSITORY, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if path.endswith("reana_server.json")]


def test_the_spec_has_every_operation_the_extension_and_the_cli_rely_on():
    validator = SpecValidator(load_official_spec())
    assert set(validator.operations) >= OPERATIONS_WE_USE
    op, params = validator.match("GET", "/api/workflows/abc/workspace/results/plot.png")
    assert (op.operation_id, params["file_name"]) == ("download_file", "results/plot.png")
    op, _ = validator.match("PUT", "/api/workflows/move_files/abc")
    assert op.operation_id == "move_files"
    op, _ = validator.match("POST", "/api/secrets/")
    assert op.operation_id == "add_secrets"


def test_swagger_nullable_fields_accept_null_and_others_do_not():
    validator = SpecValidator(load_official_spec())
    op = validator.operations["get_workflows"]
    item = {"id": "x", "name": "a.1", "status": "created", "created": "2024-01-01T00:00:00"}
    assert (
        validator.check_response(op, 200, "application/json", {"items": [item], "total": 1}) == []
    )
    assert not validator.check_response(
        op, 200, "application/json", {"items": [{**item, "launcher_url": None}], "total": 1}
    )
    problems = validator.check_response(
        op, 200, "application/json", {"items": [{**item, "created": None}], "total": 1}
    )
    assert problems
    assert "created" in problems[0]
    assert to_draft4({"type": "string", "x-nullable": True}) == {
        "anyOf": [{"type": "string"}, {"type": "null"}]
    }


def test_an_undeclared_status_or_content_type_breaks_the_spec():
    validator = SpecValidator(load_official_spec())
    ping = validator.operations["ping"]
    assert validator.check_response(ping, 500, "application/json", {"message": "x"})
    assert validator.check_response(ping, 200, "text/html", {"message": "OK"})
    download = validator.operations["download_file"]
    assert validator.check_response(download, 200, "application/zip", None, is_file=True) == []
    assert validator.check_response(download, 200, "image/png", None, is_file=True) == []


# -- requests that break the spec -------------------------------------------------------------


@pytest.mark.reana_violations_expected
def test_requests_that_break_the_spec_get_400_and_are_recorded(api, reana_double):
    # 'type' is required by the spec for the workflow list
    assert api("GET", "/api/workflows").status_code == 400
    assert api("GET", "/api/workflows", params={"type": "batch", "page": "two"}).status_code == 400
    assert (
        api("GET", "/api/workflows", params={"type": "batch", "include_progress": "yes"})
    ).status_code == 400
    assert api("GET", "/api/workflows", params={"type": "batch", "pages": 1}).status_code == 400
    assert api("GET", "/api/nothing").status_code == 404
    assert api("GET", "/api/secrets/").status_code == 405
    # bodies: secrets to add are an object of objects, whose type is env or file
    assert api("POST", "/api/secrets/", json=["A"]).status_code == 400
    assert api("POST", "/api/secrets/", json={"A": {"type": "bogus"}}).status_code == 400
    assert api("DELETE", "/api/secrets/").status_code == 400  # body required
    # enum of PUT status
    workflow = api.create()["workflow_id"]
    assert (
        api("PUT", f"/api/workflows/{workflow}/status", params={"status": "pause"})
    ).status_code == 400
    # uploads are application/octet-stream and need a file_name
    upload = f"/api/workflows/{workflow}/workspace"
    assert api("POST", upload, params={"file_name": "a"}, json={"a": 1}).status_code == 400
    assert (
        api("POST", upload, data=b"x", headers={"Content-Type": "application/octet-stream"})
    ).status_code == 400
    # the status of a workflow takes no body
    assert api("GET", f"/api/workflows/{workflow}/status", json={}).status_code == 400

    recorded = reana_double.violations
    assert len(recorded) == 13, "\n".join(recorded)
    assert all(v.startswith("request: ") for v in recorded)
    assert any("required query parameter 'type'" in v for v in recorded)
    assert any("'page': 'two' is not an integer" in v for v in recorded)
    assert any("undeclared query parameter 'pages'" in v for v in recorded)
    assert any("'bogus' is not one of ['env', 'file']" in v for v in recorded)
    assert any("'pause' is not one of" in v for v in recorded)
    assert any("Content-Type 'application/json' is not one of" in v for v in recorded)


def test_status_filters_may_be_a_comma_list_or_repeated(api, reana_double):
    api.create("one")
    for status in ("created,finished", ["created", "finished"]):
        listing = api("GET", "/api/workflows", params={"type": "batch", "status": status})
        assert listing.status_code == 200
        assert [w["name"] for w in listing.json()["items"]] == ["one.1"]
    assert reana_double.violations == []


# -- answers that break the spec --------------------------------------------------------------


@pytest.mark.reana_violations_expected
def test_an_answer_of_the_double_that_breaks_the_spec_is_a_recorded_double_bug(
    api, reana_double, monkeypatch
):
    from tests.reana_double.api import Reply

    monkeypatch.setattr(
        reana_double.api, "get_workflows", lambda call: Reply(200, {"items": [], "total": "0"})
    )
    response = api("GET", "/api/workflows", params={"type": "batch"})
    assert response.status_code == 500
    assert "double bug" in response.json()["message"]
    monkeypatch.setattr(reana_double.api, "ping", lambda call: Reply(418, {"message": "tea"}))
    assert api("GET", "/api/ping", token=False).status_code == 500

    def crash(call):
        raise KeyError("oops")

    monkeypatch.setattr(reana_double.api, "info", crash)
    crashed = api("GET", "/api/info")
    assert crashed.status_code == 500
    assert crashed.headers["Content-Type"] == "application/json"
    (total, teapot, exception) = reana_double.violations
    assert exception == "double bug: GET /api/info (info) raised KeyError: 'oops'"
    assert total.startswith("double bug: ")
    assert "$.total: '0' is not of type 'integer'" in total
    assert teapot.startswith("double bug: ")
    assert "status 418 is not declared" in teapot


# -- authentication ---------------------------------------------------------------------------


def test_tokens_are_checked_as_reana_does(api, reana_double):
    assert api("GET", "/api/ping", token=False).json() == {"message": "OK", "status": "200"}
    you = api("GET", "/api/you")
    assert you.status_code == 200
    assert you.json()["email"] == reana_double.user["email"]
    missing = api("GET", "/api/you", token=False)
    assert (missing.status_code, missing.json()) == (401, {"message": "User not signed in"})
    wrong = api("GET", "/api/workflows", params={"access_token": "nope", "type": "batch"})
    assert (wrong.status_code, wrong.json()) == (403, {"message": "Token not valid."})
    assert reana_double.violations == []


# -- simulated runs ---------------------------------------------------------------------------


def test_a_started_serial_workflow_runs_to_finished_and_writes_its_outputs(api, reana_double):
    created = api.create()
    assert created["workflow_name"] == "demo.1"
    assert api.create()["workflow_name"] == "demo.2"
    workflow = created["workflow_id"]
    started = api(
        "POST",
        "/api/workflows/demo.1/start",
        json={"input_parameters": {"n": "7"}, "operational_options": {}},
    )
    assert started.status_code == 200
    assert started.json()["status"] == "queued"
    assert started.json()["run_number"] == 1
    seen = set()
    deadline = time.monotonic() + 10
    while "finished" not in seen and time.monotonic() < deadline:
        seen.add(api("GET", f"/api/workflows/{workflow}/status").json()["status"])
        time.sleep(0.02)
    assert {"queued", "running", "finished"} <= seen
    status = api.wait(workflow)
    progress = status["progress"]
    assert progress["total"]["total"] == 3
    assert progress["finished"]["total"] == 3
    assert progress["failed"]["total"] == 0
    assert progress["running"]["total"] == 0
    assert progress["run_started_at"]
    assert progress["run_finished_at"]

    logs = json.loads(api("GET", f"/api/workflows/{workflow}/logs").json()["logs"])
    jobs = list(logs["job_logs"].values())
    assert [job["job_name"] for job in jobs] == ["count", "plot", "plot"]
    assert jobs[0]["cmd"] == "echo 7"
    assert "echo 7" in jobs[0]["logs"]
    assert all(job["status"] == "finished" and job["started_at"] for job in jobs)
    assert "finished" in logs["workflow_logs"]

    def download(name: str) -> requests.Response:
        return api("GET", f"/api/workflows/{workflow}/workspace/{name}")

    png = download("results/plot.png")
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png.content[16:24]) == (16, 16)
    assert png.headers["Content-Disposition"] == 'attachment; filename="results/plot.png"'
    pdf = download("results/report.pdf").content
    assert pdf.startswith(b"%PDF-1.4")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"demo.1" in download("results/n.txt").content
    archive = download("results")
    assert archive.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(BytesIO(archive.content)) as zipped:
        assert sorted(zipped.namelist()) == [
            "results/n.txt",
            "results/plot.png",
            "results/report.pdf",
        ]
    listing = api("GET", "/api/workflows", params={"type": "batch", "include_progress": "true"})
    item = next(i for i in listing.json()["items"] if i["id"] == workflow)
    assert item["status"] == "finished"
    assert item["progress"]["finished"]["total"] == 3


def test_a_command_with_exit_1_fails_its_step_and_the_run(api, reana_double):
    spec = json.loads(json.dumps(SERIAL_SPEC))
    spec["workflow"]["specification"]["steps"][1]["commands"] = ["echo a", "exit 1", "echo c"]
    workflow = api.create("broken", spec)["workflow_id"]
    assert api("POST", f"/api/workflows/{workflow}/start", json={}).status_code == 200
    status = api.wait(workflow)
    assert status["status"] == "failed"
    assert status["progress"]["failed"]["total"] == 1
    assert status["progress"]["finished"]["total"] == 2
    jobs = json.loads(status["logs"])
    assert [job["status"] for job in jobs.values()] == ["finished", "finished", "failed"]
    files = api("GET", f"/api/workflows/{workflow}/workspace").json()
    assert files["total"] == 0  # a failed run writes no outputs


def test_stop_and_delete_follow_reana(api, reana_double):
    reana_double.step_seconds = 5
    workflow = api.create()["workflow_id"]
    api("POST", f"/api/workflows/{workflow}/start", json={})
    api.wait(workflow, statuses=("running",))
    deleting = api(
        "PUT", f"/api/workflows/{workflow}/status", params={"status": "deleted"}, json={}
    )
    assert deleting.status_code == 500  # as REANA 0.9: a running workflow cannot be deleted
    stop = api("PUT", f"/api/workflows/{workflow}/status", params={"status": "stop"}, json={})
    assert stop.status_code == 200
    assert stop.json()["status"] == "stopped"
    again = api("PUT", f"/api/workflows/{workflow}/status", params={"status": "stop"})
    assert again.status_code == 409
    restart = api("POST", f"/api/workflows/{workflow}/start", json={})
    assert restart.status_code == 403
    deleted = api(
        "PUT",
        f"/api/workflows/{workflow}/status",
        params={"status": "deleted"},
        json={"workspace": True},
    )
    assert deleted.status_code == 200
    assert deleted.json()["status"] == "deleted"
    assert not any(reana_double.state_dir.glob(f"workspaces/*/{workflow}"))
    listing = api("GET", "/api/workflows", params={"type": "batch", "status": "created"})
    assert listing.json()["total"] == 0
    assert api("GET", "/api/workflows/nope.1/status").status_code == 404
    assert api("GET", "/api/workflows/nope.1/specification").status_code == 403


def _rss_kib() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def test_uploads_are_streamed_to_disk_with_bounded_memory(api, reana_double):
    workflow = api.create()["workflow_id"]
    size, chunk = 1 << 30, b"\x5a" * (1 << 20)

    def body():
        for _ in range(size // len(chunk)):
            yield chunk

    baseline, peak, done = _rss_kib(), [0], threading.Event()

    def sample():  # the double serves in this very process
        while not done.wait(0.02):
            peak[0] = max(peak[0], _rss_kib())

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        response = api(
            "POST",
            f"/api/workflows/{workflow}/workspace",
            params={"file_name": "big/one-gib.bin"},
            data=body(),
            headers={"Content-Type": "application/octet-stream"},
        )
        with requests.get(
            f"{reana_double.url}/api/workflows/{workflow}/workspace/big/one-gib.bin",
            params={"access_token": reana_double.token},
            stream=True,
            timeout=60,
        ) as download:
            length = int(download.headers["Content-Length"])
            received = sum(len(part) for part in download.iter_content(1 << 20))
    finally:
        done.set()
        sampler.join()
    assert response.status_code == 200, response.text
    stored = next(reana_double.state_dir.glob(f"workspaces/*/{workflow}/big/one-gib.bin"))
    assert stored.stat().st_size == size
    assert length == received == size
    grown_mib = (peak[0] - baseline) // 1024
    assert grown_mib < 100, f"memory grew by {grown_mib} MiB while moving 1 GiB"
    stored.unlink()


# -- faults -----------------------------------------------------------------------------------


def test_faults_make_the_double_slow_failing_rejecting_violating_or_down(api, reana_double):
    listing = {"type": "batch"}
    reana_double.faults.set("slow", seconds=0.5, operations=["get_workflows"], times=1)
    started = time.monotonic()
    assert api("GET", "/api/workflows", params=listing).status_code == 200
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    api("GET", "/api/workflows", params=listing)
    assert time.monotonic() - started < 0.5  # used up

    reana_double.faults.set("error500")
    assert api("GET", "/api/you").status_code == 500
    reana_double.faults.clear("error500")

    reana_double.faults.set("reject_token")
    assert api("GET", "/api/you").json() == {"message": "Token not valid."}
    assert api("GET", "/api/ping", token=False).status_code == 200  # ping takes no token
    reana_double.faults.clear()

    reana_double.faults.set("violate", operations="get_workflows")
    violating = api("GET", "/api/workflows", params=listing).json()
    assert violating["total"] == "0"
    reana_double.faults.clear()

    reana_double.faults.set("down", times=1)
    with pytest.raises(requests.ConnectionError):
        api("GET", "/api/you")
    assert api("GET", "/api/you").status_code == 200

    reana_double.stop()
    with pytest.raises(requests.ConnectionError):
        api("GET", "/api/ping", token=False)
    reana_double.start()
    assert api("GET", "/api/ping", token=False).status_code == 200
    assert reana_double.violations == []  # injected faults are no violations
    assert len(reana_double.injected) >= 5


def test_faults_can_be_steered_over_http_on_loopback(reana_double):
    control = f"{reana_double.url}/_double"
    answer = requests.post(f"{control}/faults", json={"mode": "error500", "times": 2}, timeout=5)
    assert answer.status_code == 201
    assert requests.get(f"{control}/faults", timeout=5).json()["faults"][0]["times"] == 2
    you = requests.get(
        f"{reana_double.url}/api/you", params={"access_token": reana_double.token}, timeout=5
    )
    assert you.status_code == 500
    assert requests.delete(f"{control}/faults", timeout=5).status_code == 204
    assert requests.get(f"{control}/faults", timeout=5).json()["faults"] == []
    bad = requests.post(f"{control}/faults", json={"mode": "explode"}, timeout=5)
    assert bad.status_code == 400
    config = requests.put(f"{control}/config", json={"step_seconds": 0.05}, timeout=5)
    assert config.json()["step_seconds"] == 0.05
    assert requests.get(f"{control}/violations", timeout=5).json()["violations"] == []


def test_the_double_runs_as_a_process_and_prints_its_url(tmp_path: Path):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reana_double",
            "--port",
            "0",
            "--token",
            "process-token",
            "--state-dir",
            str(tmp_path / "state"),
            "--step-seconds",
            "0.05",
        ],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("REANA double listening on http://127.0.0.1:"), line
        url = line.split(" on ", 1)[1].strip()
        you = requests.get(f"{url}/api/you", params={"access_token": "process-token"}, timeout=5)
        assert you.status_code == 200
        health = requests.get(f"{url}/_double/health", timeout=5).json()
        assert health["status"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "violation" not in err
