# Long on purpose: one slice's REST API end to end against its strict double, every test under
# the one server configuration (jp_server_config below) that points the lab at the double.
"""The Publish REST API against the strict InvenioRDM double: tokens stay on the server, an upload
is one durable job that makes exactly one draft and can be resumed or discarded, nothing is
published until asked, and publishing gives a DOI, a badge and (when asked) a CITATION.cff.

The repository's token is the canary secret, so any place it leaks to (an answer, a log line)
fails the test; the double fails the test on any request a careful client would never send."""

import hashlib
import json
import stat

import pytest
import yaml

from tests.publish_examples import creator, jane_doe

ZENODO = "zenodo/repositories/zenodo"
USER = {"id": "7", "username": "jdoe", "full_name": "Jane Doe", "email": "jane@example.org"}
DEPOSIT = {
    "metadata": {
        "resource_type": {"id": "dataset"},
        "title": "Higgs to four leptons",
        "publication_date": "2026-11-22",
        "creators": [creator(jane_doe(), "CERN")],
        "description": "Invariant mass of four-lepton events.",
        "rights": [{"id": "cc-by-4.0"}],
        "subjects": [{"subject": "higgs"}],
    },
    "access": {"record": "public", "files": "public"},
}


@pytest.fixture
def repository(invenio_double_factory, canary):
    return invenio_double_factory(tokens={canary.value: USER}, flavour="zenodo")


@pytest.fixture
def jp_server_config(jp_server_config, repository, canary):
    jp_server_config["VRELab"].update(
        publish_repositories=[
            # the token comes from ZENODO_ACCESS_TOKEN, which the canary fixture sets
            {
                "name": "zenodo",
                "url": repository.url,
                "kind": "zenodo",
                "access_token_env": "ZENODO_ACCESS_TOKEN",
            },
            {"name": "typed", "url": repository.url, "display_name": "Needs a token"},
        ],
        backend_timeout=3.0,
    )
    return canary.plant(jp_server_config)


@pytest.fixture
def results(jp_root_dir):
    """`results/` with a figure, a table and a hidden file that is not published."""
    folder = jp_root_dir / "results"
    (folder / "tables").mkdir(parents=True)
    (folder / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "tables" / "mass.csv").write_text("mass,count\n125,42\n")
    (folder / ".secret-notes").write_text("not for publishing")
    return folder


async def upload(workflows_api, wait_for_job, body: dict, repository: str = ZENODO) -> dict:
    status, job = await workflows_api("POST", f"{repository}/uploads", body)
    assert status == 202, job
    return await wait_for_job(job)


def creates(double) -> int:
    return double.count("create_draft")


async def test_repositories_say_where_each_token_comes_from_and_rocrate_is_always_last(
    workflows_api,
):
    status, body = await workflows_api("GET", "zenodo/repositories")
    assert status == 200
    names = [r["name"] for r in body["repositories"]]
    assert names == ["zenodo", "typed", "zenodo-sandbox", "rocrate"]  # configured, env, crate
    by_name = {r["name"]: r for r in body["repositories"]}
    for name in ("zenodo", "zenodo-sandbox"):  # ZENODO_ACCESS_TOKEN, ZENODO_SANDBOX_ACCESS_TOKEN
        assert by_name[name]["token"] == "env"
        assert by_name[name]["kind"] == "zenodo"
    assert by_name["typed"]["kind"] == "invenio"
    assert by_name["typed"]["token"] is None
    assert body["selected"] == "zenodo"
    status, who = await workflows_api("GET", f"{ZENODO}/whoami")
    assert status == 200, who
    assert who["repository"] == "zenodo"


