"""A server killed with SIGKILL in the middle of a job: the next server shows the job interrupted
at its first answer (not running for a minute), and resuming it finishes the same run."""

import os
import signal
import time

from tests.plugins.workflows import COUNT_SH, REANA_YAML


def wait_for(predicate, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise TimeoutError("the condition never held")


def write_analysis(root):
    folder = root / "analysis"
    for sub in ("code", "data", "config"):
        (folder / sub).mkdir(parents=True)
    (folder / "code" / "count.sh").write_text(COUNT_SH)
    (folder / "data" / "events.csv").write_text("a\nb\nc\n")
    (folder / "config" / "cuts.txt").write_text("pt>20")
    (folder / "reana.yaml").write_text(REANA_YAML)


def test_a_run_cut_by_sigkill_is_interrupted_at_once_and_resumes(
    server_process, reana_double_factory, tmp_path
):
    reana = reana_double_factory(step_seconds=0.1)
    reana.faults.set("slow", seconds=1.0, operations="upload_file")  # a run long enough to cut
    home = tmp_path / "home"
    write_analysis(home / "root")
    config = (
        f"c.VRELab.reana_servers = [{{'name': 'cern', 'url': {reana.url!r},"
        f" 'access_token_file': {str(tmp_path / 'token')!r}}}]\n"
    )
    (tmp_path / "token").write_text(reana.token)
    runs = "vre-lab/api/reana/servers/cern/runs"

    with server_process(config=config, home=home) as server:
        started = server.request("POST", runs, json={"path": "analysis/reana.yaml"})
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]

        def uploading():
            job = server.get(f"vre-lab/api/jobs/{job_id}").json()
            return job if job["state"] == "running" and job["result"].get("workflow_id") else None

        cut = wait_for(uploading)
        os.kill(server.pid, signal.SIGKILL)

    reana.faults.clear()
    with server_process(config=config, home=home) as again:
        job = again.get(f"vre-lab/api/jobs/{job_id}").json()
        assert job["state"] == "interrupted", job
        resumed = again.request("POST", f"vre-lab/api/reana/runs/{job_id}/resume")
        assert resumed.status_code == 202, resumed.text
        new_id = resumed.json()["id"]

        def ended():
            job = again.get(f"vre-lab/api/jobs/{new_id}").json()
            return job if job["state"] not in ("queued", "running") else None

        done = wait_for(ended, timeout=60)
        assert done["state"] == "succeeded", done["message"]
        assert done["result"]["workflow_id"] == cut["result"]["workflow_id"]  # the same run
