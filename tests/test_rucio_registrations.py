"""Registering a finished run's outputs in Rucio (issue 17, "Out"), against the real sandbox
Rucio: a local run's and a REANA run's (on the REANA double) outputs uploaded into a new dataset
that names the run; again is idempotent; a DID taken by other content is refused before any
upload; a run that has not finished, or names outside its workspace, are refused."""

import asyncio
import uuid
import zlib
from pathlib import Path

import pytest
from rucio.common.exception import DataIdentifierNotFound

from tests.plugins.workflows import run_to_the_end
from vre_lab.core.job_runner import JobCancelled
from vre_lab.reana import provenance
from vre_lab.rucio.registration import register as register_job
from vre_lab.rucio.registration_request import registration_request

SCOPE = "user.root"
RSE = "SANDBOX_DISK"


@pytest.fixture
def reana(reana_double_factory):
    return reana_double_factory(step_seconds=0.1)


@pytest.fixture
def jp_server_config(rucio_server_config, reana, tmp_path):
    token_file = tmp_path / "reana-token"
    token_file.write_text(reana.token)
    rucio_server_config["VRELab"]["reana_servers"] = [
        {"name": "cern", "url": reana.url, "access_token_file": str(token_file)}
    ]
    return rucio_server_config


def adler32(data: bytes) -> str:
    return f"{zlib.adler32(data):08x}"


async def finished_local_run(workflows_api, wait_for_job, wait_for_workflow, analysis) -> dict:
    name = f"outs{uuid.uuid4().hex[:8]}"
    return await run_to_the_end(
        workflows_api,
        wait_for_job,
        wait_for_workflow,
        {"path": "analysis/reana.yaml", "name": name},
    )


async def register(workflows_api, wait_for_job, body: dict) -> tuple[int, dict]:
    status, job = await workflows_api("POST", "rucio/sandbox/registrations", body)
    if status != 202:
        return status, job
    assert job["kind"] == "rucio.register_outputs"
    return status, await wait_for_job(job)


async def test_a_local_runs_outputs_land_in_a_new_dataset_that_names_the_run(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, rucio_client
):
    detail = await finished_local_run(workflows_api, wait_for_job, wait_for_workflow, analysis)
    run = f"{detail['name']}.{detail['run_number']}"
    body = {"server": "local", "workflow": detail["id"], "scope": SCOPE}  # RSE, dataset: defaults
    status, job = await register(workflows_api, wait_for_job, body)
    assert status == 202
    assert job["state"] == "succeeded", job["message"]
    result = job["result"]
    assert result["dataset"] == f"{SCOPE}:{run}"
    assert result["rse"] == RSE
    (entry,) = result["files"]
    assert entry["path"] == "results/summary.txt"
    assert entry["did"] == f"{SCOPE}:{run}/results/summary.txt"
    assert entry["uploaded"] is True

    workspace = jp_root_dir / detail["workspace_path"]
    content = (workspace / "results" / "summary.txt").read_bytes()
    files = list(rucio_client.list_files(SCOPE, run))
    assert [(f["name"], f["adler32"], f["bytes"]) for f in files] == [
        (f"{run}/results/summary.txt", adler32(content), len(content))
    ]
    (replica,) = rucio_client.list_replicas(
        [{"scope": SCOPE, "name": f"{run}/results/summary.txt"}], sort="random"
    )
    assert replica["states"] == {RSE: "AVAILABLE"}

    sha256 = provenance.read(workspace)["workflow"]["sha256"]
    for name in (run, f"{run}/results/summary.txt"):
        metadata = rucio_client.get_metadata(SCOPE, name)
        assert metadata["campaign"] == detail["name"]
        assert metadata["run_number"] == int(detail["run_number"])
        assert metadata["version"] == run
        assert metadata["prod_step"] == "local"
        assert metadata["stream_name"] == sha256
        assert metadata["datatype"] == "workflow_outputs"
    found = rucio_client.list_dids(SCOPE, {"campaign": detail["name"]}, did_type="dataset")
    assert list(found) == [run]

    # again: the identical file is found, attached, and nothing fails or is uploaded twice
    status, again = await register(workflows_api, wait_for_job, body)
    assert again["state"] == "succeeded", again["message"]
    assert again["result"]["uploaded"] == 0
    assert again["result"]["files"][0]["uploaded"] is False
    assert len(list(rucio_client.list_files(SCOPE, run))) == 1

    # into another dataset: its own file DIDs, the same content
    status, other = await register(
        workflows_api, wait_for_job, {**body, "dataset": f"{run}-copy", "rse": "SANDBOX_SCRATCH"}
    )
    assert other["state"] == "succeeded", other["message"]
    assert other["result"]["files"][0]["did"] == f"{SCOPE}:{run}-copy/results/summary.txt"


async def test_a_name_taken_by_other_content_is_refused_before_anything_is_uploaded(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, rucio_client
):
    detail = await finished_local_run(workflows_api, wait_for_job, wait_for_workflow, analysis)
    run = f"{detail['name']}.{detail['run_number']}"
    (analysis / "results").mkdir(exist_ok=True)
    (analysis / "results" / "more.txt").write_text("another output\n")
    status, job = await workflows_api(
        "POST",
        "rucio/sandbox/upload",
        {"path": "analysis/reana.yaml", "rse": RSE, "scope": SCOPE,
         "name": f"{run}/results/summary.txt"},
    )  # fmt: skip
    assert (await wait_for_job(job))["state"] == "succeeded"

    status, answer = await register(
        workflows_api, wait_for_job, {"workflow": detail["id"], "scope": SCOPE, "rse": RSE}
    )
    assert (status, answer["reason"]) == (409, "did_exists"), answer
    assert f"{SCOPE}:{run}/results/summary.txt" in answer["message"]
    assert "nothing was uploaded" in answer["message"]
    with pytest.raises(DataIdentifierNotFound):
        rucio_client.get_did(SCOPE, run)


