"""A serial workflow's steps, checked as REANA's schema checks them."""

from __future__ import annotations

from ...core.errors import BadRequest


def _check_steps(workflow: dict) -> list[dict]:
    """The serial steps, checked as REANA's schema does, with a name for each."""
    specification = workflow.get("specification")
    if not isinstance(specification, dict):
        raise BadRequest("workflow.specification must hold the serial workflow's steps")
    steps = specification.get("steps")
    if not isinstance(steps, list) or not steps:
        raise BadRequest("workflow.specification.steps must be a non-empty list")
    checked = []
    for number, step in enumerate(steps):
        key = f"workflow.specification.steps.{number}"
        if not isinstance(step, dict):
            raise BadRequest(f"{key} must be a mapping")
        name = step.get("name")
        if name is not None and not isinstance(name, str):
            raise BadRequest(f"{key}.name must be a string")
        image = step.get("environment")
        if image is not None and not isinstance(image, str):
            raise BadRequest(f"{key}.environment must be a string")
        commands = step.get("commands")
        if (
            not isinstance(commands, list)
            or not commands
            or not all(isinstance(c, str) for c in commands)
        ):
            raise BadRequest(f"{key}.commands must be a non-empty list of strings")
        checked.append(
            {
                "name": name or f"step {number + 1}",
                "environment": (image or "").strip(),
                "commands": commands,
            }
        )
    return checked
