"""CWL workflows: the checks that need no cwltool.

reana-client runs `cwltool --pack` and `cwltool --validate --strict` on the workflow file. Without
cwltool this checks what most often breaks them: the file and every file a step `run:`s exist and
are YAML, each document says its `class`, the top one its `cwlVersion`; plus reana-client's
warnings about `sudo`/`cd /` in `baseCommand`/`arguments`, and image tags of `DockerRequirement`s.
Deeper CWL errors (types, bindings, expressions) are left to cwltool.
"""

from __future__ import annotations

from pathlib import Path

from .validation_commands import dangerous_operations, image_tag_problem
from .validation_model import IssueList
from .validation_workflow_files import (
    WORKFLOW_FILE,
    Unreadable,
    outside,
    read_yaml,
    workflow_file,
)

CLASSES = ("Workflow", "CommandLineTool", "ExpressionTool", "Operation")
MAX_FILES = 200


def check_cwl(data: dict, base_dir: Path, issues: IssueList) -> None:
    path = workflow_file(data, base_dir, issues)
    if path is None:
        return
    checker = _Checker(base_dir, issues)
    try:
        document = read_yaml(path, checker.label(path), issues)
    except Unreadable:
        return
    label = checker.label(path)
    if not isinstance(document, dict):
        issues.error(f"`{label}` must be a CWL document (a mapping).", WORKFLOW_FILE)
        return
    if not isinstance(document.get("cwlVersion"), str):
        issues.error(f"`{label}` has no `cwlVersion` (e.g. `cwlVersion: v1.2`).", WORKFLOW_FILE)
    checker.visited.add(path.resolve())
    checker.document(document, path)


class _Checker:
    def __init__(self, base_dir: Path, issues: IssueList):
        self.base_dir = base_dir
        self.issues = issues
        self.visited: set[Path] = set()

    def label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.base_dir))
        except ValueError:
            return str(path)

    def document(self, document: dict, path: Path) -> None:
        graph = document.get("$graph")
        processes = graph if isinstance(graph, list) else [document]
        for process in processes:
            if isinstance(process, dict):
                self.process(process, path)

    def process(self, process: dict, path: Path) -> None:
        label = self.label(path)
        if process.get("class") not in CLASSES:
            found = process.get("class")
            what = f"`class: {found}`" if found is not None else "no `class`"
            self.issues.error(
                f"`{label}` has {what}: a CWL process is one of {', '.join(CLASSES)}.",
                WORKFLOW_FILE,
            )
        self.commands(process, label)
        self.images(process, label)
        steps = process.get("steps")
        steps = list(steps.values()) if isinstance(steps, dict) else steps
        for step in steps if isinstance(steps, list) else []:
            run = step.get("run") if isinstance(step, dict) else None
            if isinstance(run, dict):
                self.process(run, path)
            elif isinstance(run, str) and not run.startswith("#"):
                self.run_file(path.parent / run.split("#", 1)[0], label, run)

    def run_file(self, target: Path, label: str, run: str) -> None:
        if target.resolve() in self.visited or len(self.visited) >= MAX_FILES:
            return
        if not target.is_file():
            self.issues.error(
                f"`{label}` runs `{run}`, which does not exist next to it.", WORKFLOW_FILE
            )
            return
        self.visited.add(target.resolve())
        if outside(self.base_dir, target, run, self.issues, WORKFLOW_FILE):
            return
        try:
            document = read_yaml(target, self.label(target), self.issues)
        except Unreadable:
            return
        if isinstance(document, dict):
            self.document(document, target)
        else:
            self.issues.error(
                f"`{self.label(target)}` must be a CWL document (a mapping).", WORKFLOW_FILE
            )

    def commands(self, process: dict, label: str) -> None:
        for key in ("baseCommand", "arguments"):
            values = process.get(key)
            for value in values if isinstance(values, list) else [values]:
                text = value.get("valueFrom") if isinstance(value, dict) else value
                if not isinstance(text, str):
                    continue
                for finding in dangerous_operations(text + " "):
                    name = process.get("id") or label
                    self.issues.warning(f"`{key}` of `{name}` {finding.message}.", WORKFLOW_FILE)

    def images(self, process: dict, label: str) -> None:
        for key in ("requirements", "hints"):
            entries = process.get(key)
            if isinstance(entries, dict):  # {DockerRequirement: {...}}
                entries = [
                    {"class": name, **value}
                    for name, value in entries.items()
                    if isinstance(value, dict)
                ]
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and entry.get("class") == "DockerRequirement":
                    image = entry.get("dockerPull")
                    problem = isinstance(image, str) and image_tag_problem(image)
                    if problem:
                        message = f"Image `{image}` in `{label}` {problem}."
                        self.issues.warning(message, WORKFLOW_FILE)
