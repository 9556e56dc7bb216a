"""Workflow parameters, put into step commands the way REANA's serial engine does.

REANA expands each command with Python's `string.Template(command).substitute(parameters)`:
`$name` and `${name}` become the parameter's value and `$$` a literal `$`. Anything else after a
`$` (a shell variable that is not a parameter such as `$HOME`, `$(...)`, `$1`, `${x:-y}`) makes
REANA's engine fail the workflow before any step runs.

The local engine is kinder by default: it leaves such text to the shell, and notes that REANA would
refuse it (write `$$HOME` for a shell variable in a file meant for REANA too). With
`strict=True` it refuses the workflow as REANA would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Template

from ...core.errors import BadRequest


@dataclass
class Expansion:
    commands: list[list[str]]  # per step, the commands with the parameters put in
    notes: list[str] = field(default_factory=list)  # what REANA would refuse


def merge(declared: object, given: object) -> dict:
    """The declared defaults (`inputs.parameters`) overridden by the values given for this run."""
    if declared is None:
        declared = {}
    if not isinstance(declared, dict):
        raise BadRequest("inputs.parameters must be a mapping of parameter names to values")
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise BadRequest("The parameters must be a mapping of names to values")
    unknown = sorted(str(name) for name in given if name not in declared)
    if unknown:
        known = ", ".join(sorted(map(str, declared))) or "none"
        raise BadRequest(
            f"Unknown parameter(s): {', '.join(unknown)}; reana.yaml declares: {known}"
        )
    # any value, put in as str(value) as REANA does
    return {str(name): value for name, value in {**declared, **given}.items()}


def _problems(command: str, parameters: dict, step: str) -> list[str]:
    notes = []
    for match in Template.pattern.finditer(command):
        name = match.group("named") or match.group("braced")
        if name is not None:
            if name not in parameters:
                notes.append(
                    f"`${name}` in step {step!r} is not a workflow parameter: it is left to the"
                    " shell here, but REANA's serial engine refuses the workflow (write"
                    f" `$${name}` for a shell variable)"
                )
        elif match.group("invalid") is not None:
            start = match.start("invalid")  # just after the `$`
            text = "$" + command[start : start + 1].strip()
            notes.append(
                f"`{text}` in step {step!r} is not a parameter reference: it is left to the shell"
                f" here, but REANA's serial engine fails on it (write `${text}` instead)"
            )
    return notes


def expand(steps: list[dict], parameters: dict, *, strict: bool = False) -> Expansion:
    """Put the parameters into every command of the (already checked) steps."""
    expansion = Expansion(commands=[])
    values = {name: str(value) for name, value in parameters.items()}
    for step in steps:
        expanded = []
        for command in step["commands"]:
            for note in _problems(command, values, step["name"]):
                if note not in expansion.notes:
                    expansion.notes.append(note)
            expanded.append(Template(command).safe_substitute(values))
        expansion.commands.append(expanded)
    if strict and expansion.notes:
        raise BadRequest("; ".join(expansion.notes))
    return expansion