async def test_a_typed_token_is_checked_kept_private_and_never_sent_back(
    workflows_api, repository, vre_app
):
    status, error = await workflows_api("GET", "zenodo/repositories/typed/whoami")
    assert (status, error["reason"]) == (403, "credentials_missing")
    status, error = await workflows_api(
        "PUT", "zenodo/repositories/typed/token", {"token": "not-the-token"}
    )
    assert (status, error["reason"]) == (403, "credentials_rejected")
    assert not vre_app.publish.settings.tokens_path.exists()

    token = repository.token
    status, who = await workflows_api("PUT", "zenodo/repositories/typed/token", {"token": token})
    assert status == 200, who
    path = vre_app.publish.settings.tokens_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    _, body = await workflows_api("GET", "zenodo/repositories")
    assert body["repositories"][1]["token"] == "user"
    status, _ = await workflows_api("DELETE", "zenodo/repositories/typed/token")
    assert status == 204
    status, error = await workflows_api("GET", "zenodo/repositories/typed/whoami")
    assert (status, error["reason"]) == (403, "credentials_missing")


async def test_validation_names_every_field_the_repository_would_refuse(workflows_api):
    bad = {
        "metadata": {
            **DEPOSIT["metadata"],
            "title": " ",
            "creators": [creator(jane_doe(orcid="0000-0002-1825-0098"))],
            "description": "",
        },
        "access": DEPOSIT["access"],
    }
    status, verdict = await workflows_api(
        "POST", "zenodo/metadata/validate", {"deposit": bad, "repository": "zenodo"}
    )
    assert status == 200
    assert not verdict["valid"]
    fields = {error["field"] for error in verdict["errors"]}
    assert "metadata.title" in fields
    assert "metadata.creators.0.person_or_org.identifiers.0.identifier" in fields
    assert "metadata.description" in fields  # Zenodo wants one

    status, verdict = await workflows_api(
        "POST", "zenodo/metadata/validate", {"deposit": DEPOSIT, "repository": "zenodo"}
    )
    assert (status, verdict["valid"]) == (200, True), verdict


async def test_the_form_is_prefilled_from_citation_cff_in_the_chosen_folder(workflows_api, results):
    (results / "CITATION.cff").write_text(
        yaml.safe_dump(
            {
                "cff-version": "1.2.0",
                "message": "Cite me",
                "title": "Four-lepton mass fit",
                "authors": [{"given-names": "Ada", "family-names": "Lovelace"}],
                "license": "MIT",
            }
        )
    )
    status, body = await workflows_api("POST", "zenodo/metadata/prefill", {"paths": ["results"]})
    assert status == 200, body
    metadata = body["deposit"]["metadata"]
    assert metadata["title"] == "Four-lepton mass fit"
    assert metadata["creators"][0]["person_or_org"]["family_name"] == "Lovelace"
    assert any("CITATION.cff" in source for source in body["sources"])


async def test_the_datasets_a_chosen_notebook_imported_prefill_the_related_identifiers(
    workflows_api, results
):
    attached = [
        {"variable": "events", "did": "demo:higgs4l-data-2012B-DoubleMuon", "mode": "replica"},
        {"variable": "signal", "did": "demo:higgs4l-mc-ggH125-ZZ4l", "mode": "download"},
    ]
    notebook = {"cells": [], "metadata": {"vre_lab": {"rucio": attached}}, "nbformat": 4}
    (results / "analysis.ipynb").write_text(json.dumps(notebook))

    status, body = await workflows_api("POST", "zenodo/metadata/prefill", {"paths": ["results"]})

    assert status == 200, body
    related = body["deposit"]["metadata"]["related_identifiers"]
    assert [item["identifier"] for item in related] == [
        "urn:rucio:demo:higgs4l-data-2012B-DoubleMuon",
        "urn:rucio:demo:higgs4l-mc-ggH125-ZZ4l",
    ]
    assert related[0]["scheme"] == "urn"
    assert related[0]["relation_type"] == {"id": "isderivedfrom"}
    assert "results/analysis.ipynb" in body["sources"]
    status, verdict = await workflows_api(
        "POST",
        "zenodo/metadata/validate",
        {
            "deposit": {
                **DEPOSIT,
                "metadata": {**DEPOSIT["metadata"], "related_identifiers": related},
            }
        },
    )
    assert (status, verdict["valid"]) == (200, True), verdict


