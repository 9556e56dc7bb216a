"""What a lab tells its user when the local sandbox it uses cannot be reached."""

from __future__ import annotations

import shlex

from .holders import describe
from .sandbox import Sandbox


def unreachable_advice(home: str) -> str:
    """The end of "Rucio Sandbox cannot be reached": why, and the command that brings it back.

    ``home`` is the sandbox's (``sandbox_home`` of its instance, from `vre-lab sandbox env`);
    the command names it, so it works in any terminal, inside the lab or not."""
    try:
        info = Sandbox(home=home).status()
    except Exception:  # advice must never hide the error it completes
        return ""
    where = f"--home {shlex.quote(str(info.home))}"
    if info.running:
        return (
            f": the local sandbox runs (pid {info.pid}) but does not answer; its log is "
            f"{info.log_file}. Restart it in a terminal with "
            f"`vre-lab sandbox stop --force {where} && vre-lab sandbox start {where}`, then Retry."
        )
    text = (
        f": the local sandbox is not running. Start it in a terminal with "
        f"`vre-lab sandbox start {where}`, then Retry."
    )
    if info.holders:  # someone stopped it with --force, or it died, under a lab that uses it
        text += f" It stopped while in use by {'; '.join(map(describe, info.holders))}."
    return text
