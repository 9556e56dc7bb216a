"""One action, one validation: a "Run" click (`POST reana/servers/{server}/runs`) validates its
reana.yaml once, and what follows (what REANA is sent, the local engine's run) is given that
validation instead of making it again; `POST reana/validate` validates once too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_reana_local_engine import make_engine
from vre_lab.core.errors import BadRequest
from vre_lab.reana import runs, validation
from vre_lab.reana.local import checks
from vre_lab.reana.reana_specification import load_specification

CORPUS = Path(__file__).resolve().parent / "reana_corpus"


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """Every reana.yaml validated from now on (`validate_text` is where each one goes)."""
    made: list[str] = []
    real = validation.validate_text

    def counted(text, base_dir):
        made.append(str(base_dir))
        return real(text, base_dir)

    monkeypatch.setattr(validation, "validate_text", counted)
    return made


@pytest.fixture
def input_checks(monkeypatch) -> list[Path]:
    """Every time the inputs of a run are looked for on disk."""
    made: list[Path] = []
    real = checks.missing_inputs

    def counted(source_dir, files, directories):
        made.append(Path(source_dir))
        return real(source_dir, files, directories)

    monkeypatch.setattr(checks, "missing_inputs", counted)
    return made


@pytest.mark.parametrize("server", ["reana-somewhere", "local"])
def test_a_run_request_validates_its_reana_yaml_once(tmp_path, validations, server):
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "valid_demo_helloworld_serial", root / "hello")
    request = runs.run_request(root, server, {"path": "hello/reana.yaml"}, None)
    assert request.specification["workflow"]["type"] == "serial"
    assert len(validations) == 1


def test_what_reana_is_sent_comes_from_the_validation_it_is_given(tmp_path, validations):
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "valid_demo_helloworld_serial", root / "hello")
    made = validation.validate_file(root / "hello" / "reana.yaml")
    sent = load_specification(root / "hello" / "reana.yaml", None, made)
    assert sent == made.specification
    assert len(validations) == 1  # the one made above


async def test_a_local_run_validates_once_and_its_engine_does_not_check_it_again(
    workflows_api, wait_for_job, analysis, validations, input_checks
):
    status, job = await workflows_api(
        "POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    assert len(validations) == 1
    assert input_checks == [analysis]  # before the 202, not again in the run's job


async def test_the_validate_route_validates_once(workflows_api, analysis, validations):
    status, body = await workflows_api("POST", "reana/validate", {"path": "analysis/reana.yaml"})
    assert (status, body["valid"]) == (200, True)
    assert len(validations) == 1


def test_the_local_engine_called_on_its_own_still_refuses_a_run_that_cannot_start(tmp_path):
    """Without `checked`, create finds every problem itself (tests/test_run_problems.py)."""
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "valid_demo_helloworld_serial", root / "hello")
    specification = validation.validate_file(root / "hello" / "reana.yaml").specification
    specification["inputs"]["files"].append("gone.csv")
    engine = make_engine(root, tmp_path / "state")
    try:
        with pytest.raises(BadRequest, match=r"gone\.csv"):
            engine.create(
                name="hello", specification=specification, source_dir=root / "hello", parameters={}
            )
    finally:
        engine.shutdown()
