"""Yadage workflows: the workflow file with its `$ref`s resolved, its shape, and its parameters.

reana-client loads the file with yadage-schemas (`$ref`s resolved as validation_yadage_refs says)
and validates it against yadage's JSON schemas, which allow no unknown keys. Without yadage this
checks the same shape for what a workflow is made of (stages, their scheduler, the step's process,
environment and publisher) but not every field of every process, publisher and environment kind.
Each issue points at the file and line where the stage or step is written.

Parameter warnings follow what packtivity interpolates: a reana.yaml parameter no stage takes, a
stage parameter its step never uses, a `{name}` in a step's process, environment or
`interpolated-pub` publisher (or a name in a `frompar-pub` outputmap) that its stage does not
define. The names a publisher publishes are its outputs, not uses (reana-client counts them as
uses, and so warns about names that are not undefined).
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

from .validation_commands import dangerous_operations, image_tag_problem
from .validation_model import IssueList
from .validation_workflow_files import WORKFLOW_FILE, Unreadable, workflow_file
from .validation_yadage_refs import References

SCHEDULERS = ("singlestep-stage", "multistep-stage", "jq-stage")
STAGE_KEYS = ("name", "dependencies", "scheduler")
STEP_KEYS = ("process", "environment", "publisher")
REMOTE = ("http:", "https:", "github:", "gitlab-cern:", "from-github", "from-cap")
_PLACEHOLDER = re.compile(r"\{+([^{}]*)\}+")


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
    references = References(base_dir, base_dir / toplevel, issues)
    try:
        workflow = references.workflow(path)
    except Unreadable:
        return
    stages = _check_workflow(workflow, references)
    _check_parameters(stages, parameters, references, issues)


def _check_workflow(workflow, references: References) -> list[dict]:
    """The stages (nested ones included) that have the expected shape; errors for the others."""

    def error(message: str, value, *keys, on_key: bool = False) -> None:
        place = references.place(value, *keys)
        place.error(f"In `{place.file}`, {message}", on_key=on_key)

    if not isinstance(workflow, dict) or not isinstance(workflow.get("stages"), list):
        if isinstance(workflow, dict | list):
            error("the workflow must be a mapping with a list of `stages`.", workflow)
        else:
            references.files[references.top].error(
                "The workflow must be a mapping with a list of `stages`."
            )
        return []
    for key in workflow:
        if key != "stages":
            error(f"the key `{key}` is not allowed next to `stages`.", workflow, key, on_key=True)
    good = []
    for index, stage in enumerate(workflow["stages"]):
        if not isinstance(stage, dict):
            error(f"stage {index} must be a mapping.", workflow["stages"], index)
            continue
        name = stage.get("name")
        where = f'stage "{name}"' if isinstance(name, str) else f"stage {index}"
        if not isinstance(name, str):
            error(f"{where} has no `name`.", stage)
        for key in stage:
            if key not in STAGE_KEYS:
                message = f"{where} has the key `{key}`, which yadage does not allow."
                error(message, stage, key, on_key=True)
        scheduler = stage.get("scheduler")
        if not isinstance(scheduler, dict):
            error(f"{where} has no `scheduler` mapping.", stage, "scheduler")
            continue
        if scheduler.get("scheduler_type") not in SCHEDULERS:
            message = f"{where} needs a `scheduler_type`: one of {', '.join(SCHEDULERS)}."
            error(message, scheduler, "scheduler_type")
            continue
        if "workflow" in scheduler:
            good += _check_workflow(scheduler["workflow"], references)
        step = scheduler.get("step")
        if step is not None and _check_step(step, where, scheduler, error):
            good.append(stage)
    return good


def _check_step(step, where: str, scheduler: dict, error) -> bool:
    if not isinstance(step, dict):
        error(f"the step of {where} must be a mapping.", scheduler, "step")
        return False
    missing = [key for key in STEP_KEYS if key not in step]
    if missing:
        error(f"the step of {where} has no {', '.join(f'`{key}`' for key in missing)}.", step)
    for key in step:
        if key not in STEP_KEYS:
            message = f"the step of {where} has the key `{key}`, which yadage does not allow."
            error(message, step, key, on_key=True)
    return not missing


def _stage_parameters(stage: dict) -> dict[str, tuple]:
    """The stage's parameter names, each with the keys leading to it from the scheduler."""
    parameters = stage["scheduler"].get("parameters")
    if isinstance(parameters, dict):
        return {str(key): ("parameters", key) for key in parameters}
    if isinstance(parameters, list):
        return {
            str(item["key"]): ("parameters", index, "key")
            for index, item in enumerate(parameters)
            if isinstance(item, dict) and "key" in item
        }
    return {}


