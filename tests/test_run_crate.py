"""Every crate the project writes passes roc-validator with no REQUIRED issue: a run exported as
an RO-Crate is a Workflow Run Crate (0.5) that ro-crate-py reads back with the run's entities; an
export of plain files is an RO-Crate 1.1.

These machines have no internet: the RO-Crate 1.1 JSON-LD context the validator resolves comes from
the ro-crate-py 0.9.0 wheel on PyPI (the last release that ships the 1.1 context) and is put into
the validator's HTTP cache, which it then reads offline."""

import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest
import requests
from requests.adapters import BaseAdapter
from urllib3 import HTTPResponse

from tests.plugins.invenio import INV_TOKEN, with_inv_repository
from tests.plugins.workflows import export_crate, run_to_the_end
from tests.publish_examples import minimal_deposit
from vre_lab.sandbox.server_side.demo_catalog import DATASETS, adler32, event_csv

DATASET = DATASETS[0]
ONE_FILE = DATASET.file_names()[0]


@pytest.fixture
def jp_server_config(rucio_server_config):
    """The sandbox Rucio server describes the DIDs the run read."""
    return rucio_server_config


CONTEXT_URL = "https://w3id.org/ro/crate/1.1/context"
PROFILE = "workflow-run-crate-0.5"


class _Serve(BaseAdapter):
    """Answers every request with one JSON-LD document."""

    def __init__(self, document: bytes):
        super().__init__()
        self.document = document

    def send(self, request, **kwargs):
        response = requests.Response()
        response.status_code, response.url, response.request = 200, request.url, request
        response.headers["Content-Type"] = "application/ld+json"
        response.raw = HTTPResponse(
            body=io.BytesIO(self.document),
            status=200,
            headers=dict(response.headers),
            preload_content=False,
            request_url=request.url,
        )
        return response

    def close(self):
        pass


@pytest.fixture(scope="session")
def validator_cache(tmp_path_factory):
    """roc-validator's HTTP cache, holding the RO-Crate 1.1 context."""
    from requests_cache import CachedSession

    folder = tmp_path_factory.mktemp("roc-validator")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "rocrate==0.9.0"],
        cwd=folder,
        check=True,
        timeout=300,
    )
    (wheel,) = folder.glob("rocrate-0.9.0-*.whl")
    context = zipfile.ZipFile(wheel).read("rocrate/data/ro-crate.jsonld")
    assert json.loads(context)["@id"] == CONTEXT_URL
    cache = folder / "http"
    session = CachedSession(
        cache_name=str(cache), backend="sqlite", expire_after=-1, allowable_codes=(200,)
    )
    session.mount("https://w3id.org/", _Serve(context))
    assert len(session.get(CONTEXT_URL).content) == len(context)
    session.close()
    return cache


def validate(crate, cache, severity, profile=PROFILE):
    from rocrate_validator import services
    from rocrate_validator.models import Severity, ValidationSettings

    settings = ValidationSettings(
        rocrate_uri=str(crate),
        profile_identifier=profile,
        requirement_severity=getattr(Severity, severity),
        offline=True,
        cache_path=cache,
    )
    return services.validate(settings)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def export_run(workflows_api, wait_for_job, wait_for_workflow, jp_root_dir, tmp_path):
    """Run `analysis/reana.yaml` locally and export its workspace as an RO-Crate, unzipped."""
    attached = [{"did": DATASET.did, "variable": "events"}, {"did": f"demo:{ONE_FILE}"}]
    notebook = {"vre_lab": {"rucio": attached}}
    (jp_root_dir / "analysis" / "explore.ipynb").write_text(
        json.dumps({"cells": [], "metadata": notebook, "nbformat": 4, "nbformat_minor": 5})
    )
    body = {"path": "analysis/reana.yaml", "parameters": {"label": "X"}}
    detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
    folder = detail["workspace_path"]
    deposit = minimal_deposit("The analysis, run")
    zip_path = await export_crate(workflows_api, wait_for_job, [folder], deposit)
    crate = tmp_path / "crate"
    zipfile.ZipFile(jp_root_dir / zip_path).extractall(crate)
    return crate, jp_root_dir / folder


async def test_an_exported_run_is_a_workflow_run_crate_with_no_required_issue(
    workflows_api,
    wait_for_job,
    wait_for_workflow,
    analysis,
    jp_root_dir,
    tmp_path,
    validator_cache,
    capsys,
):
    crate, _ = await export_run(
        workflows_api, wait_for_job, wait_for_workflow, jp_root_dir, tmp_path
    )
    required = validate(crate, validator_cache, "REQUIRED")
    assert [issue.message for issue in required.issues] == []
    recommended = validate(crate, validator_cache, "RECOMMENDED")
    with capsys.disabled():
        print(f"\n{PROFILE}: 0 REQUIRED issues, {len(recommended.issues)} RECOMMENDED:")
        for issue in recommended.issues:
            print(f"  - {issue.message}")


