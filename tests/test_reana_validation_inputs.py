"""`inputs` of a reana.yaml: operational options as reana-client checks them, a missing `inputs`
section, and the input files and directories (reana-client's validate does not look at them; a
run from here refuses a missing one: a run-only error, with how to make it)."""

from __future__ import annotations

from pathlib import Path

from tests.reana_validation_support import (
    SERIAL,
    check,
    issues_of,
    only,
)

REPO = Path(__file__).resolve().parent.parent


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
