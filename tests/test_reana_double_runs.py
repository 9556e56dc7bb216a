"""The REANA double simulates runs as REANA does (serial steps to finished, a failing command,
stop and delete, uploads streamed to disk), injects faults, and runs in a thread or a process."""

from __future__ import annotations

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

from tests.reana_double.spec import REPOSITORY
from tests.reana_double_client import SERIAL_SPEC, Api


@pytest.fixture
def api(reana_double) -> Api:
    return Api(reana_double)


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
