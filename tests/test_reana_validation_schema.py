"""A reana.yaml against REANA's schema (with vre-lab's overlay): unknown keys are warnings at the
key, with a suggestion; every other failure is an error at the value, in words a user reads.
test_reana_validation_schema_upstream.py checks the schema itself against reana-commons."""

from __future__ import annotations

from pathlib import Path

from jsonschema.validators import validator_for

from tests.reana_validation_support import (
    SERIAL,
    check,
    only,
    serial_with,
)
from vre_lab.reana.validation_schema import reana_yaml_schema

REPO = Path(__file__).resolve().parent.parent


def test_the_schema_is_a_valid_json_schema_shipped_inside_the_package():
    schema = reana_yaml_schema()
    validator_for(schema).check_schema(schema)
    for name in ("reana_analysis_schema.json", "reana_yaml_schema.json"):
        assert (REPO / "vre_lab" / "reana" / name).is_file()


def test_a_valid_serial_file_has_no_issue_and_reports_its_type_and_specification():
    result = check(SERIAL)
    assert result.valid
    assert result.issues == []
    assert result.workflow_type == "serial"
    assert result.specification["workflow"]["specification"]["steps"][0]["commands"] == [
        "echo hello"
    ]
    assert result.to_json() == {
        "valid": True,
        "issues": [],
        "parameters": {},
        "specification": result.specification,
        "workflow_type": "serial",
        "reana_valid": True,
    }


def test_an_unknown_key_is_a_warning_at_the_key_suggesting_the_known_one():
    result = check(serial_with("comands: [x]"))
    assert result.valid
    issue = only(result, "warning", "Unknown key")
    assert issue.key == "workflow.specification.steps.0.comands"
    assert (issue.line, issue.column) == (8, 9)
    assert "Did you mean `commands`?" in issue.message


def test_an_unknown_top_level_key_is_a_warning_at_the_key():
    result = check(SERIAL + "author: me\n")
    issue = only(result, "warning", "Unknown key `author`")
    assert (issue.key, issue.line, issue.column) == ("author", 10, 1)


def test_step_keys_the_serial_engine_reads_are_unknown_to_reana_client_but_type_checked():
    result = check(serial_with("kubernetes_uid: 500"))
    assert result.valid
    assert "serial engine reads it" in only(result, "warning", "kubernetes_uid").message

    wrong = check(serial_with('kubernetes_uid: "500"'))
    issue = only(wrong, "error", "kubernetes_uid")
    assert (issue.key, issue.line, issue.column) == (
        "workflow.specification.steps.0.kubernetes_uid",
        8,
        25,
    )
    assert "whole number" in issue.message


def test_a_missing_required_key_is_an_error_at_the_mapping_that_lacks_it():
    result = check(
        SERIAL.replace("      - environment: python:3.12\n        commands:", "      - commands:")
    )
    issue = only(result, "error", "has no `environment`")
    assert issue.key == "workflow.specification.steps.0.environment"
    assert (issue.line, issue.column) == (7, 9)


def test_a_file_without_workflow_is_an_error_for_the_whole_file():
    result = check("inputs:\n  files: [a.py]\n")
    issue = only(result, "error", "no `workflow`")
    assert issue.key == "workflow"


def test_a_wrong_type_is_an_error_at_the_value():
    result = check(SERIAL.replace("parameters: {}", "parameters: [a, b]"))
    issue = only(result, "error", "must be a mapping")
    assert (issue.key, issue.line, issue.column) == ("inputs.parameters", 2, 15)
    assert "not a list" in issue.message


def test_a_command_that_is_not_text_is_an_error_at_the_item():
    result = check(
        SERIAL.replace("          - echo hello", "          - echo hello\n          - 42")
    )
    issue = only(result, "error", "Item 1 of `commands`")
    assert (issue.key, issue.line) == ("workflow.specification.steps.0.commands.1", 10)


def test_yaml_types_count_as_reana_client_sees_them_and_json_output_is_text():
    result = check("version: 2024-06-01\n" + SERIAL)
    assert "the date 2024-06-01" in only(result, "error", "`version`").message
    assert result.specification["version"] == "2024-06-01"

    numbers = check("version: 0.9\n" + SERIAL)
    assert not numbers.valid


def test_an_unknown_workflow_type_is_an_error_and_no_type_is_answered():
    result = check("workflow:\n  type: airflow\n  file: dag.py\n")
    issue = only(result, "error", "airflow")
    assert (issue.key, issue.line, issue.column) == ("workflow.type", 2, 9)
    assert result.workflow_type is None


def test_serial_steps_in_a_file_are_an_error_because_reana_client_cannot_load_them():
    result = check("inputs: {}\nworkflow:\n  type: serial\n  file: workflow.json\n")
    issue = only(result, "error", "workflow.specification")
    assert issue.key == "workflow.specification"
    assert issue.line == 2


def test_cwl_yadage_and_snakemake_need_a_workflow_file():
    for kind in ("cwl", "yadage", "snakemake"):
        result = check(f"inputs: {{}}\nworkflow:\n  type: {kind}\n  specification: {{}}\n")
        assert only(result, "error", "has no `file`").key == "workflow.file"


def test_empty_lists_and_negative_retention_are_errors_at_the_value():
    no_steps = check(SERIAL.split("    steps:")[0] + "    steps: []\n")
    issue = only(no_steps, "error", "at least 1")
    assert (issue.key, issue.line, issue.column) == ("workflow.specification.steps", 6, 12)
    retention = check(SERIAL + "workspace:\n  retention_days:\n    '*.root': -1\n")
    issue = only(retention, "error", "at least 0")
    assert (issue.key, issue.line) == ("workspace.retention_days.*.root", 12)
