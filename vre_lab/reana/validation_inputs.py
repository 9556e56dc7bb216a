"""Checks of `inputs`: operational options (as reana-client checks them) and the input paths.

reana-client's `validate` never looks at the files: `inputs.files` and `inputs.directories` that do
not exist pass, and `reana-client upload` later skips a missing path without a word. Here they are
warnings, so pass/fail still agrees with reana-client while the user learns of them before a run.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .validation_model import IssueList

# option -> the workflow types that accept it (reana-commons' operational options)
OPERATIONAL_OPTIONS = {
    "CACHE": ("serial",),
    "FROM": ("serial",),
    "TARGET": ("serial", "cwl"),
    "toplevel": ("yadage",),
    "initdir": ("yadage",),
    "initfiles": ("yadage",),
    "accept_metadir": ("yadage",),
    "report": ("snakemake",),
}


def check_missing_inputs_section(data: dict, issues: IssueList) -> None:
    if "inputs" not in data:
        issues.warning(
            "The file has no `inputs` section, so no input files or parameters go with the "
            "workflow (reana-client warns about this too).",
            (),
        )


def check_options(inputs, workflow_type: str | None, issues: IssueList) -> None:
    options = inputs.get("options") if isinstance(inputs, dict) else None
    if not isinstance(options, dict) or workflow_type not in (
        "serial",
        "cwl",
        "yadage",
        "snakemake",
    ):
        return  # a wrong type is a schema error already
    for option in options:
        path = ("inputs", "options", option)
        types = OPERATIONAL_OPTIONS.get(option)
        if types is None:
            known = ", ".join(OPERATIONAL_OPTIONS)
            message = f"Unknown operational option `{option}`: REANA knows {known}."
            issues.error(message, path, on_key=True)
        elif workflow_type not in types:
            issues.error(
                f"The operational option `{option}` is for {' and '.join(types)} workflows, "
                f"not {workflow_type}.",
                path,
                on_key=True,
            )


def check_input_paths(inputs, base_dir: Path, issues: IssueList) -> None:
    if not isinstance(inputs, dict):
        return
    for section, want_directory in (("files", False), ("directories", True)):
        entries = inputs.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, str):
                problem = _path_problem(entry, base_dir, want_directory)
                if problem:
                    issues.warning(problem, ("inputs", section, index))


def _path_problem(entry: str, base_dir: Path, want_directory: bool) -> str | None:
    kind = "directory" if want_directory else "file"
    name = PurePosixPath(entry.strip())
    if not entry.strip():
        return f"An empty input {kind} name."
    if name.is_absolute() or ".." in name.parts:
        return (
            f"Input {kind} `{entry}` must be a path inside the folder of the reana.yaml "
            "(relative, without `..`)."
        )
    path = base_dir / name
    if want_directory:
        if path.is_file():
            return f"`{entry}` is a file: list it under `inputs.files`."
        if not path.is_dir():
            return f"Input directory `{entry}` does not exist next to the reana.yaml."
    else:
        if path.is_dir():
            return f"`{entry}` is a directory: list it under `inputs.directories`."
        if not path.is_file():
            return f"Input file `{entry}` does not exist next to the reana.yaml."
    return None
