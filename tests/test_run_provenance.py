"""Every local run records its provenance in its workspace (`provenance.json`): the reana.yaml
with its sha256, the parameters as run, each step's image and where it ran, every input and every
output with size and sha256, the DIDs the notebooks next to the reana.yaml imported, the engine
and its version, the times and the final status."""

import asyncio
import hashlib
import json

import pytest

from tests.plugins.reana import with_reana_server
from tests.plugins.workflows import REANA_YAML, run_to_the_end
from vre_lab import __version__
from vre_lab.sandbox.server_side.demo_catalog import DATASETS, adler32, event_csv, md5


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def notebook_with(did: str) -> str:
    metadata = {"vre_lab": {"rucio": [{"did": did, "variable": "events", "instance": "lake"}]}}
    return json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


async def test_a_finished_local_run_records_what_it_read_ran_and_made(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    (analysis / "explore.ipynb").write_text(notebook_with("demo:higgs4l-data"))
    body = {"path": "analysis/reana.yaml", "parameters": {"label": "X"}}
    detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
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
    # no Rucio instance is configured in this test: the DID is named, not described
    assert record["dids"] == [
        {"did": "demo:higgs4l-data", "unresolved": "No Rucio instance is configured here"}
    ]
    assert record["notebooks"] == ["analysis/explore.ipynb"]


async def test_a_run_seen_finished_already_has_its_outputs_hashed_in_its_provenance(
    workflows_api, wait_for_job, analysis, jp_root_dir
):
    big = "          - head -c 67108864 /dev/zero > results/big.bin\n"
    (analysis / "reana.yaml").write_text(
        REANA_YAML.replace(
            "          - mkdir -p results\n", "          - mkdir -p results\n" + big
        ).replace(
            "    - results/summary.txt\n", "    - results/summary.txt\n    - results/big.bin\n"
        )
    )
    status, job = await workflows_api(
        "POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    route = f"reana/servers/local/workflows/{job['result']['workflow_id']}"
    for _ in range(3000):  # look as often as a client could
        _, detail = await workflows_api("GET", route)
        if detail["status"] == "finished":
            break
        await asyncio.sleep(0.01)
    workspace = jp_root_dir / detail["workspace_path"]
    record = json.loads((workspace / "provenance.json").read_text())
    assert record["status"] == "finished"
    assert [o["path"] for o in record["outputs"]] == ["results/summary.txt", "results/big.bin"]
    assert record["outputs"][1]["size"] == 64 * 2**20


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


async def test_fetching_a_local_run_s_outputs_brings_its_completed_provenance_along(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    detail = await run_to_the_end(
        workflows_api, wait_for_job, wait_for_workflow, {"path": "analysis/reana.yaml"}
    )
    route = f"reana/servers/local/workflows/{detail['id']}/download"
    status, job = await workflows_api("POST", route, {"outputs": True})
    assert status == 202, job
    job = await wait_for_job(job)
    folder = jp_root_dir / job["result"]["destination"]
    record = json.loads((folder / "provenance.json").read_text())
    assert record["status"] == "finished"
    (output,) = record["outputs"]
    assert output["sha256"] == sha256(folder / "results" / "summary.txt")


class TestOnReana:
    @pytest.fixture
    def reana(self, reana_double_factory):
        return reana_double_factory(step_seconds=0.1)

    @pytest.fixture
    def jp_server_config(self, jp_server_config, reana, tmp_path):
        return with_reana_server(jp_server_config, reana, tmp_path)

    async def test_a_run_on_reana_records_its_provenance_in_its_workspace_and_outputs(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, reana
    ):
        body = {"path": "analysis/reana.yaml", "parameters": {"label": "X"}}
        status, job = await workflows_api("POST", "reana/servers/cern/runs", body)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        workflow_id = job["result"]["workflow_id"]
        await wait_for_workflow("cern", workflow_id)

        route = f"reana/servers/cern/workflows/{workflow_id}"
        _, workspace = await workflows_api("GET", f"{route}/workspace")
        assert "provenance.json" in {item["name"] for item in workspace["items"]}

        status, job = await workflows_api("POST", f"{route}/download", {"outputs": True})
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        folder = jp_root_dir / job["result"]["destination"]
        record = json.loads((folder / "provenance.json").read_text())
        assert record["engine"]["name"] == "REANA"
        assert record["engine"]["url"] == reana.url
        assert record["run"]["id"] == workflow_id
        assert record["parameters"] == {"events": "data/events.csv", "label": "X"}
        assert record["workflow"]["sha256"] == sha256(analysis / "reana.yaml")
        inputs = {entry["path"]: entry["sha256"] for entry in record["inputs"]}
        assert inputs == {
            name: sha256(analysis / name)
            for name in ("code/count.sh", "data/events.csv", "config/cuts.txt")
        }
        assert record["status"] == "finished"
        assert record["started"]
        (output,) = record["outputs"]
        assert output["path"] == "results/summary.txt"
        assert output["sha256"] == sha256(folder / "results" / "summary.txt")


class TestWithRucio:
    """The DIDs the notebooks imported, as the real (sandbox) Rucio server describes them."""

    @pytest.fixture
    def jp_server_config(self, rucio_server_config):
        return rucio_server_config

    async def test_a_run_records_each_did_with_rucio_s_checksums_sizes_and_file_count(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
    ):
        dataset = DATASETS[0]
        file_name = dataset.file_names()[0]
        content = event_csv(dataset, file_name)
        notebook = notebook_with(dataset.did)
        (analysis / "explore.ipynb").write_text(notebook)
        (analysis / "more.ipynb").write_text(notebook.replace(dataset.did, f"demo:{file_name}"))
        (analysis / "gone.ipynb").write_text(notebook.replace(dataset.did, "demo:no-such-data"))
        body = {"path": "analysis/reana.yaml"}
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        record = json.loads(
            (jp_root_dir / detail["workspace_path"] / "provenance.json").read_text()
        )
        dids = {entry["did"]: entry for entry in record["dids"]}

        collection = dids[dataset.did]
        assert collection["instance"] == "sandbox"  # "lake" is not configured: the default
        assert (collection["type"], collection["files"]) == ("dataset", dataset.files)
        assert collection["bytes"] == sum(
            len(event_csv(dataset, name)) for name in dataset.file_names()
        )
        assert len(collection["files_sha256"]) == 64
        one = dids[f"demo:{file_name}"]
        assert (one["type"], one["files"], one["bytes"]) == ("file", 1, len(content))
        assert (one["adler32"], one["md5"]) == (adler32(content), md5(content))
        assert dids["demo:no-such-data"]["missing"] is True
