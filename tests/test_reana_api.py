# Long on purpose: one slice's REST API end to end against its strict double, every test under
# the one server configuration (jp_server_config below) that points the lab at the double.
"""The Workflows REST API against the strict REANA double: tokens stay on the server, a run is
created, uploaded and started as one job that can be resumed or cleaned up, lists cost one REANA
call, outputs come back, secrets are never shown, and a failing REANA gets clear answers.

The double checks every request vre-lab sends against REANA's official OpenAPI spec; a request
that breaks it fails the test at teardown. Its access token is the canary secret, so any place
the token leaks to (a response, a log line) fails the test too."""

import asyncio
import json
import stat
import time

import pytest
import yaml

SERVER = "reana/servers/cern"


@pytest.fixture
def reana(reana_double_factory, canary):
    return reana_double_factory(token=canary.value, step_seconds=0.2)


@pytest.fixture
def jp_server_config(jp_server_config, reana, canary, tmp_path):
    # a token file, as a hub provides: Jupyter Server's own config loader logs literal values
    token_file = tmp_path / "reana-token"
    token_file.write_text(reana.token)
    jp_server_config["VRELab"].update(
        reana_servers=[
            {"name": "cern", "url": reana.url, "access_token_file": str(token_file)},
            {"name": "typed", "url": reana.url, "display_name": "Needs a token"},
        ],
        backend_timeout=2.0,
    )
    return canary.plant(jp_server_config)


