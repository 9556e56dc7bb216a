"""Making data available (replica and download mode) and uploading, as durable jobs, against the
real sandbox Rucio; a failed download leaves no file that looks complete and can be retried."""

import asyncio
import json
import uuid
from pathlib import Path

import pytest

from vre_lab.sandbox.server_side import demo_catalog as catalog

DOUBLE_ELECTRON = "demo:higgs4l-data-2012C-DoubleElectron"
TERMINAL = {"succeeded", "failed", "cancelled", "interrupted"}


@pytest.fixture
def jp_server_config(rucio_server_config):
    return rucio_server_config


@pytest.fixture
def wait_for_job(jp_fetch):
    async def wait(job: dict, timeout: float = 60) -> dict:
        for _ in range(int(timeout / 0.1)):
            response = await jp_fetch("vre-lab", "api", "jobs", job["id"])
            job = json.loads(response.body)
            if job["state"] in TERMINAL:
                return job
            await asyncio.sleep(0.1)
        raise AssertionError(f"job still {job['state']} after {timeout} s")

    return wait


async def test_download_mode_copies_every_file_and_returns_their_paths(
    rucio_api, wait_for_job, tmp_path
):
    status, _ = await rucio_api("GET", "sandbox/did/paths", did=DOUBLE_ELECTRON, mode="download")
    assert status == 409

    status, job = await rucio_api(
        "POST", "sandbox/make-available", {"did": DOUBLE_ELECTRON, "mode": "download"}
    )
    assert status == 202
    assert job["kind"] == "rucio.make_available"
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    paths = job["result"]["paths"]
    assert len(paths) == 3
    assert all(Path(p).is_relative_to(tmp_path / "downloads" / "demo") for p in paths)
    assert all(Path(p).read_bytes().startswith(catalog.CSV_HEADER.encode()) for p in paths)

    status, body = await rucio_api("GET", "sandbox/did/paths", did=DOUBLE_ELECTRON, mode="download")
    assert (status, body["paths"]) == (200, paths)


async def test_a_corrupted_local_copy_is_detected_and_fetched_again(rucio_api, wait_for_job):
    _, job = await rucio_api(
        "POST", "sandbox/make-available", {"did": DOUBLE_ELECTRON, "mode": "download"}
    )
    paths = (await wait_for_job(job))["result"]["paths"]
    damaged = Path(paths[0])
    good = damaged.read_bytes()
    damaged.write_bytes(b"\0" * len(good))  # right size, wrong content

    status, body = await rucio_api("GET", "sandbox/did/paths", did=DOUBLE_ELECTRON, mode="download")
    assert (status, body["reason"]) == (409, "not_available"), body
    _, job = await rucio_api(
        "POST", "sandbox/make-available", {"did": DOUBLE_ELECTRON, "mode": "download"}
    )
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    assert damaged.read_bytes() == good


async def test_replica_mode_creates_a_rule_on_the_destination_and_waits_for_it(
    rucio_api, wait_for_job, rucio_client
):
    did = catalog.USER_DATASET.did
    _, job = await rucio_api("POST", "sandbox/make-available", {"did": did, "mode": "replica"})
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    assert job["progress"] == 1.0
    (path,) = job["result"]["paths"]
    assert Path(path).is_file()
    _, detail = await rucio_api("GET", "sandbox/did", did=did)
    assert detail["availability"]["state"] == "available"


async def test_an_unknown_did_fails_the_job_with_a_clear_message(rucio_api, wait_for_job):
    _, job = await rucio_api("POST", "sandbox/make-available", {"did": "demo:no-such-dataset"})
    job = await wait_for_job(job)
    assert job["state"] == "failed"
    assert "no-such-dataset" in job["message"]


async def test_make_available_refuses_a_malformed_did_before_starting_a_job(rucio_api):
    status, body = await rucio_api("POST", "sandbox/make-available", {"did": "no scope here"})
    assert (status, body["reason"]) == (400, "bad_did")


