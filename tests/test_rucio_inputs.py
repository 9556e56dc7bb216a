"""Inputs from Rucio: a run's parameter bound to a DID. Here the DID is made available (the
sandbox Rucio server) and its files copied into the workspace under rucio/SCOPE/NAME, the
parameter being that path; on REANA the parameter is the DID, the steps that read it get
`rucio: true`, and the secrets REANA needs for Rucio are checked first."""

import json

import pytest

from tests.plugins.reana import with_reana_server
from tests.plugins.workflows import run_to_the_end
from vre_lab.sandbox.server_side.demo_catalog import DATASETS, event_csv

DATASET = DATASETS[0]
ONE_FILE = DATASET.file_names()[0]


class TestOnThisMachine:
    @pytest.fixture
    def jp_server_config(self, rucio_server_config):
        return rucio_server_config

    async def test_a_file_did_bound_to_a_parameter_is_copied_into_the_workspace_and_read(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
    ):
        body = {
            "path": "analysis/reana.yaml",
            "rucio_inputs": [{"did": f"demo:{ONE_FILE}", "parameter": "events"}],
        }
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        workspace = jp_root_dir / detail["workspace_path"]
        copied = workspace / "rucio" / "demo" / ONE_FILE
        content = event_csv(DATASET, ONE_FILE)
        assert copied.read_bytes() == content
        lines = content.count(b"\n")
        assert (
            (workspace / "results" / "summary.txt").read_text().startswith(f"demo: {lines} lines")
        )
        assert detail["parameters"]["events"] == f"rucio/demo/{ONE_FILE}"
        record = json.loads((workspace / "provenance.json").read_text())
        (did,) = record["dids"]
        assert (did["did"], did["type"], did["bytes"]) == (f"demo:{ONE_FILE}", "file", len(content))
        assert f"rucio/demo/{ONE_FILE}" in {entry["path"] for entry in record["inputs"]}

    async def test_a_dataset_did_is_a_folder_of_its_files(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
    ):
        (analysis / "code" / "count.sh").write_text(
            'echo "$2: $(ls "$1" | wc -l) files, config $(cat config/cuts.txt)"\n'
        )
        body = {
            "path": "analysis/reana.yaml",
            "rucio_inputs": [{"did": DATASET.did, "parameter": "events", "instance": "sandbox"}],
        }
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        workspace = jp_root_dir / detail["workspace_path"]
        folder = workspace / "rucio" / "demo" / DATASET.name
        assert sorted(p.name for p in folder.iterdir()) == sorted(DATASET.file_names())
        summary = (workspace / "results" / "summary.txt").read_text()
        assert summary.startswith(f"demo: {DATASET.files} files")

    @pytest.mark.parametrize(
        ("inputs", "words"),
        [
            ([{"did": "demo:x", "parameter": "nope"}], "not a parameter of the workflow"),
            ([{"did": "not a did", "parameter": "events"}], "did"),
            (
                [
                    {"did": "demo:a", "parameter": "events"},
                    {"did": "demo:b", "parameter": "events"},
                ],
                "bound to two Rucio inputs",
            ),
        ],
    )
    async def test_a_wrong_binding_is_a_400_before_any_job(
        self, workflows_api, analysis, inputs, words
    ):
        body = {"path": "analysis/reana.yaml", "rucio_inputs": inputs}
        status, error = await workflows_api("POST", "reana/servers/local/runs", body)
        assert status == 400, error
        assert words in error["message"]

    async def test_a_did_rucio_does_not_have_fails_the_run_job_clearly(
        self, workflows_api, wait_for_job, analysis
    ):
        body = {
            "path": "analysis/reana.yaml",
            "rucio_inputs": [{"did": "demo:no-such-file", "parameter": "events"}],
        }
        status, job = await workflows_api("POST", "reana/servers/local/runs", body)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "failed"
        assert "demo:no-such-file" in job["message"] or "not found" in job["message"].lower()


class TestOnReana:
    @pytest.fixture
    def reana(self, reana_double_factory):
        return reana_double_factory(step_seconds=0.05)

    @pytest.fixture
    def jp_server_config(self, jp_server_config, reana, tmp_path):
        return with_reana_server(jp_server_config, reana, tmp_path)

    async def test_the_secrets_rucio_needs_are_checked_first_then_steps_get_rucio_true(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis
    ):
        body = {
            "path": "analysis/reana.yaml",
            "rucio_inputs": [{"did": DATASET.did, "parameter": "events"}],
        }
        status, error = await workflows_api("POST", "reana/servers/cern/runs", body)
        assert (status, error["reason"]) == (400, "secrets_missing"), error
        for name in ("VONAME", "RUCIO_USERNAME", "usercert.pem", "userkey.pem"):
            assert name in error["message"]
        for name in ("VONAME", "RUCIO_USERNAME", "usercert.pem", "userkey.pem"):
            added = {"name": name, "value": "x"}
            status, answer = await workflows_api("POST", "reana/servers/cern/secrets", added)
            assert status == 201, answer

        status, job = await workflows_api("POST", "reana/servers/cern/runs", body)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        workflow = job["result"]["workflow_id"]
        _, detail = await workflows_api("GET", f"reana/servers/cern/workflows/{workflow}")
        (step,) = detail["specification"]["workflow"]["specification"]["steps"]
        assert step["rucio"] is True
        assert detail["parameters"]["events"] == DATASET.did

    async def test_rucio_inputs_of_a_non_serial_workflow_on_reana_are_a_clear_400(
        self, workflows_api, analysis
    ):
        (analysis / "Snakefile").write_text('rule all:\n    shell: "true"\n')
        (analysis / "reana.yaml").write_text(
            "version: 0.9.0\ninputs:\n  parameters:\n    events: x\n"
            "workflow:\n  type: snakemake\n  file: Snakefile\n"
        )
        body = {
            "path": "analysis/reana.yaml",
            "rucio_inputs": [{"did": DATASET.did, "parameter": "events"}],
        }
        status, error = await workflows_api("POST", "reana/servers/cern/runs", body)
        assert status == 400, error
