"""Snakemake workflows: the checks that need no Snakemake.

reana-client runs a Snakemake dry run on the Snakefile (with `inputs.parameters.input` as config
file), so a Snakefile that does not parse, or a rule input that no rule makes and no file holds,
fails `reana-client validate`. That needs Snakemake; this checks that the Snakefile and the config
file exist and the config file is YAML, and scans the Snakefile for `sudo`/`cd /` and for
`container:` images without a pinned tag (warnings).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core import files
from ..core.errors import VRELabError
from .validation_commands import dangerous_operations, image_tag_problem
from .validation_model import IssueList
from .validation_workflow_files import WORKFLOW_FILE, workflow_file

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
    name = data["workflow"]["file"]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for finding in dangerous_operations(line + " "):
            issues.warning(f"Line {number} of `{name}` {finding.message}.", WORKFLOW_FILE)
        image = _CONTAINER.match(line)
        problem = image and image_tag_problem(image.group(1))
        if problem:
            message = f"Image `{image.group(1)}` (line {number} of `{name}`) {problem}."
            issues.warning(message, WORKFLOW_FILE)
