"""Reproduce a run from its RO-Crate: the crate's files are checked against what the run
recorded, the workflow runs again with the recorded parameters, and the report says per output
whether it is the same, differs (with a diff for text), is missing or is new."""

import json
import zipfile

import pytest

from tests.plugins.invenio import with_inv_repository
from tests.plugins.reana import with_reana_server
from tests.plugins.workflows import REANA_YAML, export_crate, run_to_the_end
from tests.publish_examples import minimal_deposit
from vre_lab.sandbox.server_side.demo_catalog import DATASETS

DATASET = DATASETS[0]

STAMPED = REANA_YAML.replace(
    "          - bash code/count.sh ${events} ${label} > results/summary.txt\n",
    "          - bash code/count.sh ${events} ${label} > results/summary.txt\n"
    "          - date +%s%N > results/stamp.txt\n"
    "          - head -c 64 /dev/urandom > results/plot.png\n",
).replace(
    "    - results/summary.txt\n",
    "    - results/summary.txt\n    - results/stamp.txt\n    - results/plot.png\n",
)


async def crate_of_a_run(workflows_api, wait_for_job, wait_for_workflow, parameters=None) -> str:
    """Run analysis/reana.yaml locally, export its workspace as an RO-Crate zip; the zip's path."""
    body = {"path": "analysis/reana.yaml", "parameters": parameters or {}}
    detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
    deposit = minimal_deposit("A run to redo")
    return await export_crate(workflows_api, wait_for_job, [detail["workspace_path"]], deposit)


async def reproduce(workflows_api, wait_for_job, source: str) -> dict:
    status, job = await workflows_api("POST", "reana/reproductions", {"source": source})
    assert status == 202, job
    assert job["kind"] == "reproduction"
    return await wait_for_job(job, timeout=120)


