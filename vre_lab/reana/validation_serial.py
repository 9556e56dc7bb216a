"""Checks of serial workflows beyond the schema, as reana-client makes them on `validate`.

- an `htcondor_max_runtime` must be a number of seconds or an HTCondor job flavour (an error:
  reana-client stops);
- parameters: `${name}` in a command that `inputs.parameters` does not define, and parameters no
  command uses (warnings); `$$` is a literal `$`, as REANA's serial engine (and the local one)
  reads it with `string.Template`, so `$${HOSTNAME}` uses no parameter (reana-client warns
  about it all the same);
- commands with `sudo` or `cd /` (warnings), and container images without a pinned tag (warnings).
"""

from __future__ import annotations

import re

from .validation_commands import dangerous_operations, image_tag_problem
from .validation_model import IssueList

HTCONDOR_FLAVOURS = (
    "espresso",
    "microcentury",
    "longlunch",
    "workday",
    "tomorrow",
    "testmatch",
    "nextweek",
)

# `$$`, then `${name}` (what reana-client looks for), then `$name` (REANA's engine expands it too)
_DOLLAR = re.compile(r"\$\$|\$\{(?P<braced>[^}]*)\}|\$(?P<named>[_a-zA-Z][_a-zA-Z0-9]*)")
_KUBERNETES_MEMORY = re.compile(r"\d+|(\d+\.)?\d+[EPTGMK]i?")

STEPS = ("workflow", "specification", "steps")


def serial_steps(data) -> list[tuple[int, dict]]:
    """The steps that are mappings, with their index (nothing if the structure is broken)."""
    workflow = data.get("workflow") if isinstance(data, dict) else None
    specification = workflow.get("specification") if isinstance(workflow, dict) else None
    steps = specification.get("steps") if isinstance(specification, dict) else None
    if not isinstance(steps, list):
        return []
    return [(index, step) for index, step in enumerate(steps) if isinstance(step, dict)]


def step_commands(step: dict) -> list[tuple[int, str]]:
    commands = step.get("commands")
    if not isinstance(commands, list):
        return []
    return [(index, command) for index, command in enumerate(commands) if isinstance(command, str)]


def step_label(index: int, step: dict) -> str:
    name = step.get("name")
    return f'step "{name}"' if isinstance(name, str) and name else f"step {index}"


def check_serial(data, parameters: dict, issues: IssueList) -> None:
    steps = serial_steps(data)
    for index, step in steps:
        path = (*STEPS, index)
        _check_htcondor_runtime(step, path, issues)
        _check_memory(step, path, issues)
        image = step.get("environment")
        if isinstance(image, str):
            problem = image_tag_problem(image)
            if problem:
                issues.warning(f"Image `{image}` {problem}.", (*path, "environment"))
        for number, command in step_commands(step):
            for finding in dangerous_operations(command):
                where = issues.document.find_in_scalar(
                    (*path, "commands", number), finding.text, finding.occurrence
                )
                message = f"A command of {step_label(index, step)} {finding.message}."
                _at(issues, message, (*path, "commands", number), where)
    _check_parameters(steps, parameters, issues)


def _check_htcondor_runtime(step: dict, path: tuple, issues: IssueList) -> None:
    runtime = step.get("htcondor_max_runtime")
    # reana-client skips empty values; other types are schema errors already
    if not isinstance(runtime, str) or not runtime or runtime.isdigit():
        return
    if runtime not in HTCONDOR_FLAVOURS:
        issues.error(
            f"`htcondor_max_runtime` is `{runtime}`: write a number of seconds in quotes "
            f'("3600") or an HTCondor job flavour ({", ".join(HTCONDOR_FLAVOURS)}).',
            (*path, "htcondor_max_runtime"),
        )


def _check_memory(step: dict, path: tuple, issues: IssueList) -> None:
    limit = step.get("kubernetes_memory_limit")
    # the schema accepts any text that ends like a quantity ("x1Gi"), as reana-client does
    if not isinstance(limit, str) or not re.search(r"\d([EPTGMK]i?)?$", limit):
        return
    if not _KUBERNETES_MEMORY.fullmatch(limit):
        issues.warning(
            f"`kubernetes_memory_limit` is `{limit}`: REANA accepts it, but Kubernetes "
            "expects a quantity such as `512Mi` or `2Gi`.",
            (*path, "kubernetes_memory_limit"),
        )


def _check_parameters(steps, parameters: dict, issues: IssueList) -> None:
    defined = {str(name) for name in parameters}
    referenced: set[str] = set()
    for index, step in steps:
        for number, command in step_commands(step):
            seen: set[str] = set()
            for match in _DOLLAR.finditer(command):
                if match.group("named") is not None:
                    referenced.add(match.group("named"))
                name = match.group("braced")
                if name is None:
                    continue
                referenced.add(name)
                if name in defined or name in seen:
                    continue
                seen.add(name)
                path = (*STEPS, index, "commands", number)
                nth = command.count(match.group(0), 0, match.start())
                where = issues.document.find_in_scalar(path, match.group(0), nth)
                message = (
                    f"A command of {step_label(index, step)} uses `${{{name}}}`, which is not "
                    "defined under `inputs.parameters`."
                )
                _at(issues, message, path, where)
    for name in sorted(defined - referenced):
        issues.warning(
            f"Parameter `{name}` is not used: no step command refers to `${{{name}}}`.",
            ("inputs", "parameters", name),
            on_key=True,
        )


def _at(issues: IssueList, message: str, path: tuple, where) -> None:
    if where is None:
        issues.warning(message, path)
    else:
        issues.at("warning", message, path, where.line, where.column)
