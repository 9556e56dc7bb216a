"""The offline reana.yaml validator (`vre_lab.reana.validation`), checked against reana-client.

Unit tests check each rule and where its issue points. The corpus in `tests/reana_corpus/` (one
small file per case, `valid_*` or `invalid_*`; a folder when a case needs workflow or input files)
goes through the real `reana-client validate`, installed in its own venv
(`$VRE_LAB_REANA_CLIENT_VENV`, else `<repo>/.venv-reana-client`, built here on first use): our
validator must pass and fail the same files and warn about the same things, and
`load_specification` must give what `reana-client create` would send.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.reana_double.client_venv import ensure_client_venv
from vre_lab.reana.reana_specification import load_specification
from vre_lab.reana.validation import Validation, validate_file, validate_text
from vre_lab.reana.validation_schema import reana_yaml_schema

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "reana_corpus"
RECORDED = CORPUS / "reana_client_output"

DRIVERS = 2  # reana-client processes at once


# ---------------------------------------------------------------------------------------------
# helpers


def check(text: str, base_dir: Path | None = None) -> Validation:
    return validate_text(textwrap.dedent(text).lstrip("\n"), base_dir)


def issues_of(validation: Validation, severity: str) -> list:
    return [issue for issue in validation.issues if issue.severity == severity]


def only(validation: Validation, severity: str, containing: str):
    found = [i for i in issues_of(validation, severity) if containing in i.message]
    assert len(found) == 1, (containing, validation.issues)
    return found[0]


SERIAL = """
inputs:
  parameters: {}
workflow:
  type: serial
  specification:
    steps:
      - environment: python:3.12
        commands:
          - echo hello
