"""The files a cwl, yadage or snakemake reana.yaml names: the workflow file and the parameter file.

reana-client reads them relative to the folder it runs in; vre-lab reads them relative to the
folder of the reana.yaml (where the panel runs it from). A missing or unreadable file is an error,
as it is for reana-client. A file outside that folder is never read (a warning says so): REANA
could not get it into the workflow's workspace anyway, and the validator must not show the
content of files elsewhere on the server.
"""

from __future__ import annotations

from pathlib import Path

from ..core import files
from ..core.errors import VRELabError
from .validation_model import ERROR, IssueList
from .validation_yaml import YamlSyntaxError, load_document

WORKFLOW_FILE = ("workflow", "file")
PARAMETER_FILE = ("inputs", "parameters", "input")


class Unreadable(Exception):
    """A file could not be read as YAML; the issue is reported already."""


def outside(base_dir: Path, path: Path, name: str, issues: IssueList, at: tuple) -> bool:
    """True (with a warning) when `path` is not inside `base_dir`, symbolic links followed."""
    if path.resolve().is_relative_to(base_dir.resolve()):
        return False
    issues.warning(
        f"`{name}` is outside the folder of the reana.yaml, so REANA cannot have it in the "
        "workflow's workspace; it is not read here.",
        at,
    )
    return True


def workflow_file(data: dict, base_dir: Path, issues: IssueList, folder: str = ".") -> Path | None:
    """The workflow file's path, or None when it is not there (an error) or not to be read."""
    name = data["workflow"].get("file")
    if not isinstance(name, str):
        return None  # a schema error already
    path = base_dir / folder / name
    if not path.is_file():
        where = "" if folder in (".", "") else f" in `{folder}`"
        issues.error(
            f"The workflow file `{name}` does not exist{where} next to the reana.yaml.",
            WORKFLOW_FILE,
        )
        return None
    return None if outside(base_dir, path, name, issues, WORKFLOW_FILE) else path


def label(base_dir: Path, path: Path) -> str:
    """How issues name a file: its path relative to the reana.yaml's folder."""
    try:
        return path.relative_to(base_dir).as_posix()
    except ValueError:
        return str(path)


def read_document(path: Path, base_dir: Path, issues: IssueList, at: tuple = WORKFLOW_FILE):
    """The file (YAML or JSON) with where its keys are; raises Unreadable when it cannot.

    A file that cannot be read is an error at `at` in the reana.yaml; one that is not YAML is
    an error in that file, where it breaks.
    """
    name = label(base_dir, path)
    try:
        return load_document(files.read_text(path.parent, path.name))
    except VRELabError as error:
        issues.error(f"`{name}` cannot be read: {error.message}.", at)
    except (OSError, UnicodeDecodeError) as error:
        issues.error(f"`{name}` cannot be read: {error}.", at)
    except YamlSyntaxError as error:
        where = error.position
        message = error.message.replace("The file", f"`{name}`", 1).replace(
            ": a reana.yaml is one document", ""
        )
        issues.in_file(name, None).at(
            ERROR, message, (), where and where.line, where and where.column
        )
    raise Unreadable(name)


def parameter_file(data: dict, base_dir: Path, issues: IssueList) -> dict | None:
    """cwl and snakemake: the parameters from the file `inputs.parameters.input` names.

    reana-client replaces `inputs.parameters` by that file's content (and sends that to REANA);
    None when there is no such file (or it is empty).
    """
    inputs = data.get("inputs")
    parameters = inputs.get("parameters") if isinstance(inputs, dict) else None
    if not isinstance(parameters, dict) or "input" not in parameters:
        return None
    name = parameters["input"]
    if not isinstance(name, str) or not name:
        issues.error("`inputs.parameters.input` must name a file of parameters.", PARAMETER_FILE)
        return None
    path = base_dir / name
    if not path.is_file():
        issues.error(
            f"The parameter file `{name}` does not exist next to the reana.yaml.", PARAMETER_FILE
        )
        return None
    if outside(base_dir, path, name, issues, PARAMETER_FILE):
        return None
    try:
        content = read_document(path, base_dir, issues, PARAMETER_FILE).data
    except Unreadable:
        return None
    if content is not None and not isinstance(content, dict):
        issues.error(
            f"The parameter file `{name}` must hold a mapping of parameter names to values.",
            PARAMETER_FILE,
        )
        return None
    return content