async def test_upload_makes_one_draft_with_every_file_and_publishes_only_when_asked(
    workflows_api, wait_for_job, results, repository, jp_root_dir
):
    job = await upload(workflows_api, wait_for_job, {"paths": ["results"], "deposit": DEPOSIT})
    assert job["state"] == "succeeded", job["message"]
    draft = job["result"]["draft"]
    assert job["result"]["files"] == 2  # the figure and the table, not the hidden file
    assert creates(repository) == 1

    status, detail = await workflows_api("GET", f"{ZENODO}/records/{draft}", draft="true")
    assert status == 200, detail
    assert detail["status"] == "draft"
    assert detail["doi_url"] is None
    keys = {f["key"]: f for f in detail["files"]}
    assert set(keys) == {"plot.png", "tables/mass.csv"}  # below the chosen folder
    png = (results / "plot.png").read_bytes()
    md5 = hashlib.md5(png, usedforsecurity=False).hexdigest()
    assert keys["plot.png"]["checksum"] == f"md5:{md5}"

    _, mine = await workflows_api("GET", f"{ZENODO}/records")
    assert [(hit["id"], hit["status"]) for hit in mine["hits"]] == [(draft, "draft")]

    status, published = await workflows_api(
        "POST", f"{ZENODO}/records/{draft}/publish", {"citation_folder": "results"}
    )
    assert status == 200, published
    assert published["status"] == "published"
    assert published["doi"]
    assert published["doi_url"] == f"https://doi.org/{published['doi']}"
    assert published["doi"] in published["badge"]["markdown"]
    citation = yaml.safe_load((jp_root_dir / published["citation_path"]).read_text())
    assert citation["doi"] == published["doi"]
    assert citation["title"] == DEPOSIT["metadata"]["title"]


async def test_an_invalid_deposit_is_refused_before_any_draft_is_made(
    workflows_api, results, repository
):
    deposit = {**DEPOSIT, "metadata": {**DEPOSIT["metadata"], "creators": []}}
    status, error = await workflows_api(
        "POST", f"{ZENODO}/uploads", {"paths": ["results"], "deposit": deposit}
    )
    assert (status, error["reason"]) == (422, "invalid_metadata")
    assert any(e["field"] == "metadata.creators" for e in error["errors"])
    assert creates(repository) == 0


@pytest.mark.parametrize("path", ["../outside", "/etc", "missing-folder"])
async def test_upload_paths_stay_inside_the_server_root(workflows_api, path, repository):
    status, error = await workflows_api(
        "POST", f"{ZENODO}/uploads", {"paths": [path], "deposit": DEPOSIT}
    )
    assert status in (400, 403, 404), error
    assert creates(repository) == 0


async def test_a_lost_connection_mid_upload_keeps_the_draft_and_resume_finishes_it(
    workflows_api, wait_for_job, results, repository
):
    repository.faults.set("down_mid_upload", after_bytes=1000, times=1)
    job = await upload(workflows_api, wait_for_job, {"paths": ["results"], "deposit": DEPOSIT})
    assert job["state"] == "failed"
    assert "repository" in job["message"].lower()
    draft = job["result"]["draft"]

    status, resumed = await workflows_api("POST", f"zenodo/uploads/{job['id']}/resume")
    assert status == 202, resumed
    resumed = await wait_for_job(resumed)
    assert resumed["state"] == "succeeded", resumed["message"]
    assert resumed["result"]["draft"] == draft
    assert creates(repository) == 1  # no second draft from the retry
    _, detail = await workflows_api("GET", f"{ZENODO}/records/{draft}", draft="true")
    assert {f["status"] for f in detail["files"]} == {"completed"}
    assert len(detail["files"]) == 2


async def test_an_upload_cut_by_a_lab_restart_is_listed_and_resumes_into_its_draft(
    workflows_api, wait_for_job, results, repository, vre_app
):
    repository.faults.set("down_mid_upload", after_bytes=1000, times=1)
    job = await upload(workflows_api, wait_for_job, {"paths": ["results"], "deposit": DEPOSIT})
    draft = job["result"]["draft"]
    # what the job store makes of an upload that was running when the server stopped
    vre_app.jobs.update(job["id"], state="interrupted")

    status, unfinished = await workflows_api("GET", "jobs", kind="zenodo-upload")
    assert status == 200
    assert [(j["id"], j["state"]) for j in unfinished["jobs"]] == [(job["id"], "interrupted")]

    status, resumed = await workflows_api("POST", f"zenodo/uploads/{job['id']}/resume")
    assert status == 202, resumed
    resumed = await wait_for_job(resumed)
    assert resumed["state"] == "succeeded", resumed["message"]
    assert resumed["result"]["draft"] == draft
    assert resumed["params"]["resumed_from"] == job["id"]
    assert creates(repository) == 1