async def run_on_reana(workflows_api, wait_for_job, body=None) -> dict:
    status, job = await workflows_api(
        "POST", f"{SERVER}/runs", body or {"path": "analysis/reana.yaml"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    return job


async def test_servers_say_where_each_token_comes_from_and_never_its_value(workflows_api):
    status, body = await workflows_api("GET", "reana/servers")
    assert status == 200
    servers = {server["name"]: server for server in body["servers"]}
    assert list(servers) == ["local", "cern", "typed"]
    assert servers["cern"]["token"] == "file"
    assert servers["typed"]["token"] is None
    assert body["selected"] == "cern"
    status, who = await workflows_api("GET", f"{SERVER}/whoami")
    assert status == 200
    assert who["user"]["email"] == "jane.doe@example.org"


async def test_a_typed_token_is_checked_kept_private_and_never_sent_back(
    workflows_api, reana, vre_app
):
    status, error = await workflows_api("GET", "reana/servers/typed/whoami")
    assert (status, error["reason"]) == (403, "credentials_missing")

    status, error = await workflows_api(
        "PUT", "reana/servers/typed/token", {"token": "not-the-token"}
    )
    assert (status, error["reason"]) == (403, "credentials_rejected")
    assert not vre_app.workflows.settings.tokens_path.exists()

    status, who = await workflows_api("PUT", "reana/servers/typed/token", {"token": reana.token})
    assert status == 200
    assert who["user"]["username"] == "jdoe"
    path = vre_app.workflows.settings.tokens_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    _, body = await workflows_api("GET", "reana/servers")
    assert body["servers"][2]["token"] == "user"

    status, _ = await workflows_api("DELETE", "reana/servers/typed/token")
    assert status == 204
    status, error = await workflows_api("GET", "reana/servers/typed/whoami")
    assert (status, error["reason"]) == (403, "credentials_missing")


async def test_run_on_reana_uploads_every_input_starts_it_and_brings_the_outputs_back(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    job = await run_on_reana(
        workflows_api, wait_for_job, {"path": "analysis/reana.yaml", "parameters": {"label": "X"}}
    )
    assert job["result"]["workflow_name"] == "analysis.1"
    workflow_id = job["result"]["workflow_id"]

    _, files = await workflows_api("GET", f"{SERVER}/workflows/{workflow_id}/workspace")
    names = {item["name"] for item in files["items"]}
    assert {"code/count.sh", "data/events.csv", "config/cuts.txt"} <= names

    detail = await wait_for_workflow("cern", workflow_id)
    assert detail["status"] == "finished"
    assert detail["parameters"] == {"events": "data/events.csv", "label": "X"}
    assert detail["specification"]["workflow"]["type"] == "serial"
    assert detail["outputs"] == ["results/summary.txt"]

    status, logs = await workflows_api("GET", f"{SERVER}/workflows/{workflow_id}/logs")
    assert status == 200
    assert logs["steps"]
    assert all(step["name"] for step in logs["steps"])

    status, download = await workflows_api(
        "POST", f"{SERVER}/workflows/{workflow_id}/download", {"outputs": True}
    )
    assert status == 202, download
    download = await wait_for_job(download)
    assert download["state"] == "succeeded", download["message"]
    assert download["result"]["files"] == [
        "reana-outputs/analysis.1/results/summary.txt",
        "reana-outputs/analysis.1/provenance.json",
    ]
    assert (jp_root_dir / download["result"]["files"][0]).stat().st_size > 0


async def test_a_failed_reana_run_says_why_and_which_outputs_it_did_not_leave(
    workflows_api, wait_for_job, wait_for_workflow, analysis
):
    # the step fails before writing the declared output
    (analysis / "reana.yaml").write_text(
        (analysis / "reana.yaml")
        .read_text()
        .replace("- mkdir -p results", "- echo fitting; exit 1")
        .replace("- results/summary.txt", "- results/summary.txt\n    - results/fit.png")
    )
    job = await run_on_reana(workflows_api, wait_for_job)
    detail = await wait_for_workflow("cern", job["result"]["workflow_id"])
    assert detail["status"] == "failed"
    assert detail["failure"]["step"] == "count"
    assert detail["failure"]["message"] == "Step 'count' failed"
    assert "exited with status 1" in detail["failure"]["log_tail"]
    assert detail["missing_outputs"] == ["results/summary.txt", "results/fit.png"]


async def test_a_finished_reana_run_has_its_outputs_and_no_failure(
    workflows_api, wait_for_job, wait_for_workflow, analysis
):
    job = await run_on_reana(workflows_api, wait_for_job)
    detail = await wait_for_workflow("cern", job["result"]["workflow_id"])
    assert detail["status"] == "finished"
    assert detail["failure"] is None
    assert detail["missing_outputs"] == []


async def test_a_workflow_is_found_by_its_uuid_its_name_and_run_number_or_its_name(
    workflows_api, wait_for_job, wait_for_workflow, analysis
):
    job = await run_on_reana(workflows_api, wait_for_job, {"path": "analysis/reana.yaml"})
    workflow_id = job["result"]["workflow_id"]
    await wait_for_workflow("cern", workflow_id)
    for named in (workflow_id, "analysis.1", "analysis"):
        status, detail = await workflows_api("GET", f"{SERVER}/workflows/{named}")
        assert (status, detail.get("id")) == (200, workflow_id), (named, detail)
    status, error = await workflows_api("GET", f"{SERVER}/workflows/analysis.7")
    assert status == 404, error


async def test_the_list_costs_one_reana_call_with_progress_and_size_whatever_its_length(
    workflows_api, wait_for_job, wait_for_workflow, analysis, reana_calls
):
    ids = [
        (await run_on_reana(workflows_api, wait_for_job))["result"]["workflow_id"] for _ in range(3)
    ]
    for workflow_id in ids:
        await wait_for_workflow("cern", workflow_id)
    # the double logs a request after answering it: let the last ones land in the log
    await asyncio.sleep(0.3)
    before = len(reana_calls())
    status, page = await workflows_api("GET", f"{SERVER}/workflows", size="50")
    assert status == 200
    await asyncio.sleep(0.3)
    assert reana_calls()[before:] == ["GET /api/workflows"]
    assert page["total"] == 3
    assert [item["run_number"] for item in page["items"]] == ["3", "2", "1"]
    assert all(item["progress"]["total"] >= 1 for item in page["items"])
    assert all(item["size_bytes"] > 0 for item in page["items"])

    _, oldest = await workflows_api("GET", f"{SERVER}/workflows", sort="asc", size="1", page="2")
    assert [item["run_number"] for item in oldest["items"]] == ["2"]
    _, none = await workflows_api("GET", f"{SERVER}/workflows", status="running,failed")
    assert none["items"] == []
    _, found = await workflows_api("GET", f"{SERVER}/workflows", search="analy")
    assert found["total"] == 3


async def test_stop_a_running_workflow_and_delete_only_once_it_stopped(
    workflows_api, wait_for_job, wait_for_workflow, analysis, reana
):
    reana.step_seconds = 30
    job = await run_on_reana(workflows_api, wait_for_job)
    workflow_id = job["result"]["workflow_id"]
    reana.wait_for_status(workflow_id, "running")
    status, error = await workflows_api("DELETE", f"{SERVER}/workflows/{workflow_id}")
    assert status == 409, error
    status, stopped = await workflows_api("POST", f"{SERVER}/workflows/{workflow_id}/stop")
    assert status == 200, stopped
    detail = await wait_for_workflow("cern", workflow_id, timeout=10)
    assert detail["status"] == "stopped"
    status, _ = await workflows_api("DELETE", f"{SERVER}/workflows/{workflow_id}")
    assert status == 204
    _, page = await workflows_api("GET", f"{SERVER}/workflows")
    assert workflow_id not in [item["id"] for item in page["items"]]


async def test_an_interrupted_run_resumes_where_its_uploads_stopped(
    workflows_api, wait_for_job, analysis, reana, reana_calls
):
    reana.faults.set("error500", operations="upload_file", times=1)
    status, job = await workflows_api("POST", f"{SERVER}/runs", {"path": "analysis/reana.yaml"})
    job = await wait_for_job(job)
    assert job["state"] == "failed"
    assert "REANA failed (500)" in job["message"]
    workflow_id = job["result"]["workflow_id"]
    reana.clear_violations()

    before = len(reana_calls())
    status, resumed = await workflows_api("POST", f"reana/runs/{job['id']}/resume")
    assert status == 202, resumed
    resumed = await wait_for_job(resumed)
    assert resumed["state"] == "succeeded", resumed["message"]
    assert resumed["result"]["workflow_id"] == workflow_id
    calls = reana_calls()[before:]
    assert "POST /api/workflows" not in calls  # the same workflow, not a new one
    status, _ = await workflows_api("GET", f"jobs/{job['id']}")
    assert status == 404  # the resumed job replaced it
    _, page = await workflows_api("GET", f"{SERVER}/workflows")
    assert page["total"] == 1


async def test_clean_up_deletes_what_an_unfinished_run_created(
    workflows_api, wait_for_job, analysis, reana
):
    reana.faults.set("error500", operations="start_workflow", times=1)
    _, job = await workflows_api("POST", f"{SERVER}/runs", {"path": "analysis/reana.yaml"})
    job = await wait_for_job(job)
    assert job["state"] == "failed"
    reana.clear_violations()
    status, _ = await workflows_api("POST", f"reana/runs/{job['id']}/cleanup")
    assert status == 204
    assert reana.status_of(job["result"]["workflow_id"]) == "deleted"
    status, _ = await workflows_api("GET", f"jobs/{job['id']}")
    assert status == 404


async def test_secrets_are_listed_by_name_and_type_and_their_values_never_come_back(
    workflows_api, jp_root_dir
):
    (jp_root_dir / "key.pem").write_text("-----BEGIN KEY-----\nabcdef\n")
    status, added = await workflows_api(
        "POST", f"{SERVER}/secrets", {"name": "DB_PASSWORD", "value": "hunter2-password"}
    )
    assert (status, added) == (201, {"name": "DB_PASSWORD", "type": "env"})
    status, added = await workflows_api(
        "POST", f"{SERVER}/secrets", {"name": "key.pem", "path": "key.pem"}
    )
    assert (status, added["type"]) == (201, "file")
    status, listing = await workflows_api("GET", f"{SERVER}/secrets")
    assert status == 200
    assert sorted(listing["secrets"], key=lambda s: s["name"]) == [
        {"name": "DB_PASSWORD", "type": "env"},
        {"name": "key.pem", "type": "file"},
    ]
    assert "hunter2" not in str(listing)
    status, error = await workflows_api(
        "POST", f"{SERVER}/secrets", {"name": "DB_PASSWORD", "value": "again-value"}
    )
    assert status == 409, error
    status, error = await workflows_api(
        "POST", f"{SERVER}/secrets", {"name": "x", "path": "../../etc/passwd"}
    )
    assert status == 403, error
    status, _ = await workflows_api("DELETE", f"{SERVER}/secrets/DB_PASSWORD")
    assert status == 204
    _, listing = await workflows_api("GET", f"{SERVER}/secrets")
    assert [s["name"] for s in listing["secrets"]] == ["key.pem"]


@pytest.mark.reana_violations_expected
@pytest.mark.parametrize(
    ("fault", "status", "reason", "words"),
    [
        ({"mode": "down"}, 502, "backend_unreachable", "Cannot reach REANA"),
        ({"mode": "slow", "seconds": 5}, 504, "backend_timeout", "did not answer"),
        ({"mode": "reject_token"}, 403, "credentials_rejected", "refused the access token"),
        ({"mode": "error500"}, 502, "backend_500", "REANA failed (500)"),
        ({"mode": "violate"}, 502, "backend_invalid", "breaks its API"),
    ],
)
async def test_a_failing_reana_gets_a_clear_answer_quickly(
    workflows_api, reana, fault, status, reason, words
):
    reana.faults.set(**fault)
    started = time.monotonic()
    answer, error = await workflows_api("GET", f"{SERVER}/workflows")
    assert time.monotonic() - started < 4.5
    assert (answer, error["reason"]) == (status, reason), error
    assert words in error["message"]
    reana.faults.clear()
    answer, _ = await workflows_api("GET", f"{SERVER}/workflows")
    assert answer == 200


async def test_reana_down_is_a_502_at_once(workflows_api, reana):
    reana.stop()
    started = time.monotonic()
    answer, error = await workflows_api("GET", f"{SERVER}/workflows")
    assert (answer, error["reason"]) == (502, "backend_unreachable")
    assert time.monotonic() - started < 3
    reana.start()


async def test_terminals_get_no_reana_token_unless_the_operator_shares_it(
    workflows_api, reana, jp_serverapp
):
    await workflows_api("PUT", "reana/selection", {"server": "cern"})
    env = jp_serverapp.web_app.settings["terminal_manager"].make_term_env()
    assert "REANA_ACCESS_TOKEN" not in env
    assert reana.token not in json.dumps(env)


class TestSharedReanaCredentials:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        jp_server_config["VRELab"]["share_reana_credentials"] = True
        return jp_server_config

    async def test_terminals_get_the_selected_reana_server_and_its_token(
        self, workflows_api, reana, jp_serverapp
    ):
        status, body = await workflows_api("PUT", "reana/selection", {"server": "cern"})
        assert (status, body) == (200, {"selected": "cern"})
        manager = jp_serverapp.web_app.settings["terminal_manager"]
        env = manager.make_term_env()
        assert env["REANA_SERVER_URL"] == reana.url
        assert env["REANA_ACCESS_TOKEN"] == reana.token
        assert env["JUPYTER_SERVER_ROOT"]  # what the terminals extension sets is kept
        status, _ = await workflows_api("PUT", "reana/selection", {"server": "mars"})
        assert status == 404


async def test_a_run_interrupted_by_a_restart_is_resumed_in_the_workflow_it_created(
    workflows_api, wait_for_job, analysis, reana, vre_app
):
    # what a server that stopped after creating the workflow leaves in the job store
    client = vre_app.workflows.client("cern")
    created = client.create("analysis", yaml.safe_load((analysis / "reana.yaml").read_text()))
    job = vre_app.jobs.create(
        "reana-run",
        {"server": "cern", "path": "analysis/reana.yaml", "name": "analysis", "parameters": {}},
    )
    vre_app.jobs.update(job.id, state="interrupted", result={"workflow_id": created["workflow_id"]})
    status, resumed = await workflows_api("POST", f"reana/runs/{job.id}/resume")
    assert status == 202, resumed
    resumed = await wait_for_job(resumed)
    assert resumed["state"] == "succeeded", resumed["message"]
    assert resumed["result"]["workflow_id"] == created["workflow_id"]
    assert resumed["params"]["resumed_from"] == job.id
    _, files = await workflows_api("GET", f"{SERVER}/workflows/{created['workflow_id']}/workspace")
    assert {"code/count.sh", "data/events.csv", "config/cuts.txt"} <= {
        item["name"] for item in files["items"]
    }


@pytest.mark.parametrize("action", ["logs", "stop"])
async def test_a_workflow_id_that_looks_like_a_path_never_reaches_another_reana_endpoint(
    jp_fetch, jp_http_port, jp_base_url, jp_auth_header, reana_calls, action
):
    from tornado.httpclient import AsyncHTTPClient

    await jp_fetch("vre-lab", "api", "status")  # the server is up
    hostile = "x%2F..%2F..%2Fsecrets%3F"  # sent as is: jp_fetch would escape the % signs
    url = f"http://127.0.0.1:{jp_http_port}{jp_base_url}vre-lab/api/{SERVER}/workflows/{hostile}"
    method = "POST" if action == "stop" else "GET"
    response = await AsyncHTTPClient().fetch(
        f"{url}/{action}",
        method=method,
        headers={**jp_auth_header, "X-XSRFToken": "x", "Cookie": "_xsrf=x"},
        body="{}" if method == "POST" else None,
        raise_error=False,
    )
    assert 400 <= response.code < 500, response.body
    for _ in range(100):  # the double logs a request after it has answered it
        if calls := reana_calls():
            break
        await asyncio.sleep(0.02)
    assert calls, "the route reached REANA with the escaped id"
    for call in calls:
        assert call.split()[1].startswith(f"/api/workflows/{hostile}/"), calls


@pytest.mark.parametrize("name", ["..", ".", "", "a\x00b"])
def test_a_value_that_cannot_be_one_url_segment_is_refused(name):
    from vre_lab.core.errors import BadRequest
    from vre_lab.core.urls import segment

    with pytest.raises(BadRequest):
        segment(name)


def test_every_user_value_is_escaped_as_one_url_segment():
    from vre_lab.core.urls import segment, segments

    assert segment("x/../../secrets?#%2F") == "x%2F..%2F..%2Fsecrets%3F%23%252F"
    assert segments("results/a b.png") == "results/a%20b.png"
    assert segment("user.jdoe:a b/c", plus=True) == "user.jdoe%3Aa+b%2Fc"  # Rucio's form
    with pytest.raises(Exception, match="not a valid name"):
        segments("results/../../etc/passwd")
