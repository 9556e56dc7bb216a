"""A reana.yaml is read as reana-client reads it (PyYAML's safe loader), and every issue of its
YAML points at its line and column: syntax errors, tabs, several documents, an empty file, a key
written twice, merge keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reana_validation_support import (
    SERIAL,
    check,
    only,
)
from vre_lab.reana.validation import validate_text

REPO = Path(__file__).resolve().parent.parent


def test_yaml_syntax_error_is_an_error_at_its_line_and_column():
    result = check(
        """
        inputs:
          files: [code.py, data.csv
        workflow:
          type: serial
        """
    )
    assert not result.valid
    assert result.specification is None
    assert result.workflow_type is None
    (issue,) = result.issues
    assert (issue.severity, issue.line, issue.key) == ("error", 3, "")
    assert issue.column is not None
    assert issue.message.startswith("The file is not valid YAML")


def test_tab_indentation_is_reported_as_tabs():
    result = validate_text("workflow:\n\ttype: serial\n", None)
    (issue,) = result.issues
    assert (issue.line, issue.column) == (2, 1)
    assert "tabs" in issue.message


def test_two_yaml_documents_are_an_error_at_the_second():
    result = validate_text(SERIAL + "---\nworkflow: {}\n", None)
    (issue,) = result.issues
    assert issue.severity == "error"
    assert "more than one YAML document" in issue.message
    assert issue.line == SERIAL.count("\n") + 1


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_an_empty_file_is_an_error(text):
    result = validate_text(text, None)
    assert not result.valid
    assert "empty" in result.issues[0].message


def test_a_key_written_twice_is_a_warning_at_the_second_one():
    result = check(
        SERIAL.replace(
            "      - environment: python:3.12", "      - environment: python:3.11"
        ).replace("        commands:", "        environment: python:3.12\n        commands:")
    )
    assert result.valid
    issue = only(result, "warning", "written twice")
    assert (issue.key, issue.line, issue.column) == (
        "workflow.specification.steps.0.environment",
        8,
        9,
    )
    assert (
        result.specification["workflow"]["specification"]["steps"][0]["environment"]
        == "python:3.12"
    )


def test_merge_keys_load_like_pyyaml_and_keep_positions():
    result = check(
        """
        inputs:
          parameters: {n: 1}
        workflow:
          type: serial
          specification:
            steps:
              - &first
                name: one
                environment: python:3.12
                commands: ["echo ${n}"]
              - <<: *first
                name: two
                commands: ["sudo ${n}"]
        """
    )
    assert result.valid
    steps = result.specification["workflow"]["specification"]["steps"]
    assert steps[1] == {"name": "two", "environment": "python:3.12", "commands": ["sudo ${n}"]}
    assert only(result, "warning", "sudo").line == 13