async def test_ro_crate_py_reads_the_run_back_with_its_inputs_outputs_dids_and_parameters(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, tmp_path
):
    from rocrate.rocrate import ROCrate

    crate, workspace = await export_run(
        workflows_api, wait_for_job, wait_for_workflow, jp_root_dir, tmp_path
    )
    read = ROCrate(crate)
    workflow = read.mainEntity  # the chosen run folder's files are at the crate's root
    assert workflow.id == "reana.yaml"
    assert "ComputationalWorkflow" in workflow.type
    assert workflow["sha256"] == sha256(analysis / "reana.yaml")
    assert workflow["programmingLanguage"]["name"] == "REANA serial workflow"
    (action,) = [e for e in read.get_entities() if e.type == "CreateAction"]
    assert action["instrument"].id == workflow.id
    assert action["actionStatus"] == "http://schema.org/CompletedActionStatus"
    objects = {entity.id: entity for entity in action["object"]}
    for input_name in ("code/count.sh", "data/events.csv", "config/cuts.txt"):
        entity = objects[input_name]
        assert entity["sha256"] == sha256(analysis / input_name)
    dataset = objects[f"urn:rucio:{DATASET.did}"]
    did, checksum = dataset["identifier"]  # the DID and Rucio's checksum of its files
    assert did == DATASET.did
    assert (checksum["propertyID"], len(checksum["value"])) == ("files_sha256", 64)
    one_file = objects[f"urn:rucio:demo:{ONE_FILE}"]
    content = event_csv(DATASET, ONE_FILE)
    assert one_file["contentSize"] == str(len(content))
    checksums = {e["propertyID"]: e["value"] for e in one_file["identifier"][1:]}
    assert checksums["adler32"] == adler32(content)
    values = {e["name"]: e["value"] for e in objects.values() if e.type == "PropertyValue"}
    values = {k: v for k, v in values.items() if k in ("events", "label")}
    assert values == {"events": "data/events.csv", "label": "X"}
    result = action["result"]  # one output: a single value, as RO-Crate recommends
    assert result.id == "results/summary.txt"
    assert result["sha256"] == sha256(workspace / "results" / "summary.txt")


async def test_an_export_without_a_run_is_an_ro_crate_1_1_with_no_required_issue(
    workflows_api, wait_for_job, analysis, jp_root_dir, tmp_path, validator_cache
):
    deposit = minimal_deposit("Just files")
    zip_path = await export_crate(workflows_api, wait_for_job, ["analysis"], deposit)
    crate = tmp_path / "crate"
    zipfile.ZipFile(jp_root_dir / zip_path).extractall(crate)
    assert json.loads((crate / "ro-crate-metadata.json").read_text())["@context"] == CONTEXT_URL
    required = validate(crate, validator_cache, "REQUIRED", profile="ro-crate-1.1")
    assert [issue.message for issue in required.issues] == []


class TestPublishedToARepository:
    @pytest.fixture
    def jp_server_config(self, jp_server_config, inv_repository, tmp_path):
        return with_inv_repository(jp_server_config, inv_repository, tmp_path)

    async def test_a_published_run_carries_its_workflow_and_its_run_crate(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, inv_repository
    ):
        body = {"path": "analysis/reana.yaml"}
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        upload = {"paths": [detail["workspace_path"]], "deposit": minimal_deposit("A run")}
        status, job = await workflows_api("POST", "zenodo/repositories/inv/uploads", upload)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        draft = job["result"]["draft"]
        headers = {"Authorization": f"Bearer {INV_TOKEN}"}
        files = requests.get(
            f"{inv_repository.url}/api/records/{draft}/draft/files", headers=headers, timeout=10
        ).json()
        keys = {entry["key"] for entry in files["entries"]}
        assert {"reana.yaml", "provenance.json", "ro-crate-metadata.json"} <= keys
        assert "deposit.json" not in keys
        crate = requests.get(
            f"{inv_repository.url}/api/records/{draft}/draft/files/ro-crate-metadata.json/content",
            headers=headers,
            timeout=10,
        ).json()
        graph = {entity["@id"]: entity for entity in crate["@graph"]}
        assert graph["./"]["mainEntity"] == {"@id": "reana.yaml"}
        assert graph["reana.yaml"]["sha256"] == sha256(analysis / "reana.yaml")