def _strings(value, keys=()):
    """The texts in `value`, each with the keys leading to it."""
    if isinstance(value, str):
        yield value, keys
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*keys, index))


def placeholders(text: str) -> list[tuple[str, str]]:
    """The names `str.format` looks up in `text`, each with the `{...}` it is written as."""
    try:
        fields = [
            field
            for _text, field, _spec, _conversion in Formatter().parse(text)
            if field is not None
        ]
    except ValueError:  # unbalanced braces: the regex reana-client uses
        return [(name, f"{{{name}}}") for name in _PLACEHOLDER.findall(text)]
    found = []
    for field in fields:
        name = re.match(r"[^.\[]*", field).group(0)
        if name and not name.isdigit():
            found.append((name, f"{{{field}"))
    return found


def _uses(step: dict) -> list[tuple[str, str | None, tuple]]:
    """(name, `{...}` as written, keys from the step) for each parameter the step uses.

    None as written: a `frompar-pub` outputmap value, the bare name of a parameter.
    """
    uses = []
    for part in ("process", "environment"):
        for text, keys in _strings(step.get(part), (part,)):
            uses += [(name, written, keys) for name, written in placeholders(text)]
    publisher = step.get("publisher")
    kind = publisher.get("publisher_type") if isinstance(publisher, dict) else None
    if kind == "interpolated-pub":
        for text, keys in _strings(publisher.get("publish"), ("publisher", "publish")):
            found = placeholders(text)
            uses += [(name, written, keys) for name, written in found if name != "workdir"]
    elif kind == "frompar-pub":
        for text, keys in _strings(publisher.get("outputmap"), ("publisher", "outputmap")):
            uses.append((text, None, keys))
    return uses


def _check_parameters(
    stages: list[dict], parameters: dict, references: References, issues: IssueList
) -> None:
    taken: set[str] = set()
    for stage in stages:
        scheduler = stage["scheduler"]
        step = scheduler["step"]
        name = stage.get("name")
        defined = _stage_parameters(stage)
        taken |= set(defined)
        uses = _uses(step)
        warned: set[str] = set()
        for parameter, written, keys in uses:
            if parameter in defined or parameter in warned:
                continue
            warned.add(parameter)
            place = references.place(step, *keys)
            if written is None:
                place.warning(
                    f'Stage "{name}" publishes the parameter `{parameter}` (`frompar-pub`), '
                    "but its `parameters` have none of that name."
                )
            else:
                message = f'Stage "{name}" uses `{{{parameter}}}`, which its `parameters` do not '
                place.warning_at(message + "define.", written)
        used = {parameter for parameter, _, _ in uses}
        for parameter in sorted(set(defined) - used):
            references.place(scheduler, *defined[parameter]).warning(
                f'Stage "{name}" defines the parameter `{parameter}`, which its step never uses.',
                on_key=len(defined[parameter]) == 2,
            )
        process = step.get("process")
        for key in ("cmd", "script"):
            command = process.get(key) if isinstance(process, dict) else None
            for finding in dangerous_operations(command) if isinstance(command, str) else []:
                references.place(step, "process", key).warning_at(
                    f'The {key} of stage "{name}" {finding.message}.',
                    finding.text,
                    finding.occurrence,
                )
        _check_image(step, name, references)
    for parameter in sorted(str(p) for p in parameters if str(p) not in taken):
        issues.warning(
            f"Parameter `{parameter}` is not used: no stage takes a parameter of that name.",
            ("inputs", "parameters", parameter),
            on_key=True,
        )


def _check_image(step: dict, stage: str, references: References) -> None:
    environment = step.get("environment")
    if not isinstance(environment, dict) or not isinstance(environment.get("image"), str):
        return
    image = environment["image"]
    tag = environment.get("imagetag")
    reference = f"{image}:{tag}" if isinstance(tag, str) and tag else image
    problem = image_tag_problem(reference)
    if problem:
        message = f'Image `{reference}` of stage "{stage}" {problem}.'
        references.place(step, "environment", "image").warning(message)
