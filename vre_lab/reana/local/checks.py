"""What a run needs before anything is copied, every problem at once: its input files and
directories, and for a Snakemake, CWL or yadage run its engine, workflow file and parameter
file. `raise_all` makes them one 400 whose message lists them and whose `errors` holds each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...core.errors import BadRequest
from ..validation_inputs import how_to_make

MANY = "run_cannot_start"


@dataclass(frozen=True)
class Problem:
    field: str  # where in reana.yaml, dotted
    message: str
    code: str = "bad_request"


def raise_all(problems: list[Problem]) -> None:
    if not problems:
        return
    codes = {problem.code for problem in problems}
    code = codes.pop() if len(codes) == 1 else MANY
    if len(problems) == 1:
        message = problems[0].message
    else:
        listed = " ".join(f"({n}) {p.message}" for n, p in enumerate(problems, 1))
        message = f"The run cannot start, for {len(problems)} reasons: {listed}"
    errors = [{"field": problem.field, "message": problem.message} for problem in problems]
    raise BadRequest(message, code=code, errors=errors)


def missing_inputs(source_dir: Path, files: object, directories: object) -> list[Problem]:
    """Every input of `inputs.files` or `inputs.directories` that is not there (or not a file,
    not a folder). Entries that are not relative paths inside the folder are left to the copy's
    own checks."""
    problems = []
    for key, entries, want in (("files", files, "file"), ("directories", directories, "folder")):
        if not isinstance(entries, list):
            continue
        for number, entry in enumerate(entries):
            if not isinstance(entry, str) or not entry.strip():
                continue
            name = PurePosixPath(entry.strip())
            if name.is_absolute() or ".." in name.parts:
                continue
            path = Path(source_dir) / name
            what = "Input file" if want == "file" else "Input directory"
            if not path.exists():
                kind = "file" if want == "file" else "directory"
                message = f"{what} {entry!r} does not exist next to reana.yaml. " + how_to_make(
                    entry, Path(source_dir), kind
                )
            elif want == "file" and not path.is_file():
                message = f"Input file {entry!r} is not a file; list folders in inputs.directories"
            elif want == "folder" and not path.is_dir():
                message = f"Input directory {entry!r} is not a directory"
            else:
                continue
            problems.append(Problem(f"inputs.{key}.{number}", message))
    return problems
