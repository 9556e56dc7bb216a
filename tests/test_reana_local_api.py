"""The Workflows REST API on the embedded default, the local engine: validate a reana.yaml, run
it as a durable job, follow it, browse and fetch its outputs, stop and delete; and every path a
request names stays inside the server root."""

import os

import pytest

from tests.plugins.workflows import REANA_YAML


async def run_locally(workflows_api, wait_for_job, body: dict) -> dict:
    status, job = await workflows_api("POST", "reana/servers/local/runs", body)
    assert status == 202, job
    assert job["kind"] == "reana-run"
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    return job


async def test_the_local_engine_is_always_a_server_and_needs_no_token(workflows_api):
    status, body = await workflows_api("GET", "reana/servers")
    assert status == 200
    assert body["servers"][0]["name"] == "local"
    assert body["servers"][0]["kind"] == "local"
    assert body["selected"] == "local"
    status, who = await workflows_api("GET", "reana/servers/local/whoami")
    assert status == 200
    assert who["server"] == "local"
    status, error = await workflows_api("PUT", "reana/servers/local/token", {"token": "abcdefgh"})
    assert (status, error["reason"]) == (404, "not_supported")


async def test_validate_answers_the_parameters_and_the_place_of_each_issue(
    workflows_api, analysis, jp_root_dir
):
    status, body = await workflows_api("POST", "reana/validate", {"path": "analysis/reana.yaml"})
    assert status == 200
    assert body["valid"] is True
    assert body["workflow_type"] == "serial"
    assert body["parameters"] == {"events": "data/events.csv", "label": "demo"}

    broken = jp_root_dir / "analysis" / "broken.yaml"
    broken.write_text("version: 0.9.0\nworkflow:\n  type: serial\n  specification: 7\n")
    status, body = await workflows_api("POST", "reana/validate", {"path": "analysis/broken.yaml"})
    assert status == 200
    assert body["valid"] is False
    error = next(issue for issue in body["issues"] if issue["severity"] == "error")
    assert error["line"] == 4


@pytest.mark.parametrize(
    ("path", "status"), [("../outside.yaml", 403), ("/etc/passwd.yaml", 403), ("nope.yaml", 404)]
)
async def test_validate_refuses_paths_outside_the_root_and_missing_files(
    workflows_api, path, status
):
    answer, body = await workflows_api("POST", "reana/validate", {"path": path})
    assert answer == status, body


async def test_run_locally_copies_the_inputs_runs_the_steps_and_lists_the_outputs(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    job = await run_locally(
        workflows_api, wait_for_job, {"path": "analysis/reana.yaml", "parameters": {"label": "X"}}
    )
    workflow_id = job["result"]["workflow_id"]
    assert job["params"]["name"] == "analysis"

    detail = await wait_for_workflow("local", workflow_id)
    assert detail["status"] == "finished", detail
    # like REANA's serial engine, each command of a step is one job
    assert detail["progress"] == {"total": 2, "finished": 2, "failed": 0, "running": 0}
    assert detail["parameters"]["label"] == "X"
    workspace = jp_root_dir / detail["workspace_path"]
    assert (workspace / "results" / "summary.txt").read_text().strip() == (
        "X: 3 lines, config pt>20"
    )

    status, logs = await workflows_api("GET", f"reana/servers/local/workflows/{workflow_id}/logs")
    assert status == 200
    assert [step["name"] for step in logs["steps"]] == ["count", "count"]
    assert "X: 3 lines" not in logs["steps"][1]["log"]  # it went to the file
    assert logs["workflow_log"]

    status, files = await workflows_api(
        "GET", f"reana/servers/local/workflows/{workflow_id}/workspace", search="summary"
    )
    assert status == 200
    assert [item["name"] for item in files["items"]] == ["results/summary.txt"]

    status, listing = await workflows_api("GET", "reana/servers/local/workflows", status="finished")
    assert [item["id"] for item in listing["items"]] == [workflow_id]


async def test_download_all_outputs_writes_them_into_a_folder_of_the_root(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    job = await run_locally(workflows_api, wait_for_job, {"path": "analysis/reana.yaml"})
    workflow_id = job["result"]["workflow_id"]
    await wait_for_workflow("local", workflow_id)

    status, download = await workflows_api(
        "POST", f"reana/servers/local/workflows/{workflow_id}/download", {"outputs": True}
    )
    assert status == 202, download
    download = await wait_for_job(download)
    assert download["state"] == "succeeded", download["message"]
    assert download["result"]["destination"] == "reana-outputs/analysis.1"
    assert download["result"]["files"] == [
        "reana-outputs/analysis.1/results/summary.txt",
        "reana-outputs/analysis.1/provenance.json",  # completed with the fetched outputs' sha256
    ]
    fetched = jp_root_dir / "reana-outputs" / "analysis.1" / "results" / "summary.txt"
    assert fetched.read_text().startswith("demo: 3 lines")
    assert not list(fetched.parent.glob(".*.part"))


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"files": ["../../etc/passwd"]}, 400),
        ({"outputs": True, "destination": "../elsewhere"}, 403),
        ({"outputs": True, "destination": "/tmp"}, 403),
        ({}, 400),
        ({"files": "results/summary.txt"}, 400),
    ],
)
async def test_download_refuses_names_and_destinations_that_lead_out(
    workflows_api, wait_for_job, wait_for_workflow, analysis, body, status
):
    job = await run_locally(workflows_api, wait_for_job, {"path": "analysis/reana.yaml"})
    workflow_id = job["result"]["workflow_id"]
    await wait_for_workflow("local", workflow_id)
    answer, error = await workflows_api(
        "POST", f"reana/servers/local/workflows/{workflow_id}/download", body
    )
    assert answer == status, error
    assert error["message"]