async def test_reproducing_a_crate_reruns_it_and_reports_every_output_the_same(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    zip_path = await crate_of_a_run(workflows_api, wait_for_job, wait_for_workflow, {"label": "X"})
    job = await reproduce(workflows_api, wait_for_job, zip_path)
    assert job["state"] == "succeeded", job["message"]
    result = job["result"]
    assert result["reproduced"] is True
    assert result["summary"] == {"same": 1, "differs": 0, "missing": 0, "new": 0}
    assert result["inputs_checked"] == 3
    assert result["run"]["status"] == "finished"
    assert result["run"]["name"] == "analysis"  # a new run, analysis.2
    new_summary = jp_root_dir / result["run"]["workspace_path"] / "results" / "summary.txt"
    assert new_summary.read_text().startswith("X: 3 lines")  # the recorded parameter was used
    folder = jp_root_dir / result["folder"]
    assert folder.parent.name == "reproductions"
    assert json.loads((folder / "reproduction.json").read_text())["summary"]["same"] == 1
    assert "All outputs are the same." in (folder / "reproduction.md").read_text()


async def test_an_output_that_changes_is_reported_with_a_diff_or_both_images(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    (analysis / "reana.yaml").write_text(STAMPED)
    zip_path = await crate_of_a_run(workflows_api, wait_for_job, wait_for_workflow)
    job = await reproduce(workflows_api, wait_for_job, zip_path)
    assert job["state"] == "succeeded", job["message"]
    verdicts = {v["path"]: v for v in job["result"]["outputs"]}
    assert verdicts["results/summary.txt"]["verdict"] == "same"
    stamp = verdicts["results/stamp.txt"]
    assert stamp["verdict"] == "differs"
    assert stamp["recorded"]["sha256"] != stamp["reproduced"]["sha256"]
    assert any(line.startswith("+") and line[1:].strip().isdigit() for line in stamp["diff"])
    assert job["result"]["reproduced"] is False
    plot = verdicts["results/plot.png"]
    assert plot["verdict"] == "differs"
    assert "diff" not in plot
    recorded, reproduced = plot["images"]["recorded"], plot["images"]["reproduced"]
    assert recorded.startswith("reproductions/")
    assert reproduced.startswith("reana-runs/")
    report = (jp_root_dir / job["result"]["report"]).read_text()
    # both images side by side, linked relative to the report
    assert "| ![recorded](results/plot.png) | ![reproduced](../../reana-runs/" in report


async def test_a_tampered_input_stops_the_reproduction_before_anything_runs(
    workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
):
    zip_path = await crate_of_a_run(workflows_api, wait_for_job, wait_for_workflow)
    folder = jp_root_dir / "tampered"
    zipfile.ZipFile(jp_root_dir / zip_path).extractall(folder)
    (folder / "data" / "events.csv").write_text("a\nb\nc\nd\n")
    runs_before = sorted((jp_root_dir / "reana-runs").iterdir())
    job = await reproduce(workflows_api, wait_for_job, "tampered")
    assert job["state"] == "failed"
    assert "data/events.csv" in job["message"]
    assert "differs from the crate's record" in job["message"]
    assert sorted((jp_root_dir / "reana-runs").iterdir()) == runs_before


async def test_a_crate_without_a_run_or_a_path_that_is_no_crate_is_refused_at_once(
    workflows_api, analysis
):
    (analysis / "ro-crate-metadata.json").write_text("{}")
    for source, status, words in [
        ("analysis", 400, "records no run"),
        ("analysis/reana.yaml", 400, "neither an RO-Crate zip"),
        ("missing.zip", 404, "No file"),
    ]:
        answer, error = await workflows_api("POST", "reana/reproductions", {"source": source})
        assert (answer, words in error["message"]) == (status, True), (source, error)


async def test_a_zip_whose_member_leads_out_of_the_root_writes_nothing_outside(
    workflows_api, wait_for_job, jp_root_dir, tmp_path
):
    with zipfile.ZipFile(jp_root_dir / "evil.zip", "w") as crate:
        crate.writestr("ro-crate-metadata.json", "{}")
        crate.writestr("../../escaped.txt", "outside")
    job = await reproduce(workflows_api, wait_for_job, "evil.zip")
    assert job["state"] == "failed"
    assert "leads out of it" in job["message"]
    assert not list(tmp_path.rglob("escaped.txt"))  # neither in the root nor beside it


class TestFromAPublishedRecord:
    @pytest.fixture
    def jp_server_config(self, jp_server_config, inv_repository, tmp_path):
        return with_inv_repository(jp_server_config, inv_repository, tmp_path)

    async def publish(self, workflows_api, wait_for_job, paths: list[str]) -> str:
        deposit = minimal_deposit("A published run")
        return await self.publish_deposit(workflows_api, wait_for_job, paths, deposit)

    async def publish_deposit(self, workflows_api, wait_for_job, paths, deposit) -> str:
        body = {"paths": paths, "deposit": deposit}
        status, job = await workflows_api("POST", "zenodo/repositories/inv/uploads", body)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        route = f"zenodo/repositories/inv/records/{job['result']['draft']}/publish"
        status, published = await workflows_api("POST", route)
        assert status == 200, published
        return published["id"]

    async def test_a_published_run_is_fetched_rerun_and_found_the_same(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
    ):
        body = {"path": "analysis/reana.yaml"}
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        record = await self.publish(workflows_api, wait_for_job, [detail["workspace_path"]])
        request = {"record": {"repository": "inv", "id": record}}
        status, job = await workflows_api("POST", "reana/reproductions", request)
        assert status == 202, job
        job = await wait_for_job(job, timeout=120)
        assert job["state"] == "succeeded", job["message"]
        assert job["result"]["reproduced"] is True
        folder = jp_root_dir / job["result"]["folder"]
        assert (folder / "provenance.json").is_file()  # the record's files were fetched
        assert (folder / "reproduction.md").is_file()

    async def test_the_reproduction_is_published_as_a_record_that_supplements_the_original(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
    ):
        body = {"path": "analysis/reana.yaml"}
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        record = await self.publish(workflows_api, wait_for_job, [detail["workspace_path"]])
        _, published = await workflows_api("GET", f"zenodo/repositories/inv/records/{record}")
        request = {"record": {"repository": "inv", "id": record}}
        _, job = await workflows_api("POST", "reana/reproductions", request)
        result = (await wait_for_job(job, timeout=120))["result"]
        assert result["original"]["doi"] == published["doi"]

        route = "zenodo/metadata/prefill"
        status, prefill = await workflows_api("POST", route, {"paths": [result["folder"]]})
        assert status == 200, prefill
        described = prefill["deposit"]["metadata"]
        assert described["title"] == "Reproduction of A published run"
        assert "Every recorded output was reproduced" in described["description"]
        assert described["related_identifiers"][0] == {
            "identifier": published["doi"],
            "scheme": "doi",
            "relation_type": {"id": "issupplementto"},
        }
        assert f"{result['folder']}/reproduction.json" in prefill["sources"]
        deposit = {**prefill["deposit"], **minimal_deposit("x")}
        deposit["metadata"] = {**minimal_deposit("x")["metadata"], **described}
        again = await self.publish_deposit(workflows_api, wait_for_job, [result["folder"]], deposit)
        _, own = await workflows_api("GET", f"zenodo/repositories/inv/records/{again}")
        related = own["deposit"]["metadata"]["related_identifiers"]
        assert {"identifier": published["doi"], "scheme": "doi"}.items() <= related[0].items()

    async def test_a_record_without_a_run_record_is_fetched_and_says_it_cannot_compare(
        self, workflows_api, wait_for_job, analysis, jp_root_dir
    ):
        record = await self.publish(workflows_api, wait_for_job, ["analysis"])
        request = {"record": {"repository": "inv", "id": record}}
        status, job = await workflows_api("POST", "reana/reproductions", request)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        result = job["result"]
        assert (result["comparable"], result["reproduced"]) == (False, False)
        assert "nothing recorded its outputs" in result["message"]
        assert result["reana_yaml"].endswith("/reana.yaml")
        assert (jp_root_dir / result["folder"] / "reana.yaml").is_file()

    async def test_an_unknown_repository_or_record_is_a_404_before_any_job(self, workflows_api):
        for record in ({"repository": "nowhere", "id": "1"}, {"repository": "inv", "id": "9"}):
            status, error = await workflows_api("POST", "reana/reproductions", {"record": record})
            assert status == 404, error


class TestWithRucioData:
    """The DIDs the original run read are checked against the sandbox Rucio server and made
    available before anything runs again."""

    @pytest.fixture
    def jp_server_config(self, rucio_server_config):
        return rucio_server_config

    async def crate_folder_reading(self, workflows_api, wait_for_job, wait_for_workflow, root):
        """A run whose notebook imported a demo dataset, exported and unpacked as `crate/`."""
        attached = {"vre_lab": {"rucio": [{"did": DATASET.did, "instance": "sandbox"}]}}
        notebook = {"cells": [], "metadata": attached, "nbformat": 4, "nbformat_minor": 5}
        (root / "analysis" / "explore.ipynb").write_text(json.dumps(notebook))
        zip_path = await crate_of_a_run(workflows_api, wait_for_job, wait_for_workflow)
        zipfile.ZipFile(root / zip_path).extractall(root / "crate")
        return root / "crate"

    async def test_the_data_read_is_found_unchanged_made_available_and_the_run_redone(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir
    ):
        await self.crate_folder_reading(workflows_api, wait_for_job, wait_for_workflow, jp_root_dir)
        job = await reproduce(workflows_api, wait_for_job, "crate")
        assert job["state"] == "succeeded", job["message"]
        result = job["result"]
        assert (result["ran"], result["reproduced"]) == (True, True)
        (data,) = result["dids"]
        assert (data["did"], data["verdict"], data["instance"]) == (DATASET.did, "same", "sandbox")
        assert data["available"]["files"] == DATASET.files
        assert data["now"]["files_sha256"] == data["recorded"]["files_sha256"]
        report = (jp_root_dir / result["report"]).read_text()
        assert f"| `{DATASET.did}` | same, made available ({DATASET.files} file(s))" in report

    @pytest.mark.parametrize(
        ("change", "verdict", "words"),
        [
            ({"did": "demo:deleted-since"}, "missing", "is missing from Rucio"),
            ({"files_sha256": "0" * 64}, "differs", "differs from the recorded one"),
        ],
    )
    async def test_data_missing_from_rucio_or_changed_stops_it_before_anything_runs(
        self,
        workflows_api,
        wait_for_job,
        wait_for_workflow,
        analysis,
        jp_root_dir,
        change,
        verdict,
        words,
    ):
        crate = await self.crate_folder_reading(
            workflows_api, wait_for_job, wait_for_workflow, jp_root_dir
        )
        record = json.loads((crate / "provenance.json").read_text())
        record["dids"][0].update(change)
        (crate / "provenance.json").write_text(json.dumps(record))
        runs_before = sorted((jp_root_dir / "reana-runs").iterdir())
        job = await reproduce(workflows_api, wait_for_job, "crate")
        assert job["state"] == "succeeded", job["message"]
        result = job["result"]
        assert (result["ran"], result["reproduced"], result["run"]) == (False, False, None)
        assert [d["verdict"] for d in result["dids"]] == [verdict]
        assert words in result["message"]
        assert "nothing was run" in result["message"]
        assert sorted((jp_root_dir / "reana-runs").iterdir()) == runs_before
        assert "**Not reproduced.**" in (jp_root_dir / result["report"]).read_text()

    async def test_an_unknown_rucio_instance_is_a_404_before_any_job(self, workflows_api):
        body = {"source": "crate", "instance": "elsewhere"}
        status, error = await workflows_api("POST", "reana/reproductions", body)
        assert status == 404, error
        assert "sandbox" in error["message"]


class TestOnAReanaServer:
    """The user picks a REANA server (here the double) to re-run on."""

    @pytest.fixture
    def reana(self, reana_double_factory):
        return reana_double_factory(step_seconds=0.05)

    @pytest.fixture
    def jp_server_config(self, jp_server_config, reana, tmp_path):
        return with_reana_server(jp_server_config, reana, tmp_path)

    async def test_the_crate_is_rerun_on_reana_and_its_fetched_outputs_compared(
        self, workflows_api, wait_for_job, wait_for_workflow, analysis, jp_root_dir, reana_calls
    ):
        zip_path = await crate_of_a_run(
            workflows_api, wait_for_job, wait_for_workflow, {"label": "X"}
        )
        body = {"source": zip_path, "server": "cern"}
        status, job = await workflows_api("POST", "reana/reproductions", body)
        assert status == 202, job
        assert job["params"]["server"] == "cern"
        job = await wait_for_job(job, timeout=120)
        assert job["state"] == "succeeded", job["message"]
        result = job["result"]
        run = result["run"]
        assert (run["server"], run["status"]) == ("cern", "finished")
        assert run["workspace_path"] == f"{result['folder']}/reana-run"
        _, detail = await workflows_api("GET", f"reana/servers/cern/workflows/{run['id']}")
        assert detail["parameters"] == {"events": "data/events.csv", "label": "X"}
        uploads = [c for c in reana_calls() if c.startswith("POST") and "/workspace" in c]
        assert len(uploads) == 3 + 1  # the inputs, then the run's provenance.json
        # the double writes its own text for summary.txt: the comparison says so
        (verdict,) = result["outputs"]
        assert (verdict["path"], verdict["verdict"]) == ("results/summary.txt", "differs")
        fetched = jp_root_dir / run["workspace_path"]
        assert (fetched / "results" / "summary.txt").is_file()
        assert json.loads((fetched / "provenance.json").read_text())["engine"]["name"] == "REANA"
        assert "on REANA server `cern`" in (jp_root_dir / result["report"]).read_text()

    async def test_an_unknown_server_is_a_404_before_any_job(self, workflows_api):
        body = {"source": "crate.zip", "server": "nowhere"}
        status, error = await workflows_api("POST", "reana/reproductions", body)
        assert status == 404, error
        assert "cern" in error["message"]
