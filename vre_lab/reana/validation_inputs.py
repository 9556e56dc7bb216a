"""Checks of `inputs`: operational options (as reana-client checks them) and the input paths.

reana-client's `validate` never looks at the files: `inputs.files` and `inputs.directories` that do
not exist pass, and `reana-client upload` later skips a missing path without a word. A run from
here refuses them, so here they are errors, marked `run_only`: the answer's `reana_valid` still
agrees with reana-client, and `valid` with what a run will do. Each says how to fix it: a notebook
next to the reana.yaml that names a missing file presumably writes it, so it is named.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..core import files
from ..core.errors import VRELabError
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
                    issues.run_error(problem, ("inputs", section, index))


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
            return (
                f"Input directory `{entry}` does not exist next to the reana.yaml. "
                + how_to_make(entry, base_dir, "directory")
            )
    else:
        if path.is_dir():
            return f"`{entry}` is a directory: list it under `inputs.directories`."
        if not path.is_file():
            return f"Input file `{entry}` does not exist next to the reana.yaml. " + how_to_make(
                entry, base_dir, "file"
            )
    return None


# notebooks looked into for the name of a missing input, and how much of each
NOTEBOOKS_LOOKED_INTO = 20
NOTEBOOK_BYTES = 2 * 1024 * 1024


def how_to_make(entry: str, base_dir: Path, kind: str = "file") -> str:
    """How to get a missing input: run the notebook next to the reana.yaml that names it (it
    presumably writes it), else make it or leave it out."""
    notebook = writer_of(entry, base_dir)
    section = "inputs.directories" if kind == "directory" else "inputs.files"
    if notebook:
        return (
            f"{notebook} names it: run that notebook first (Run → Run All Cells), then run the "
            "workflow again."
        )
    return f"Create it before the run, or remove it from `{section}`."


def writer_of(entry: str, base_dir: Path) -> str | None:
    """A notebook in the reana.yaml's folder (or one level below) whose text names `entry`."""
    needle = PurePosixPath(entry.strip()).as_posix()
    try:
        candidates = sorted(base_dir.glob("*.ipynb")) + sorted(base_dir.glob("*/*.ipynb"))
    except OSError:
        return None
    for notebook in candidates[:NOTEBOOKS_LOOKED_INTO]:
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        relative = notebook.relative_to(base_dir).as_posix()
        try:
            text = files.read_text(base_dir, relative, NOTEBOOK_BYTES)
        except (VRELabError, OSError, UnicodeDecodeError):
            continue
        if needle in text:
            return relative
    return None