async def test_a_reana_runs_outputs_are_fetched_first_then_registered(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, rucio_client
):
    name = f"remote{uuid.uuid4().hex[:8]}"
    detail = await run_to_the_end(
        workflows_api,
        wait_for_job,
        wait_for_workflow,
        {"path": "analysis/reana.yaml", "name": name},
        server="cern",
    )
    dataset = f"{SCOPE}:{name}-from-reana"
    _, job = await register(
        workflows_api,
        wait_for_job,
        {"server": "cern", "workflow": detail["id"], "scope": SCOPE, "dataset": dataset},
    )
    assert job["state"] == "succeeded", job["message"]
    (entry,) = job["result"]["files"]
    files = list(rucio_client.list_files(SCOPE, f"{name}-from-reana"))
    assert [(f["name"], f["adler32"]) for f in files] == [
        (f"{name}-from-reana/results/summary.txt", entry["adler32"])
    ]
    metadata = rucio_client.get_metadata(SCOPE, f"{name}-from-reana")
    assert metadata["prod_step"] == "cern"
    assert metadata["campaign"] == name
    assert not list(jp_root_dir.glob(".vre-lab-registration-*"))  # the fetched copies are gone


async def test_requests_that_cannot_be_served_are_refused_before_a_job(
    workflows_api, wait_for_job, wait_for_workflow, analysis, tmp_path
):
    detail = await finished_local_run(workflows_api, wait_for_job, wait_for_workflow, analysis)
    base = {"workflow": detail["id"], "scope": SCOPE}
    (tmp_path / "outside.txt").write_text("secret")
    for body, expected in [
        ({**base, "files": ["../outside.txt"]}, 400),
        ({**base, "files": ["/etc/passwd"]}, 400),
        ({**base, "files": ["no/such/file.txt"]}, 400),
        ({**base, "rse": "NO_SUCH_RSE"}, 400),
        ({**base, "workflow": "no-such-run.1"}, 404),
        ({**base, "dataset": "bad name!"}, 400),
        ({**base, "scope": "bad scope!"}, 400),
        ({**base, "server": "nowhere"}, 404),
    ]:
        status, answer = await workflows_api("POST", "rucio/sandbox/registrations", body)
        assert status == expected, (body, answer)
        assert answer["message"]


async def test_a_run_that_has_not_finished_is_refused(
    workflows_api, wait_for_job, analysis, jp_root_dir
):
    (analysis / "reana.yaml").write_text(
        (analysis / "reana.yaml").read_text().replace("mkdir -p results", "sleep 30")
    )
    status, job = await workflows_api(
        "POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}
    )
    job = await wait_for_job(job)
    workflow = job["result"]["workflow_id"]
    status, answer = await workflows_api(
        "POST", "rucio/sandbox/registrations", {"workflow": workflow, "scope": SCOPE}
    )
    assert (status, answer["reason"]) == (409, "run_not_finished"), answer
    await workflows_api("POST", f"reana/servers/local/workflows/{workflow}/stop")


def test_the_default_names_keep_to_what_rucio_accepts():
    from vre_lab.rucio.registration_request import rucio_name

    assert rucio_name("results/plot (1).png") == "results/plot__1_.png"
    assert rucio_name(".hidden") == "_.hidden"
    assert Path(rucio_name("a/b/c.txt")).parts == ("a", "b", "c.txt")


class _StopsAtFile:
    """A job context whose user cancels when the job reaches file `number`."""

    def __init__(self, number: int):
        self.number, self.cancelled = number, False

    def progress(self, fraction=None, message=None):
        if message and message.startswith(f"{self.number}/"):
            self.cancelled = True
            raise JobCancelled()

    def part(self, start, end):
        return self


async def test_a_job_stopped_between_files_leaves_no_dataset_that_looks_complete(
    workflows_api, wait_for_job, wait_for_workflow, analysis, vre_app, rucio_client
):
    (analysis / "reana.yaml").write_text(
        (analysis / "reana.yaml")
        .read_text()
        .replace("    - results/summary.txt", "    - results/summary.txt\n    - results/zz.txt")
        .replace(
            "> results/summary.txt", "> results/summary.txt\n          - echo z > results/zz.txt"
        )
    )
    detail = await finished_local_run(workflows_api, wait_for_job, wait_for_workflow, analysis)
    run = f"{detail['name']}.{detail['run_number']}"
    request = registration_request(
        vre_app.rucio, vre_app.workflows, "sandbox", {"workflow": detail["id"], "scope": SCOPE}
    )
    assert [o.path for o in request.outputs] == ["results/summary.txt", "results/zz.txt"]
    with pytest.raises(JobCancelled):
        await asyncio.to_thread(
            register_job, _StopsAtFile(2), vre_app.rucio, vre_app.workflows, request
        )
    rucio_client.get_did(SCOPE, f"{run}/results/summary.txt")  # the first one is in Rucio,
    with pytest.raises(DataIdentifierNotFound):
        rucio_client.get_did(SCOPE, run)  # but no dataset claims the run's outputs are there
    metadata = rucio_client.get_metadata(SCOPE, f"{run}/results/summary.txt")
    assert metadata["version"] is None  # nor does the file name the run yet

    # the retry finds the first file, uploads the second and completes the dataset
    await asyncio.to_thread(
        register_job, _StopsAtFile(0), vre_app.rucio, vre_app.workflows, request
    )
    assert len(list(rucio_client.list_files(SCOPE, run))) == 2
