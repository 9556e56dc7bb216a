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
from .validation_workflow_files import Unreadable, label, outside, read_document, workflow_file

CLASSES = ("Workflow", "CommandLineTool", "ExpressionTool", "Operation")
MAX_FILES = 200


def check_cwl(data: dict, base_dir: Path, issues: IssueList) -> None:
    path = workflow_file(data, base_dir, issues)
    if path is None:
        return
    checker = _Checker(base_dir, issues)
    checker.visited.add(path.resolve())
    checker.file(path, top=True)


class _Checker:
    """Checks each CWL file once; its issues point into it (`IssueList.in_file`)."""

    def __init__(self, base_dir: Path, issues: IssueList):
        self.base_dir = base_dir
        self.issues = issues
        self.visited: set[Path] = set()

    def file(self, path: Path, *, top: bool = False) -> None:
        try:
            document = read_document(path, self.base_dir, self.issues)
        except Unreadable:
            return
        name = label(self.base_dir, path)
        issues = self.issues.in_file(name, document)
        data = document.data
        if not isinstance(data, dict):
            issues.error(f"`{name}` must be a CWL document (a mapping).")
            return
        if top and not isinstance(data.get("cwlVersion"), str):
            issues.error(f"`{name}` has no `cwlVersion` (e.g. `cwlVersion: v1.2`).")
        graph = data.get("$graph")
        if isinstance(graph, list):
            for index, process in enumerate(graph):
                if isinstance(process, dict):
                    self.process(process, ("$graph", index), path, issues)
        else:
            self.process(data, (), path, issues)

    def process(self, process: dict, at: tuple, path: Path, issues: IssueList) -> None:
        if process.get("class") not in CLASSES:
            found = process.get("class")
            what = f"`class: {found}`" if found is not None else "no `class`"
            issues.error(
                f"`{issues.file}` has {what}: a CWL process is one of {', '.join(CLASSES)}.",
                (*at, "class"),
            )
        self.commands(process, at, issues)
        self.images(process, at, issues)
        steps = process.get("steps")
        keyed = steps.items() if isinstance(steps, dict) else ()
        keyed = enumerate(steps) if isinstance(steps, list) else keyed
        for key, step in keyed:
            run = step.get("run") if isinstance(step, dict) else None
            where = (*at, "steps", key, "run")
            if isinstance(run, dict):
                self.process(run, where, path, issues)
            elif isinstance(run, str) and not run.startswith("#"):
                self.run_file(path.parent / run.split("#", 1)[0], run, where, issues)

    def run_file(self, target: Path, run: str, where: tuple, issues: IssueList) -> None:
        if target.resolve() in self.visited or len(self.visited) >= MAX_FILES:
            return
        if not target.is_file():
            issues.error(f"`{issues.file}` runs `{run}`, which does not exist next to it.", where)
            return
        self.visited.add(target.resolve())
        if not outside(self.base_dir, target, run, issues, where):
            self.file(target)

    def commands(self, process: dict, at: tuple, issues: IssueList) -> None:
        for key in ("baseCommand", "arguments"):
            values = process.get(key)
            items = enumerate(values) if isinstance(values, list) else [(None, values)]
            for index, value in items:
                path = (*at, key) if index is None else (*at, key, index)
                text = value
                if isinstance(value, dict):
                    text, path = value.get("valueFrom"), (*path, "valueFrom")
                if not isinstance(text, str):
                    continue
                for finding in dangerous_operations(text + " "):
                    name = process.get("id") or issues.file
                    message = f"`{key}` of `{name}` {finding.message}."
                    issues.at_text("warning", message, path, finding.text, finding.occurrence)

    def images(self, process: dict, at: tuple, issues: IssueList) -> None:
        for key in ("requirements", "hints"):
            entries = process.get(key)
            if isinstance(entries, dict):  # {DockerRequirement: {...}}
                entries = [
                    ((*at, key, name), {"class": name, **value})
                    for name, value in entries.items()
                    if isinstance(value, dict)
                ]
            elif isinstance(entries, list):
                entries = [((*at, key, index), entry) for index, entry in enumerate(entries)]
            for path, entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and entry.get("class") == "DockerRequirement":
                    image = entry.get("dockerPull")
                    problem = isinstance(image, str) and image_tag_problem(image)
                    if problem:
                        message = f"Image `{image}` in `{issues.file}` {problem}."
                        issues.warning(message, (*path, "dockerPull"))
