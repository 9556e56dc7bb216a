"""Yadage workflows: the workflow file with its `$ref`s resolved, its shape, and its parameters.

reana-client loads the file with yadage-schemas (resolving `$ref`s relative to `toplevel`) and
validates it against yadage's JSON schemas, which allow no unknown keys. Without yadage this checks
the same shape for what a workflow is made of (stages, their scheduler, the step's process,
environment and publisher) but not every field of every process, publisher and environment kind.
Parameter warnings follow reana-client's: a reana.yaml parameter no stage takes, a stage parameter
its step never uses, a `{name}` in a step that its stage does not define.
"""

from __future__ import annotations

import re
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

SCHEDULERS = ("singlestep-stage", "multistep-stage", "jq-stage")
STAGE_KEYS = ("name", "dependencies", "scheduler")
STEP_KEYS = ("process", "environment", "publisher")
REMOTE = ("http:", "https:", "github:", "gitlab-cern:", "from-github", "from-cap")
_PLACEHOLDER = re.compile(r"\{+([^{}]*)\}+")
MAX_HOPS = 50  # `$ref`s followed in a row: more means they loop


def check_yadage(data: dict, parameters: dict, base_dir: Path, issues: IssueList) -> None:
    inputs = data.get("inputs")
    options = inputs.get("options") if isinstance(inputs, dict) else None
    toplevel = options.get("toplevel", ".") if isinstance(options, dict) else "."
    if not isinstance(toplevel, str):
        toplevel = "."
    if toplevel.startswith(REMOTE):
        issues.warning(
            f"The workflow is loaded from `{toplevel}`, which cannot be checked offline.",
            WORKFLOW_FILE,
        )
        return
    path = workflow_file(data, base_dir, issues, folder=toplevel)
    if path is None:
        return
    resolver = _References(base_dir, issues)
    try:
        workflow = resolver.resolve(resolver.load(path), path, 0)
    except Unreadable:
        return
    stages = _check_workflow(workflow, resolver.label(path), issues)
    _check_parameters(stages, parameters, issues)


