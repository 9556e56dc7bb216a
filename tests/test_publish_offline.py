"""With no repository configured, the Publish form exports an RO-Crate into the workspace: a zip
with the files, ro-crate-metadata.json carrying the same metadata, and the deposit itself."""

import json
import zipfile

from tests.test_publish_api import DEPOSIT


async def test_without_repositories_only_the_rocrate_export_is_offered(workflows_api):
    status, body = await workflows_api("GET", "zenodo/repositories")
    assert status == 200
    assert [r["name"] for r in body["repositories"]] == ["rocrate"]
    assert body["selected"] == "rocrate"
    _, status_body = await workflows_api("GET", "status")
    assert "RO-Crate" in status_body["services"]["publish"]["summary"]


async def test_export_writes_a_complete_crate_and_never_a_partial_one(
    workflows_api, wait_for_job, jp_root_dir
):
    folder = jp_root_dir / "analysis"
    folder.mkdir()
    (folder / "fit.py").write_text("print('fit')\n")
    (folder / "plot.png").write_bytes(b"\x89PNG" + b"0" * 5000)
    status, job = await workflows_api(
        "POST", "zenodo/repositories/rocrate/uploads", {"paths": ["analysis"], "deposit": DEPOSIT}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    path = jp_root_dir / job["result"]["path"]
    assert path.suffix == ".zip"
    assert path.parent.name == "ro-crates"
    assert not list(path.parent.glob("*.part"))
    with zipfile.ZipFile(path) as crate:
        names = set(crate.namelist())
        assert {"fit.py", "plot.png", "ro-crate-metadata.json"} <= names
        graph = json.loads(crate.read("ro-crate-metadata.json"))["@graph"]
    root = next(entity for entity in graph if entity["@id"] == "./")
    assert root["name"] == DEPOSIT["metadata"]["title"]
    assert "https://orcid.org/0000-0002-1825-0097" in json.dumps(graph)

    status, again = await workflows_api(
        "POST", "zenodo/repositories/rocrate/uploads", {"paths": ["analysis"], "deposit": DEPOSIT}
    )
    again = await wait_for_job(again)
    assert again["result"]["path"] != job["result"]["path"]  # never overwrites an export


async def test_records_of_the_rocrate_target_are_a_clear_400(workflows_api):
    status, error = await workflows_api("GET", "zenodo/repositories/rocrate/records")
    assert (status, error["reason"]) == (404, "not_supported")