"""


def serial_with(step_line: str) -> str:
    """SERIAL with one more line in its step, before `commands` (so at line 8, column 9)."""
    return SERIAL.replace("        commands:", f"        {step_line}\n        commands:")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml")) + sorted(CORPUS.glob("*/reana.yaml"))


def case_name(path: Path) -> str:
    return path.parent.name if path.name == "reana.yaml" else path.stem


# ---------------------------------------------------------------------------------------------
# YAML syntax


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


# ---------------------------------------------------------------------------------------------
# schema


def test_the_schema_is_a_valid_json_schema_shipped_inside_the_package():
    Draft202012Validator.check_schema(reana_yaml_schema())
    assert (REPO / "vre_lab" / "reana" / "reana_yaml_schema.json").is_file()


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


# ---------------------------------------------------------------------------------------------
# serial rules beyond the schema


def test_htcondor_max_runtime_must_be_seconds_or_a_job_flavour():
    def with_runtime(value: str) -> Validation:
        return check(serial_with(f"htcondor_max_runtime: {value}"))

    assert with_runtime('"3600"').valid
    assert with_runtime("espresso").valid
    issue = only(with_runtime("two hours"), "error", "htcondor_max_runtime")
    assert (issue.line, issue.column) == (8, 31)


def test_memory_limits_fail_as_reana_client_fails_them_and_odd_ones_warn():
    def with_limit(value: str) -> Validation:
        return check(serial_with(f"kubernetes_memory_limit: {value}"))

    assert with_limit("2Gi").valid
    assert not with_limit("2Gi").issues
    assert with_limit('"1500"').valid
    assert not with_limit('"1500"').issues
    assert not with_limit("1500").valid  # a number, not text
    assert not with_limit("2GB").valid
    odd = with_limit("lots2Gi")  # reana-client accepts what ends like a quantity
    assert odd.valid
    assert "Kubernetes expects" in only(odd, "warning", "kubernetes_memory_limit").message


def test_operational_options_must_exist_and_suit_the_workflow_type():
    serial = SERIAL.replace("parameters: {}", "parameters: {}\n  options:\n    CACHE: 'off'")
    assert check(serial).valid
    unknown = check(SERIAL.replace("parameters: {}", "parameters: {}\n  options:\n    RETRY: 3"))
    issue = only(unknown, "error", "Unknown operational option `RETRY`")
    assert (issue.key, issue.line, issue.column) == ("inputs.options.RETRY", 4, 5)
    wrong = check(
        SERIAL.replace("parameters: {}", "parameters: {}\n  options:\n    report: r.html")
    )
    assert "for snakemake workflows, not serial" in only(wrong, "error", "report").message


# ---------------------------------------------------------------------------------------------
# parameters


def test_an_unused_parameter_is_a_warning_at_the_parameter():
    result = check(SERIAL.replace("parameters: {}", "parameters:\n    forgotten: 1"))
    assert result.valid
    assert result.parameters == {"forgotten": 1}
    issue = only(result, "warning", "`forgotten` is not used")
    assert (issue.key, issue.line, issue.column) == ("inputs.parameters.forgotten", 3, 5)


def test_an_undefined_parameter_is_a_warning_where_the_command_uses_it():
    result = check(SERIAL.replace("echo hello", "echo hello ${missing}"))
    assert result.valid
    issue = only(result, "warning", "`${missing}`")
    assert issue.key == "workflow.specification.steps.0.commands.0"
    assert (issue.line, issue.column) == (9, 24)


def test_a_parameter_used_as_dollar_name_counts_as_used():
    result = check(
        SERIAL.replace("parameters: {}", "parameters:\n    n: 1").replace("echo hello", "echo $n")
    )
    assert result.issues == []


# ---------------------------------------------------------------------------------------------
# commands and images


def test_dangerous_commands_are_warnings_where_they_are_written():
    result = check(
        """
        inputs: {}
        workflow:
          type: serial
          specification:
            steps:
              - name: risky
                environment: python:3.12
                commands:
                  - sudo make install
                  - |
                    echo start
                    cd / && ls
        """
    )
    assert result.valid
    sudo = only(result, "warning", "`sudo`")
    assert (sudo.key, sudo.line, sudo.column) == (
        "workflow.specification.steps.0.commands.0",
        9,
        13,
    )
    assert 'step "risky"' in sudo.message
    cd = only(result, "warning", "absolute directory")
    assert (cd.key, cd.line, cd.column) == ("workflow.specification.steps.0.commands.1", 12, 13)


def test_words_that_contain_sudo_are_not_sudo():
    assert check(SERIAL.replace("echo hello", "echo pseudo code")).issues == []


@pytest.mark.parametrize(
    ("image", "warned"),
    [
        ("python:3.12", False),
        ("registry.cern.ch/a/b:1.0", False),
        ("python@sha256:abc", False),
        ("python", True),
        ("localhost:5000/tools", True),
        ("python:latest", True),
        ("ghcr.io/x/y:master", True),
    ],
)
def test_images_without_a_pinned_tag_are_warnings_at_the_environment(image, warned):
    result = check(SERIAL.replace("python:3.12", image))
    assert result.valid
    images = [i for i in result.issues if i.message.startswith("Image")]
    assert bool(images) == warned
    if warned:
        assert (images[0].key, images[0].line) == ("workflow.specification.steps.0.environment", 7)


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


def test_a_missing_inputs_section_is_a_warning_as_in_reana_client():
    result = check(SERIAL.replace("inputs:\n  parameters: {}\n", ""))
    assert result.valid
    issue = only(result, "warning", "no `inputs` section")
    assert issue.key == ""


# ---------------------------------------------------------------------------------------------
# input files (reana-client validate does not check them; a run refuses them: run-only errors)


def test_missing_input_files_and_directories_are_run_errors_at_the_entry(tmp_path):
    (tmp_path / "code.py").write_text("print(1)\n")
    (tmp_path / "data").mkdir()
    text = SERIAL.replace(
        "parameters: {}",
        "files: [code.py, gone.csv, data]\n  directories: [data, nowhere, code.py]\n"
        "  parameters: {}",
    )
    result = check(text, tmp_path)
    # a run refuses them; reana-client's validate passes the file
    assert not result.valid
    assert result.reana_valid
    errors = {(i.key, i.line, i.column): i.message for i in issues_of(result, "error")}
    assert errors == {
        ("inputs.files.1", 2, 20): (
            "Input file `gone.csv` does not exist next to the reana.yaml. Create it before the "
            "run, or remove it from `inputs.files`."
        ),
        ("inputs.files.2", 2, 30): "`data` is a directory: list it under `inputs.directories`.",
        ("inputs.directories.1", 3, 23): (
            "Input directory `nowhere` does not exist next to the reana.yaml. Create it before "
            "the run, or remove it from `inputs.directories`."
        ),
        ("inputs.directories.2", 3, 32): "`code.py` is a file: list it under `inputs.files`.",
    }
    assert all(i.run_only for i in issues_of(result, "error"))


def test_a_missing_input_a_notebook_names_says_to_run_that_notebook_first(tmp_path):
    (tmp_path / "analysis.ipynb").write_text(
        '{"cells": [{"source": ["rows.to_csv(\\"data/events.csv\\")"]}]}'
    )
    result = check(SERIAL.replace("parameters: {}", "files: [data/events.csv]"), tmp_path)
    [issue] = issues_of(result, "error")
    assert issue.message == (
        "Input file `data/events.csv` does not exist next to the reana.yaml. analysis.ipynb "
        "names it: run that notebook first (Run → Run All Cells), then run the workflow again."
    )
    assert issue.run_only


def test_input_paths_outside_the_folder_are_run_errors(tmp_path):
    result = check(SERIAL.replace("parameters: {}", "files: [../secret, /etc/passwd]"), tmp_path)
    assert [i.key for i in issues_of(result, "error")] == ["inputs.files.0", "inputs.files.1"]
    assert all("inside the folder" in i.message for i in result.issues)
    assert result.reana_valid
    assert not result.valid


def test_without_a_base_dir_no_file_is_checked():
    result = check(SERIAL.replace("parameters: {}", "files: [gone.csv]"))
    assert result.issues == []
    cwl = check("inputs: {}\nworkflow:\n  type: cwl\n  file: missing.cwl\n")
    assert cwl.valid
    assert cwl.workflow_type == "cwl"


# ---------------------------------------------------------------------------------------------
# cwl, yadage, snakemake


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


# ---------------------------------------------------------------------------------------------
# files and what is sent to REANA


def test_validate_file_of_a_missing_file_is_an_error(tmp_path):
    result = validate_file(tmp_path / "reana.yaml")
    assert not result.valid
    assert "no file" in result.issues[0].message


def test_corpus_names_say_whether_each_file_is_valid():
    files = corpus_files()
    assert len(files) >= 25
    wrong = [
        case_name(path)
        for path in files
        if validate_file(path).reana_valid != case_name(path).startswith("valid_")
    ]
    assert wrong == []


KEYS = [
    "inputs",
    "workflow",
    "type",
    "serial",
    "cwl",
    "yadage",
    "snakemake",
    "specification",
    "steps",
    "commands",
    "environment",
    "parameters",
    "input",
    "files",
    "directories",
    "options",
    "file",
    "name",
    "outputs",
    "workspace",
    "retention_days",
    "htcondor_max_runtime",
    "kubernetes_memory_limit",
    "stages",
    "scheduler",
    "hello.cwl",
    "workflow.yml",
    "inputs.yml",
    "toplevel",
]
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.sampled_from(KEYS),
    st.text(max_size=12),
    st.sampled_from(["${x}", "sudo rm", "cd /", "2Gi", "espresso", "python:latest"]),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.integers()), inner, max_size=5),
    ),
    max_leaves=30,
)
DOCUMENTS = st.one_of(
    VALUES,
    st.builds(lambda w, i: {"workflow": w, "inputs": i}, VALUES, VALUES),
    st.builds(
        lambda t, spec, f, i: {
            "inputs": i,
            "workflow": {"type": t, "specification": spec, "file": f},
        },
        st.sampled_from(["serial", "cwl", "yadage", "snakemake"]),
        VALUES,
        st.sampled_from(["hello.cwl", "workflow.yml", "inputs.yml", "../x", "/etc/hostname"]),
        VALUES,
    ),
)
FOLDERS = st.sampled_from([None, CORPUS / "valid_cwl_tool", CORPUS / "valid_yadage_with_refs"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, FOLDERS)
def test_any_yaml_document_gets_an_answer_never_an_exception(document, folder):
    result = validate_text(yaml.safe_dump(document), folder)
    json.dumps(result.to_json())
    assert result.valid == (not [i for i in result.issues if i.severity == "error"])
    assert all(i.line is None or i.line >= 1 for i in result.issues)


# ---------------------------------------------------------------------------------------------
# the real reana-client


def ensure_reana_client_venv() -> Path:
    """The venv with reana-client (and cwltool, snakemake, yadage), built once under a lock."""
    return ensure_client_venv().parent.parent


def reana_client_env(venv: Path) -> dict:
    """Offline: no REANA server or token; the venv's cwltool and snakemake on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REANA_")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONWARNINGS"] = "ignore"
    return env