async def test_make_available_refuses_a_mode_the_api_does_not_know_naming_the_field(rucio_api):
    status, body = await rucio_api(
        "POST", "sandbox/make-available", {"did": DOUBLE_ELECTRON, "mode": "teleport"}
    )
    assert (status, body["reason"]) == (400, "invalid_body")
    assert body["errors"][0]["field"] == "mode"
    assert body["message"].startswith("mode must be one of")


def _upload_file(root: Path, text: str) -> Path:
    path = root / "results" / f"histogram-{uuid.uuid4().hex[:8]}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


async def test_upload_registers_the_file_in_a_dataset_and_search_finds_it(
    rucio_api, wait_for_job, jp_root_dir
):
    local = _upload_file(jp_root_dir, "mass,count\n125,7\n")
    dataset = f"user.root:uploads-{uuid.uuid4().hex[:8]}"
    status, job = await rucio_api(
        "POST",
        "sandbox/upload",
        {
            "path": str(local.relative_to(jp_root_dir)),
            "rse": catalog.RSE,
            "scope": "user.root",
            "dataset": dataset,
            "lifetime": 86400,
        },
    )
    assert status == 202
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    _, found = await rucio_api("GET", "sandbox/dids", query=f"user.root:{local.name}", type="file")
    assert [item["did"] for item in found["items"]] == [f"user.root:{local.name}"]
    _, files = await rucio_api("GET", "sandbox/did/files", did=dataset)
    assert [item["name"] for item in files["items"]] == [local.name]


async def test_upload_refuses_a_path_outside_the_server_root(rucio_api, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    status, _ = await rucio_api(
        "POST",
        "sandbox/upload",
        {"path": "../secret.txt", "rse": catalog.RSE, "scope": "user.root"},
    )
    assert status == 403


@pytest.mark.parametrize(
    "body",
    [
        {"rse": "SANDBOX_DISK", "scope": "user.root"},
        {"path": "missing.csv", "rse": "SANDBOX_DISK", "scope": "user.root"},
        {"path": "data.csv", "scope": "user.root"},
        {"path": "data.csv", "rse": "SANDBOX_DISK", "scope": "bad scope!"},
        {"path": "data.csv", "rse": "SANDBOX_DISK", "scope": "user.root", "lifetime": -5},
    ],
)
async def test_upload_refuses_incomplete_or_invalid_requests_with_a_400(
    rucio_api, jp_root_dir, body
):
    (jp_root_dir / "data.csv").write_text("a\n")
    status, answer = await rucio_api("POST", "sandbox/upload", body)
    assert status == 400, answer
    assert answer["message"]


async def test_a_failed_download_leaves_no_complete_looking_file_and_can_be_retried(
    rucio_api, wait_for_job, jp_root_dir, rucio_client, tmp_path
):
    local = _upload_file(jp_root_dir, "event,mass\n1,124.9\n")
    _, job = await rucio_api(
        "POST",
        "sandbox/upload",
        {"path": str(local.relative_to(jp_root_dir)), "rse": catalog.RSE, "scope": "user.root"},
    )
    assert (await wait_for_job(job))["state"] == "succeeded"
    did = f"user.root:{local.name}"
    (replica,) = rucio_client.list_replicas(
        [{"scope": "user.root", "name": local.name}], sort="random"
    )
    stored = Path(next(iter(replica["pfns"])).removeprefix("file://"))
    original = stored.read_bytes()
    stored.write_bytes(original[:-3] + b"XYZ")  # the storage now holds a corrupt copy

    _, job = await rucio_api("POST", "sandbox/make-available", {"did": did, "mode": "download"})
    job = await wait_for_job(job)
    assert job["state"] == "failed"
    target = tmp_path / "downloads" / "user.root" / local.name
    assert not target.exists()
    assert not list(target.parent.glob("*.part")) if target.parent.exists() else True

    stored.write_bytes(original)
    _, job = await rucio_api("POST", "sandbox/make-available", {"did": did, "mode": "download"})
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    assert target.read_bytes() == original