async def test_inputs_outside_the_workflow_folder_are_refused_before_anything_runs(
    workflows_api, analysis, tmp_path
):
    outside = tmp_path / "outside-secret.txt"
    outside.write_text("secret")
    os.symlink(outside, analysis / "data" / "link.csv")
    for entry, status in (
        ("../elsewhere.csv", 400),
        ("/etc/hostname", 400),
        ("data/link.csv", 403),
    ):
        text = REANA_YAML.replace("    - data/events.csv\n", f"    - {entry}\n", 1)
        (analysis / "reana.yaml").write_text(text)
        answer, error = await workflows_api(
            "POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}
        )
        assert answer == status, (entry, error)


async def test_a_run_request_is_checked_before_a_job_starts(workflows_api, analysis):
    cases = [
        ({"path": "analysis/reana.yaml", "parameters": {"nope": "1"}}, 400, "Unknown parameter"),
        ({"path": "analysis/reana.yaml", "name": "bad name!"}, 400, "name must"),
        ({"path": "analysis/missing.yaml"}, 404, "No file"),
        ({"path": "analysis/code/count.sh"}, 400, "reana.yaml"),
    ]
    for body, status, words in cases:
        answer, error = await workflows_api("POST", "reana/servers/local/runs", body)
        assert (answer, words in error["message"]) == (status, True), (body, error)
    (analysis / "reana.yaml").write_text("workflow: [unclosed\n")
    answer, error = await workflows_api(
        "POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}
    )
    assert (answer, error["reason"]) == (400, "invalid_specification")


async def test_stop_ends_a_running_local_workflow_and_delete_removes_it(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    (analysis / "reana.yaml").write_text(
        REANA_YAML.replace("          - mkdir -p results\n", "          - sleep 60\n")
    )
    job = await run_locally(workflows_api, wait_for_job, {"path": "analysis/reana.yaml"})
    workflow_id = job["result"]["workflow_id"]
    status, stopped = await workflows_api(
        "POST", f"reana/servers/local/workflows/{workflow_id}/stop"
    )
    assert status == 200, stopped
    detail = await wait_for_workflow("local", workflow_id, timeout=15)
    assert detail["status"] == "stopped"

    status, _ = await workflows_api("DELETE", f"reana/servers/local/workflows/{workflow_id}")
    assert status == 204
    status, _ = await workflows_api("GET", f"reana/servers/local/workflows/{workflow_id}")
    assert status == 404
    assert not (jp_root_dir / detail["workspace_path"]).exists()


async def test_secrets_are_a_reana_feature_and_the_local_engine_says_so(workflows_api):
    status, error = await workflows_api("GET", "reana/servers/local/secrets")
    assert (status, error["reason"]) == (404, "not_supported")


async def test_unknown_servers_and_bad_list_arguments_get_clear_4xx(workflows_api):
    status, error = await workflows_api("GET", "reana/servers/atlas/workflows")
    assert status == 404
    assert "known: local" in error["message"]
    for params in ({"status": "sleeping"}, {"sort": "sideways"}, {"page": "0"}, {"size": "x"}):
        status, error = await workflows_api("GET", "reana/servers/local/workflows", **params)
        assert status == 400, params