class _References:
    """JSON references (`$ref: steps.yml#/name`) resolved relative to the file holding them."""

    def __init__(self, base_dir: Path, issues: IssueList):
        self.base_dir = base_dir
        self.issues = issues
        self.files: dict[Path, object] = {}

    def label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.base_dir))
        except ValueError:
            return str(path)

    def load(self, path: Path):
        key = path.resolve()
        if key not in self.files:
            self.files[key] = read_yaml(path, self.label(path), self.issues)
        return self.files[key]

    def resolve(self, value, current: Path, hops: int):
        if hops > MAX_HOPS:
            self.issues.error(f"`$ref`s in `{self.label(current)}` loop.", WORKFLOW_FILE)
            raise Unreadable(str(current))
        if isinstance(value, list):
            return [self.resolve(item, current, hops) for item in value]
        if not isinstance(value, dict):
            return value
        reference = value.get("$ref")
        if not isinstance(reference, str):
            return {key: self.resolve(item, current, hops) for key, item in value.items()}
        name, _, pointer = reference.partition("#")
        target = current.parent / name if name else current
        if not target.is_file():
            self.issues.error(
                f"`{self.label(current)}` refers to `{reference}`, but `{name}` does not exist.",
                WORKFLOW_FILE,
            )
            raise Unreadable(reference)
        if outside(self.base_dir, target, name, self.issues, WORKFLOW_FILE):
            raise Unreadable(reference)
        return self.resolve(self.pointer(self.load(target), pointer, reference), target, hops + 1)

    def pointer(self, document, pointer: str, reference: str):
        value = document
        for part in [p for p in pointer.split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                self.issues.error(f"The `$ref` `{reference}` points at nothing.", WORKFLOW_FILE)
                raise Unreadable(reference)
        return value


def _check_workflow(workflow, label: str, issues: IssueList) -> list[dict]:
    """The stages (nested ones included) that have the expected shape; errors for the others."""

    def error(message: str) -> None:
        issues.error(f"In `{label}`, {message}", WORKFLOW_FILE)

    if not isinstance(workflow, dict) or not isinstance(workflow.get("stages"), list):
        error("the workflow must be a mapping with a list of `stages`.")
        return []
    for key in workflow:
        if key != "stages":
            error(f"the key `{key}` is not allowed next to `stages`.")
    good = []
    for index, stage in enumerate(workflow["stages"]):
        if not isinstance(stage, dict):
            error(f"stage {index} must be a mapping.")
            continue
        name = stage.get("name")
        where = f'stage "{name}"' if isinstance(name, str) else f"stage {index}"
        if not isinstance(name, str):
            error(f"{where} has no `name`.")
        for key in stage:
            if key not in STAGE_KEYS:
                error(f"{where} has the key `{key}`, which yadage does not allow.")
        scheduler = stage.get("scheduler")
        if not isinstance(scheduler, dict):
            error(f"{where} has no `scheduler` mapping.")
            continue
        if scheduler.get("scheduler_type") not in SCHEDULERS:
            error(f"{where} needs a `scheduler_type`: one of {', '.join(SCHEDULERS)}.")
            continue
        if "workflow" in scheduler:
            good += _check_workflow(scheduler["workflow"], label, issues)
        step = scheduler.get("step")
        if step is not None and _check_step(step, where, error):
            good.append(stage)
    return good


def _check_step(step, where: str, error) -> bool:
    if not isinstance(step, dict):
        error(f"the step of {where} must be a mapping.")
        return False
    missing = [key for key in STEP_KEYS if key not in step]
    if missing:
        error(f"the step of {where} has no {', '.join(f'`{key}`' for key in missing)}.")
    for key in step:
        if key not in STEP_KEYS:
            error(f"the step of {where} has the key `{key}`, which yadage does not allow.")
    return not missing


def _stage_parameters(stage: dict) -> set[str]:
    parameters = stage["scheduler"].get("parameters")
    if isinstance(parameters, dict):
        return {str(key) for key in parameters}
    if isinstance(parameters, list):
        return {str(p["key"]) for p in parameters if isinstance(p, dict) and "key" in p}
    return set()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _step_texts(step: dict) -> list[str]:
    """The texts of a step where `{parameter}`s are used, publisher keys written as `{key}`."""
    texts = list(_strings(step))
    publisher = step.get("publisher")
    if isinstance(publisher, dict):
        publish = publisher.get("publish")
        texts += [f"{{{key}}}" for key in publish] if isinstance(publish, dict) else []
        key = publisher.get("outputkey")
        texts += [f"{{{key}}}"] if isinstance(key, str) else []
    return texts


def _check_parameters(stages: list[dict], parameters: dict, issues: IssueList) -> None:
    taken: set[str] = set()
    for stage in stages:
        step = stage["scheduler"]["step"]
        name = stage.get("name")
        defined = _stage_parameters(stage)
        taken |= defined
        used = {found for text in _step_texts(step) for found in _PLACEHOLDER.findall(text)}
        for parameter in sorted(used - defined):
            issues.warning(
                f'Stage "{name}" uses `{{{parameter}}}`, which its `parameters` do not define.',
                WORKFLOW_FILE,
            )
        for parameter in sorted(defined - used):
            issues.warning(
                f'Stage "{name}" defines the parameter `{parameter}`, which its step never uses.',
                WORKFLOW_FILE,
            )
        process = step.get("process")
        for key in ("cmd", "script"):
            command = process.get(key) if isinstance(process, dict) else None
            for finding in dangerous_operations(command) if isinstance(command, str) else []:
                issues.warning(f'The {key} of stage "{name}" {finding.message}.', WORKFLOW_FILE)
        _check_image(step.get("environment"), name, issues)
    for parameter in sorted(str(p) for p in parameters if str(p) not in taken):
        issues.warning(
            f"Parameter `{parameter}` is not used: no stage takes a parameter of that name.",
            ("inputs", "parameters", parameter),
            on_key=True,
        )


def _check_image(environment, stage: str, issues: IssueList) -> None:
    if not isinstance(environment, dict) or not isinstance(environment.get("image"), str):
        return
    image = environment["image"]
    tag = environment.get("imagetag")
    reference = f"{image}:{tag}" if isinstance(tag, str) and tag else image
    problem = image_tag_problem(reference)
    if problem:
        issues.warning(f'Image `{reference}` of stage "{stage}" {problem}.', WORKFLOW_FILE)