@pytest.mark.parametrize(
    ("status_code", "expected"),
    [(401, "refused the access token"), (413, "too large"), (500, "failed (500)")],
)
async def test_a_refusing_repository_fails_the_upload_clearly_and_keeps_the_draft(
    workflows_api, wait_for_job, results, repository, status_code, expected
):
    repository.faults.set("status", status=status_code, operations=["upload_content"], times=1)
    job = await upload(workflows_api, wait_for_job, {"paths": ["results"], "deposit": DEPOSIT})
    assert job["state"] == "failed"
    assert expected in job["message"]
    assert job["result"]["draft"]
    assert creates(repository) == 1


async def test_discarding_an_unfinished_upload_discards_its_draft(
    workflows_api, wait_for_job, results, repository
):
    repository.faults.set("status", status=500, operations=["commit_file"], times=1)
    job = await upload(workflows_api, wait_for_job, {"paths": ["results"], "deposit": DEPOSIT})
    assert job["state"] == "failed"
    draft = job["result"]["draft"]
    status, _ = await workflows_api("POST", f"zenodo/uploads/{job['id']}/discard")
    assert status == 204
    status, _ = await workflows_api("GET", f"{ZENODO}/records/{draft}", draft="true")
    assert status == 404
    status, _ = await workflows_api("GET", f"jobs/{job['id']}")
    assert status == 404


async def publish_results(workflows_api, wait_for_job) -> dict:
    job = await upload(workflows_api, wait_for_job, {"paths": ["results"], "deposit": DEPOSIT})
    assert job["state"] == "succeeded", job["message"]
    status, published = await workflows_api(
        "POST", f"{ZENODO}/records/{job['result']['draft']}/publish"
    )
    assert status == 200, published
    return published


async def test_a_new_version_keeps_the_old_files_replaces_changed_ones_and_gets_its_own_doi(
    workflows_api, wait_for_job, results
):
    first = await publish_results(workflows_api, wait_for_job)
    (results / "tables" / "mass.csv").write_text("mass,count\n125,43\n")
    job = await upload(
        workflows_api,
        wait_for_job,
        {
            "paths": ["results/tables/mass.csv"],
            "deposit": {**DEPOSIT, "metadata": {**DEPOSIT["metadata"], "version": "v2"}},
            "new_version_of": first["id"],
            "keep_files": True,
        },
    )
    assert job["state"] == "succeeded", job["message"]
    draft = job["result"]["draft"]
    assert draft != first["id"]
    _, detail = await workflows_api("GET", f"{ZENODO}/records/{draft}", draft="true")
    keys = {f["key"] for f in detail["files"]}
    assert "plot.png" in keys  # kept from the first version
    status, second = await workflows_api("POST", f"{ZENODO}/records/{draft}/publish")
    assert status == 200, second
    assert second["doi"] != first["doi"]
    assert second["version"] == "v2"


