"""Offline validation of a reana.yaml: it passes or fails exactly when `reana-client validate` does.

`validate_text` reports every issue with its line, column and key path: YAML syntax errors, schema
errors (REANA's own schema with our overlay of hints, see validation_schema.py), and the checks
reana-client makes beyond its schema (operational options, serial `htcondor_max_runtime`, the
files cwl/yadage/snakemake workflows name). Warnings never fail a file; they cover what
reana-client warns about (unknown keys, unused or undefined parameters, `sudo`/`cd /`, no
`inputs`) and what it does not check at all (missing input files, unpinned image tags, duplicated
keys). See tests/test_reana_validation_agrees_with_reana_client.py for the agreement test against
the real reana-client (tests/test_reana_validation_*.py: one file per concern).

What `reana-client create` would POST to REANA is reana_specification.load_specification.
"""

from __future__ import annotations

import copy
from pathlib import Path

from ..core import files
from ..core.errors import BadRequest, NotFound, VRELabError
from .validation_cwl import check_cwl
from .validation_inputs import (
    check_input_paths,
    check_missing_inputs_section,
    check_options,
)
from .validation_model import ERROR, WARNING, Issue, IssueList, Validation, dotted
from .validation_schema import check_schema
from .validation_serial import check_serial
from .validation_snakemake import check_snakemake
from .validation_workflow_files import parameter_file
from .validation_yadage import check_yadage
from .validation_yaml import YamlSyntaxError, json_value, load_document

__all__ = [
    "Issue",
    "SpecificationError",
    "Validation",
    "checked",
    "local_specification",
    "validate_file",
    "validate_text",
]

WORKFLOW_TYPES = ("serial", "cwl", "yadage", "snakemake")


class SpecificationError(BadRequest):
    """The reana.yaml cannot become what REANA is sent (it is invalid, or a tool is missing)."""

    code = "invalid_specification"


def validate_text(text: str, base_dir: Path | None) -> Validation:
    """Validate a reana.yaml's text.

    base_dir: the folder of the reana.yaml, to check input files/directories exist and load
    workflow files referenced by cwl/yadage/snakemake (file: ...). None: skip file checks.
    """
    try:
        document = load_document(text)
    except YamlSyntaxError as error:
        where = error.position
        issue = Issue(ERROR, error.message, where and where.line, where and where.column, "")
        return Validation(False, [issue], {}, None, None)

    issues = IssueList(document)
    for path, where in document.duplicates:
        issues.at(
            WARNING,
            f"`{dotted(path)}` is written twice: only the last one counts.",
            path,
            where.line,
            where.column,
        )
    data = document.data
    if data is None:
        issues.error("The file is empty: a reana.yaml needs at least a `workflow` section.")
        return _answer(issues, {}, None, None)

    check_schema(data, issues)
    if not isinstance(data, dict):
        return _answer(issues, {}, None, None)

    workflow = data.get("workflow")
    workflow_type = workflow.get("type") if isinstance(workflow, dict) else None
    workflow_type = workflow_type if workflow_type in WORKFLOW_TYPES else None
    inputs = data.get("inputs")
    parameters = inputs.get("parameters") if isinstance(inputs, dict) else None
    parameters = parameters if isinstance(parameters, dict) else {}

    check_missing_inputs_section(data, issues)
    check_options(inputs, workflow_type, issues)
    if base_dir is not None:
        check_input_paths(inputs, base_dir, issues)
    if workflow_type == "serial":
        check_serial(data, parameters, issues)
    elif workflow_type is not None and base_dir is not None:
        parameters = _check_engine_files(data, workflow_type, parameters, base_dir, issues)
    return _answer(issues, parameters, data, workflow_type)


def _check_engine_files(data, workflow_type, parameters, base_dir, issues) -> dict:
    """cwl/yadage/snakemake: check the files; answer the parameters REANA would get."""
    if workflow_type in ("cwl", "snakemake"):
        from_file = parameter_file(data, base_dir, issues)
        if from_file is not None:
            parameters = from_file
    if workflow_type == "cwl":
        check_cwl(data, base_dir, issues)
    elif workflow_type == "yadage":
        check_yadage(data, parameters, base_dir, issues)
    else:
        check_snakemake(data, base_dir, issues)
    return parameters


def _answer(issues: IssueList, parameters: dict, data, workflow_type) -> Validation:
    unique = {
        (i.severity, i.message, i.file, i.key, i.line, i.column, i.run_only): i
        for i in issues.issues
    }
    found = sorted(
        unique.values(),
        key=lambda i: (
            (i.file is not None, i.file or ""),
            (i.line is not None, i.line or 0, i.column or 0),
            i.severity != ERROR,
        ),
    )
    return Validation(
        valid=not any(issue.severity == ERROR for issue in found),
        issues=found,
        parameters=json_value(parameters),
        specification=json_value(data) if isinstance(data, dict) else None,
        workflow_type=workflow_type,
        reana_valid=not any(i.severity == ERROR and not i.run_only for i in found),
    )


def validate_file(path: Path) -> Validation:
    path = Path(path)
    try:
        text = files.read_text(path.parent, path.name)
    except NotFound:
        return _failed(f"There is no file {path.name}.")
    except VRELabError as error:
        return _failed(f"{path.name} cannot be read: {error.message}.")
    except UnicodeDecodeError:
        return _failed(f"{path.name} is not UTF-8 text.")
    except OSError as error:
        return _failed(f"{path.name} cannot be read: {error.strerror}.")
    return validate_text(text, path.parent)


def _failed(message: str) -> Validation:
    return Validation(False, [Issue(ERROR, message, None, None, "")], {}, None, None)


def local_specification(path: Path) -> dict:
    """The reana.yaml as written, for the local engine (which reads workflow files itself);
    SpecificationError if it is not valid."""
    return copy.deepcopy(checked(Path(path)).specification)


def checked(path: Path, validation: Validation | None = None) -> Validation:
    """The reana.yaml's validation; SpecificationError naming its first error if REANA would
    refuse it (an input missing here is `run_only`: refused before a run, not by REANA).
    `validation`: the file's validation made earlier in the same action (it is not made again)."""
    path = Path(path)
    validation = validation if validation is not None else validate_file(path)
    errors = [i for i in validation.issues if i.severity == ERROR and not i.run_only]
    if errors:
        where = ", ".join([*([errors[0].file] if errors[0].file else []), f"line {errors[0].line}"])
        where = f" ({where})" if errors[0].line else ""
        raise SpecificationError(
            f"{path.name} is not a valid reana.yaml: {errors[0].message}{where}"
        )
    return validation