# Runs `reana-client validate -f FILE` through reana-client's own command (the function its
# console script calls) for many files in one process, each from the file's folder as a user
# would: a process per file costs a second of imports and made the test minutes long on two CPUs.
# `test_in_process_runs_answer_as_the_reana_client_command` checks that both give the same.
# For valid files it also records what `reana-client create` would POST (load_validate_reana_spec).
DRIVER = r"""
import contextlib, io, json, os, sys
from reana_client.cli import cli
from reana_client.utils import load_validate_reana_spec

out_path, *files = sys.argv[1:]
results = {}
for path in files:
    os.chdir(os.path.dirname(path))
    name = os.path.basename(path)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            cli.main(["validate", "-f", name], prog_name="reana-client")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except Exception as error:
            print(repr(error))
            code = 1
    result = {"exit_code": code, "output": buffer.getvalue()}
    if code == 0:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                spec = load_validate_reana_spec(name, skip_validate_environments=True)
                result["specification"] = json.loads(json.dumps(spec, sort_keys=True))
            except Exception as error:
                result["specification_error"] = repr(error)
    results[path] = result
with open(out_path, "w") as handle:
    json.dump(results, handle)
"""


@pytest.fixture(scope="module")
def reana_client_results(tmp_path_factory):
    """{case name: {exit_code, output, specification?}} from reana-client for every corpus file."""
    venv = ensure_reana_client_venv()
    work = tmp_path_factory.mktemp("reana-client")
    copy = work / "corpus"
    shutil.copytree(CORPUS, copy)  # reana-client and snakemake leave files behind
    driver = work / "driver.py"
    driver.write_text(DRIVER)
    files = [copy / path.relative_to(CORPUS) for path in corpus_files()]
    # cwl files are the slow ones (cwltool runs twice): deal them out first
    files.sort(key=lambda path: "cwl" not in path.parent.name)
    chunks = [files[index::DRIVERS] for index in range(DRIVERS)]

    def run(index: int) -> dict:
        out = work / f"results-{index}.json"
        done = subprocess.run(
            [str(venv / "bin" / "python"), str(driver), str(out), *map(str, chunks[index])],
            env=reana_client_env(venv),
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        return json.loads(out.read_text())

    with ThreadPoolExecutor(DRIVERS) as pool:
        merged = {k: v for part in pool.map(run, range(DRIVERS)) for k, v in part.items()}
    results = {}
    for path, result in merged.items():
        result["output"] = result["output"].replace(f"{Path(path).parent}/", "")
        results[case_name(Path(path))] = result
    results["_copy"] = copy
    results["_venv"] = venv
    return results


def test_agrees_with_reana_client_validate_on_every_corpus_file(reana_client_results):
    disagreements = []
    for path in corpus_files():
        theirs = reana_client_results[case_name(path)]
        ours = validate_file(path)
        # reana-client's validate does not look at input files: `reana_valid` leaves those out
        if ours.reana_valid != (theirs["exit_code"] == 0):
            errors = [i.message for i in ours.issues if i.severity == "error"]
            disagreements.append(
                f"{case_name(path)}: reana-client exit {theirs['exit_code']}, ours valid="
                f"{ours.valid} {errors}\n{theirs['output'][-600:]}"
            )
    total = len(corpus_files())
    print(f"\nagreement with reana-client validate: {total - len(disagreements)} of {total}")
    assert disagreements == [], f"{len(disagreements)} of {total}:\n" + "\n".join(disagreements)


def test_in_process_runs_answer_as_the_reana_client_command(reana_client_results):
    venv, copy = reana_client_results["_venv"], reana_client_results["_copy"]
    cases = ["valid_warns_unknown_keys", "invalid_yaml_unclosed_bracket", "valid_cwl_tool"]

    def command(case: str) -> tuple[int, str]:
        path = copy / f"{case}.yaml"
        path = path if path.exists() else copy / case / "reana.yaml"
        done = subprocess.run(
            [str(venv / "bin" / "reana-client"), "validate", "-f", path.name],
            cwd=path.parent,
            env=reana_client_env(venv),
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.returncode, warning_lines(done.stdout + done.stderr)

    with ThreadPoolExecutor(len(cases)) as pool:
        answers = dict(zip(cases, pool.map(command, cases), strict=True))
    for case in cases:
        theirs = reana_client_results[case]
        assert answers[case] == (theirs["exit_code"], warning_lines(theirs["output"])), case


def warning_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if "WARNING:" in line]


def reana_client_warning_kinds(output: str) -> set[tuple[str, str]]:
    """What reana-client warned about, as (kind, subject)."""
    kinds = set()
    for line in warning_lines(output):
        text = line.split("WARNING:", 1)[1].strip()
        if text.startswith("Unexpected properties found"):
            for name, at in re.findall(r"'([^']*)'(?: \(at ([^)]*)\))?", text):
                kinds.add(("unknown-key", f"{at}.{name}" if at else name))
        elif found := re.search(r'parameter "([^"]*)".* does not seem to be used', text):
            kinds.add(("unused-parameter", found.group(1)))
        elif found := re.search(r'parameter "([^"]*)".* is not defined', text):
            kinds.add(("undefined-parameter", found.group(1)))
        elif found := re.search(r'Operation "([^"]*)".* might be dangerous', text):
            kinds.add(("dangerous-operation", found.group(1)))
        elif 'Workflow "inputs" are missing' in text:
            kinds.add(("no-inputs", ""))
    return kinds


def our_warning_kinds(validation: Validation) -> set[tuple[str, str]]:
    kinds = set()
    for issue in issues_of(validation, "warning"):
        message = issue.message
        named = re.search(r"`\$?\{?([^`}]*)\}?`", message)
        if message.startswith("Unknown key"):
            kinds.add(("unknown-key", issue.key))
        elif "is not used" in message or "never uses" in message:
            kinds.add(("unused-parameter", named.group(1)))
        elif "not defined" in message or "do not define" in message:
            kinds.add(("undefined-parameter", re.search(r"uses `\$?\{([^}]*)\}`", message)[1]))
        elif "flags as dangerous" in message:
            kinds.add(("dangerous-operation", "sudo" if "`sudo`" in message else "cd /"))
        elif "no `inputs` section" in message:
            kinds.add(("no-inputs", ""))
    return kinds


@pytest.mark.parametrize("recorded", sorted(RECORDED.glob("*.txt")), ids=lambda p: p.stem)
def test_our_warnings_cover_those_reana_client_printed(recorded):
    """Recorded `reana-client validate` output (reana_client_output/): each warning has ours."""
    theirs = reana_client_warning_kinds(recorded.read_text())
    assert theirs, "the recording holds warnings"
    ours = our_warning_kinds(validate_file(CORPUS / f"{recorded.stem}.yaml"))
    assert theirs - ours == set()


def test_recorded_outputs_are_what_reana_client_prints_now(reana_client_results):
    for recorded in sorted(RECORDED.glob("*.txt")):
        live = reana_client_results[recorded.stem]["output"]
        assert warning_lines(live) == warning_lines(recorded.read_text()), recorded.stem


# Warnings of reana-client that are wrong for what REANA's engines run, so we do not give them:
# - `$$` is a literal `$` for REANA's serial engine (string.Template) and the local one, so
#   `$${HOSTNAME}` uses no parameter; reana-client's regex still finds `${HOSTNAME}` in it;
# - the keys of a yadage `interpolated-pub` publisher are the names the stage publishes, and
#   `{workdir}` in their values is filled in by packtivity; reana-client takes all of them for
#   parameters the stage uses.
NOT_WARNED_ON_PURPOSE = {
    "valid_serial_escaped_dollar": {("undefined-parameter", "HOSTNAME")},
    "valid_yadage_publishes_a_name_it_does_not_take": {
        ("undefined-parameter", "histogram"),
        ("undefined-parameter", "log"),
        ("undefined-parameter", "workdir"),
    },
    "valid_demo_bsm_search_yadage": {("undefined-parameter", "workspace")},
}


def test_our_warnings_cover_reana_client_warnings_on_every_passing_file(reana_client_results):
    missing = {}
    for path in corpus_files():
        theirs = reana_client_results[case_name(path)]
        if theirs["exit_code"] == 0:
            gap = reana_client_warning_kinds(theirs["output"]) - our_warning_kinds(
                validate_file(path)
            )
            gap -= NOT_WARNED_ON_PURPOSE.get(case_name(path), set())
            if gap:
                missing[case_name(path)] = gap
    assert missing == {}


def test_reana_client_still_gives_the_warnings_we_do_not_give_on_purpose(reana_client_results):
    for case, kinds in NOT_WARNED_ON_PURPOSE.items():
        assert reana_client_results[case]["exit_code"] == 0, case
        assert kinds <= reana_client_warning_kinds(reana_client_results[case]["output"]), case
        path = CORPUS / f"{case}.yaml"
        ours = our_warning_kinds(
            validate_file(path if path.exists() else CORPUS / case / "reana.yaml")
        )
        assert kinds & ours == set(), case


def test_load_specification_is_what_reana_client_create_would_send(reana_client_results, engines):
    """Snakemake's job graph is compared on the REANA double (test_reana_specification_sent.py):
    reana-client 0.9.6 lists its steps in an order that changes from one run to the next."""
    compared = []
    for path in corpus_files():
        theirs = reana_client_results[case_name(path)]
        if theirs["exit_code"] != 0 or validate_file(path).workflow_type == "snakemake":
            continue
        assert "specification" in theirs, theirs.get("specification_error")
        assert load_specification(path, engines) == theirs["specification"], case_name(path)
        compared.append(case_name(path))
    assert {"valid_cwl_tool", "valid_yadage", "valid_serial_minimal"} <= set(compared)
