"""Every local run records its provenance in its workspace (`provenance.json`): the reana.yaml
with its sha256, the parameters as run, each step's image and where it ran, every input and every
output with size and sha256, the DIDs the notebooks next to the reana.yaml imported, the engine
and its version, the times and the final status."""

import hashlib
import json

from tests.plugins.workflows import REANA_YAML
from vre_lab import __version__


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def run_locally(workflows_api, wait_for_job, wait_for_workflow, body) -> dict:
    status, job = await workflows_api("POST", "reana/servers/local/runs", body)
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    return await wait_for_workflow("local", job["result"]["workflow_id"])


def notebook_with(did: str) -> str:
    metadata = {"vre_lab": {"rucio": [{"did": did, "variable": "events", "instance": "lake"}]}}
    return json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


async def test_a_finished_local_run_records_what_it_read_ran_and_made(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    (analysis / "explore.ipynb").write_text(notebook_with("demo:higgs4l-data"))
    body = {"path": "analysis/reana.yaml", "parameters": {"label": "X"}}
    detail = await run_locally(workflows_api, wait_for_job, wait_for_workflow, body)
    workspace = jp_root_dir / detail["workspace_path"]
    record = json.loads((workspace / "provenance.json").read_text())

    assert record["status"] == "finished"
    assert all(record[moment] for moment in ("created", "started", "finished"))
    assert (record["run"]["name"], record["run"]["run_number"]) == ("analysis", 1)
    assert record["engine"]["version"] == __version__
    assert record["engine"]["workflow_type"] == "serial"
    assert record["workflow"]["path"] == "analysis/reana.yaml"
    assert record["workflow"]["sha256"] == sha256(analysis / "reana.yaml")
    assert record["parameters"] == {"events": "data/events.csv", "label": "X"}
    assert [(s["name"], s["image"]) for s in record["steps"]] == [
        ("count", "docker.io/library/bash:5")
    ]
    assert record["steps"][0]["ran_on"] in ("host", "podman", "apptainer")
    inputs = {entry["path"]: entry for entry in record["inputs"]}
    assert set(inputs) == {"code/count.sh", "data/events.csv", "config/cuts.txt"}
    for name, entry in inputs.items():
        assert entry["sha256"] == sha256(analysis / name), name
        assert entry["size"] == (analysis / name).stat().st_size
    (output,) = record["outputs"]
    assert output["path"] == "results/summary.txt"
    assert output["sha256"] == sha256(workspace / "results" / "summary.txt")
    assert record["dids"] == [{"did": "demo:higgs4l-data"}]
    assert record["notebooks"] == ["analysis/explore.ipynb"]


async def test_a_failed_run_records_its_status_and_the_outputs_it_did_not_make(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    (analysis / "reana.yaml").write_text(
        REANA_YAML.replace("          - mkdir -p results\n", "          - exit 3\n")
    )
    status, job = await workflows_api(
        "POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    detail = await wait_for_workflow("local", job["result"]["workflow_id"])
    assert detail["status"] == "failed"
    record = json.loads((jp_root_dir / detail["workspace_path"] / "provenance.json").read_text())
    assert record["status"] == "failed"
    assert record["outputs"] == [{"path": "results/summary.txt", "missing": True}]
