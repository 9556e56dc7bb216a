"""A run that cannot start says everything at once (every missing input, not the first), and the
three non-serial types never fail three different ways: one clear answer before the 202 of
`POST reana/servers/{server}/runs`, a 400 listing each problem in its message and in `errors`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.test_reana_local_engine import make_engine
from vre_lab.core.errors import BadRequest
from vre_lab.reana import runs
from vre_lab.reana.local.engines import Engines

CORPUS = Path(__file__).resolve().parent / "reana_corpus"


def with_missing_inputs(folder: Path) -> None:
    """The demo's reana.yaml with two input files and a directory that are not there."""
    spec_file = folder / "reana.yaml"
    specification = yaml.safe_load(spec_file.read_text())
    inputs = specification["inputs"]
    inputs["files"] = [*inputs.get("files", []), "data/gone.csv", "code/gone.py"]
    inputs["directories"] = [*inputs.get("directories", []), "calibration"]
    spec_file.write_text(yaml.safe_dump(specification))


def test_every_missing_input_of_a_run_is_named_at_once_before_anything_is_sent(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "valid_demo_helloworld_serial", root / "hello")
    with_missing_inputs(root / "hello")
    for server in ("local", "reana-somewhere"):
        with pytest.raises(BadRequest) as caught:
            runs.run_request(root, server, {"path": "hello/reana.yaml"}, None)
        error = caught.value
        assert [e["field"] for e in error.errors] == [
            "inputs.files.2",
            "inputs.files.3",
            "inputs.directories.0",
        ]
        for name in ("data/gone.csv", "code/gone.py", "calibration"):
            assert name in error.message
        assert error.message.startswith("The run cannot start, for 3 reasons: (1) ")


def test_the_local_engine_refuses_a_run_with_every_problem_in_one_400(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "valid_demo_helloworld_cwl", root / "hello")
    with_missing_inputs(root / "hello")
    (root / "hello" / "workflow" / "cwl" / "helloworld.cwl").unlink()
    (root / "hello" / "workflow" / "cwl" / "helloworld-job.yml").unlink()
    specification = yaml.safe_load((root / "hello" / "reana.yaml").read_text())
    engine = make_engine(root, tmp_path / "state")  # without the engines
    try:
        with pytest.raises(BadRequest) as caught:
            engine.create(
                name="hello",
                specification=specification,
                source_dir=root / "hello",
                parameters={},
            )
    finally:
        engine.shutdown()
    error = caught.value
    assert error.code == "run_cannot_start"
    assert {e["field"] for e in error.errors} == {
        "inputs.files.2",
        "inputs.files.3",
        "inputs.directories.1",
        "workflow.type",  # the engine
        "workflow.file",
        "inputs.parameters.input",
    }
    assert "`vre-lab engines install`" in error.message
    assert not (root / "reana-runs").exists() or not list((root / "reana-runs").iterdir())


class TestBeforeThe202:
    @pytest.fixture
    def without_engines(self, vre_app, tmp_path):
        vre_app.workflows.local.engines = Engines(tmp_path / "nowhere")

    @pytest.mark.parametrize("kind", ["cwl", "snakemake", "yadage"])
    async def test_snakemake_cwl_and_yadage_runs_that_cannot_start_get_the_same_answer(
        self, kind, workflows_api, jp_root_dir, without_engines
    ):
        folder = jp_root_dir / f"hello-{kind}"
        shutil.copytree(CORPUS / f"valid_demo_helloworld_{kind}", folder)
        with_missing_inputs(folder)
        status, error = await workflows_api(
            "POST", "reana/servers/local/runs", {"path": f"hello-{kind}/reana.yaml"}
        )
        assert status == 400, error
        assert error["reason"] == "run_cannot_start"
        fields = [e["field"] for e in error["errors"]]
        assert fields[-1] == "workflow.type"
        assert {"inputs.files.2", "inputs.files.3"} <= set(fields)
        assert "`vre-lab engines install`" in error["message"]
        assert "data/gone.csv" in error["message"]

    async def test_a_run_whose_engine_is_missing_is_refused_before_202_with_its_own_reason(
        self, workflows_api, jp_root_dir, without_engines
    ):
        shutil.copytree(CORPUS / "valid_demo_helloworld_snakemake", jp_root_dir / "hello")
        status, error = await workflows_api(
            "POST", "reana/servers/local/runs", {"path": "hello/reana.yaml"}
        )
        assert (status, error["reason"]) == (400, "engine_missing"), error
        assert [e["field"] for e in error["errors"]] == ["workflow.type"]
