"""Snakemake workflows: the checks that need no Snakemake.

reana-client runs a Snakemake dry run on the Snakefile (with `inputs.parameters.input` as config
file), so a Snakefile that does not parse, or a rule input that no rule makes and no file holds,
fails `reana-client validate`. That needs Snakemake; this checks that the Snakefile and the config
file exist and the config file is YAML, and scans the Snakefile for `sudo`/`cd /` and for
`container:` images without a pinned tag (warnings), each at its line of the Snakefile.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core import files
from ..core.errors import VRELabError
from .validation_commands import dangerous_operations, image_tag_problem
from .validation_model import IssueList
from .validation_workflow_files import WORKFLOW_FILE, label, workflow_file

_CONTAINER = re.compile(r"""^\s*container\s*:\s*["'](?:docker://)?([^"']+)["']""")


def check_snakemake(data: dict, base_dir: Path, issues: IssueList) -> None:
    path = workflow_file(data, base_dir, issues)
    if path is None:
        return
    try:
        text = files.read_text(path.parent, path.name)
    except (OSError, UnicodeDecodeError, VRELabError) as error:
        issues.error(f"The Snakefile `{path.name}` cannot be read: {error}.", WORKFLOW_FILE)
        return
    name = label(base_dir, path)
    snakefile = issues.in_file(name, None)  # not YAML: issues have a line, no key
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("#"):
            continue
        for finding in dangerous_operations(line + " "):
            column = _column(line, finding.text, finding.occurrence)
            message = f"Line {number} of `{name}` {finding.message}."
            snakefile.at("warning", message, (), number, column)
        image = _CONTAINER.match(line)
        problem = image and image_tag_problem(image.group(1))
        if problem:
            message = f"Image `{image.group(1)}` (line {number} of `{name}`) {problem}."
            snakefile.at("warning", message, (), number, line.find(image.group(1)) + 1)


def _column(line: str, text: str, occurrence: int) -> int:
    index = -1
    for _ in range(occurrence + 1):
        index = line.find(text, index + 1)
    return index + 1