async def test_published_records_can_be_searched_and_their_files_downloaded(
    workflows_api, wait_for_job, results, jp_root_dir
):
    published = await publish_results(workflows_api, wait_for_job)
    status, found = await workflows_api("GET", f"{ZENODO}/search", q="leptons")
    assert status == 200, found
    assert published["id"] in [hit["id"] for hit in found["hits"]]
    status, communities = await workflows_api("GET", f"{ZENODO}/communities")
    assert status == 200, communities

    status, job = await workflows_api(
        "POST", f"{ZENODO}/records/{published['id']}/download", {"files": ["plot.png"]}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    [path] = job["result"]["files"]
    assert (jp_root_dir / path).read_bytes() == (results / "plot.png").read_bytes()
    assert not list((jp_root_dir / path).parent.glob(".*.part"))

    status, error = await workflows_api(
        "POST",
        f"{ZENODO}/records/{published['id']}/download",
        {"destination": "../elsewhere"},
    )
    assert status in (400, 403), error


async def test_a_repository_that_is_down_gets_a_clear_502(workflows_api, repository):
    repository.stop()
    status, error = await workflows_api("GET", f"{ZENODO}/records")
    assert status == 502
    assert "reach" in error["message"].lower()


async def test_four_downloads_into_one_folder_at_once_all_succeed(
    workflows_api, wait_for_job, results, jp_root_dir
):
    published = await publish_results(workflows_api, wait_for_job)
    url = f"{ZENODO}/records/{published['id']}/download"
    started = [
        await workflows_api("POST", url, {"files": ["plot.png"], "destination": "same"})
        for _ in range(4)
    ]
    assert [status for status, _ in started] == [202] * 4, started
    jobs = [await wait_for_job(job) for _, job in started]
    assert [job["state"] for job in jobs] == ["succeeded"] * 4, [j["message"] for j in jobs]
    assert (jp_root_dir / "same" / "plot.png").read_bytes() == (results / "plot.png").read_bytes()
    assert sorted(p.name for p in (jp_root_dir / "same").iterdir()) == ["plot.png"]


async def test_a_planted_temporary_link_is_never_written_through(
    workflows_api, wait_for_job, results, jp_root_dir, tmp_path_factory
):
    published = await publish_results(workflows_api, wait_for_job)
    outside = tmp_path_factory.mktemp("outside") / "victim"
    outside.write_text("untouched")
    (jp_root_dir / "planted").mkdir()
    for name in (".plot.png.part", ".plot.png.tmp", ".plot.png.1.part"):
        (jp_root_dir / "planted" / name).symlink_to(outside)
    url = f"{ZENODO}/records/{published['id']}/download"
    status, job = await workflows_api(
        "POST", url, {"files": ["plot.png"], "destination": "planted"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    assert outside.read_text() == "untouched"
    final = jp_root_dir / "planted" / "plot.png"
    assert not final.is_symlink()
    assert final.read_bytes() == (results / "plot.png").read_bytes()


async def test_a_final_name_that_is_a_link_out_of_the_root_is_refused_before_any_job(
    workflows_api, wait_for_job, results, jp_root_dir, tmp_path_factory
):
    published = await publish_results(workflows_api, wait_for_job)
    outside = tmp_path_factory.mktemp("outside") / "victim"
    outside.write_text("untouched")
    (jp_root_dir / "linked").mkdir()
    (jp_root_dir / "linked" / "plot.png").symlink_to(outside)
    url = f"{ZENODO}/records/{published['id']}/download"
    status, job = await workflows_api("POST", url, {"files": ["plot.png"], "destination": "linked"})
    assert status == 403, job
    assert "outside" in job["message"]
    assert outside.read_text() == "untouched"


async def test_prefill_never_reads_a_citation_file_that_links_out_of_the_root(
    workflows_api, results, tmp_path_factory
):
    secret = tmp_path_factory.mktemp("outside") / "CITATION.cff"
    secret.write_text("cff-version: 1.2.0\nmessage: x\ntitle: SECRET-TITLE\n")
    (results / "CITATION.cff").symlink_to(secret)
    codemeta = secret.with_name("codemeta.json")
    codemeta.write_text(json.dumps({"name": "SECRET-NAME"}))
    (results / "codemeta.json").symlink_to(codemeta)
    status, body = await workflows_api("POST", "zenodo/metadata/prefill", {"paths": ["results"]})
    assert status == 200, body
    assert "SECRET" not in json.dumps(body)
    assert body["sources"] == []


@pytest.mark.parametrize("destination", ["../x.zip", "/tmp/x.zip", "results/plot.png/x.zip"])
async def test_a_crate_destination_that_cannot_be_written_is_refused_before_any_job(
    workflows_api, results, destination
):
    body = {"deposit": DEPOSIT, "paths": ["results"], "destination": destination}
    status, error = await workflows_api("POST", "zenodo/repositories/rocrate/uploads", body)
    assert status in (400, 403), error
    assert any(word in error["message"] for word in ("outside", "Absolute", "not a folder")), error
