"""cwl, yadage and snakemake workflows: the files a reana.yaml names (workflow, parameter, `$ref`
and `run` files) must exist and be what their engine reads; the parameters come from them; a
file outside the reana.yaml's folder is never read. Where their issues point:
test_reana_validation_workflow_files.py."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reana_validation_support import (
    CORPUS,
    only,
)
from vre_lab.reana.validation import validate_file, validate_text

REPO = Path(__file__).resolve().parent.parent


def test_cwl_parameters_come_from_the_parameter_file():
    result = validate_file(CORPUS / "valid_cwl_tool" / "reana.yaml")
    assert result.valid
    assert result.workflow_type == "cwl"
    assert result.parameters == {"message": "hello"}
    assert result.specification["inputs"]["parameters"] == {"input": "inputs.yml"}


def test_a_missing_cwl_workflow_or_parameter_file_is_an_error_at_its_key():
    missing = validate_file(CORPUS / "invalid_cwl_missing_workflow_file" / "reana.yaml")
    issue = only(missing, "error", "workflow.cwl")
    assert (issue.key, issue.line, issue.column) == ("workflow.file", 5, 9)
    parameters = validate_file(CORPUS / "invalid_cwl_missing_parameter_file" / "reana.yaml")
    issue = only(parameters, "error", "inputs.yml")
    assert (issue.key, issue.line) == ("inputs.parameters.input", 3)


def test_a_cwl_document_needs_a_class_and_its_run_files(tmp_path):
    (tmp_path / "reana.yaml").write_text("inputs: {}\nworkflow:\n  type: cwl\n  file: wf.cwl\n")
    (tmp_path / "wf.cwl").write_text(
        "cwlVersion: v1.2\nclass: Workflow\ninputs: []\noutputs: []\n"
        "steps:\n  one:\n    run: tool.cwl\n    in: []\n    out: []\n"
    )
    assert (
        "runs `tool.cwl`, which does not exist"
        in only(validate_file(tmp_path / "reana.yaml"), "error", "tool.cwl").message
    )
    (tmp_path / "tool.cwl").write_text("cwlVersion: v1.2\nbaseCommand: sudo rm\n")
    result = validate_file(tmp_path / "reana.yaml")
    assert "has no `class`" in only(result, "error", "tool.cwl").message
    assert "`sudo`" in only(result, "warning", "baseCommand").message


def test_yadage_refs_are_resolved_and_a_missing_one_is_an_error():
    assert validate_file(CORPUS / "valid_yadage_with_refs" / "reana.yaml").issues == []
    result = validate_file(CORPUS / "invalid_yadage_missing_ref_file" / "reana.yaml")
    issue = only(result, "error", "steps.yml")
    assert (issue.file, issue.key, issue.line) == (
        "workflow.yml",
        "stages.0.scheduler.step.$ref",
        8,
    )


def test_a_yadage_stage_needs_a_scheduler():
    result = validate_file(CORPUS / "invalid_yadage_stage_without_scheduler" / "reana.yaml")
    assert "has no `scheduler`" in only(result, "error", "scheduler").message
    assert any("`step`, which yadage does not allow" in i.message for i in result.issues)


def test_yadage_parameters_no_stage_takes_are_warnings_at_the_parameter():
    folder = CORPUS / "valid_yadage"
    text = (
        (folder / "reana.yaml").read_text().replace("message: hello", "message: hi\n    extra: 1")
    )
    result = validate_text(text, folder)
    assert result.valid
    issue = only(result, "warning", "`extra`")
    assert issue.key == "inputs.parameters.extra"
    assert issue.line == 5


def test_snakemake_files_must_exist_and_the_config_gives_the_parameters():
    valid = validate_file(CORPUS / "valid_snakemake" / "reana.yaml")
    assert valid.valid
    assert valid.parameters == {"message": "hello"}
    assert not validate_file(CORPUS / "invalid_snakemake_missing_snakefile" / "reana.yaml").valid
    config = validate_file(CORPUS / "invalid_snakemake_missing_config_file" / "reana.yaml")
    assert only(config, "error", "config.yaml").key == "inputs.parameters.input"


def test_files_outside_the_folder_of_the_reana_yaml_are_never_read(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "secret.yaml").write_text("password: hunter2\n")
    (project / "reana.yaml").write_text(
        "inputs:\n  parameters:\n    input: ../secret.yaml\nworkflow:\n  type: cwl\n"
        "  file: ../secret.yaml\n"
    )
    result = validate_file(project / "reana.yaml")
    assert "hunter2" not in json.dumps(result.to_json())
    assert result.parameters == {"input": "../secret.yaml"}
    outside = [i for i in result.issues if "outside the folder" in i.message]
    assert [i.key for i in outside] == ["inputs.parameters.input", "workflow.file"]
    assert all(i.severity == "warning" for i in outside)
