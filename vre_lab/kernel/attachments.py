"""The DIDs attached to a notebook (its metadata's ``vre_lab.rucio``), bound as its variables.

In the lab, the Data panel binds them each time the kernel starts, before the first cell runs:
it sends ``receive``, which asks the lab for the values over stdin and waits, so that cells
queued behind it (Restart Kernel and Run All) find their variables. Headless (nbclient,
papermill, a workflow step) no lab is there to ask: ``%rucio bind NOTEBOOK`` reads the
attachments from the notebook file and gets each DID in the kernel, as ``%rucio get`` does.
"""

from __future__ import annotations

import json
import keyword
import re
from pathlib import Path

_DID = re.compile(r"[^:\s]+:\S.*")
_INSTANCE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
MODES = ("replica", "download")


def is_variable(name) -> bool:
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)


def read(notebook: dict) -> list[dict]:
    """The well-formed attachments of a notebook (as the panel reads them: others are skipped)."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    ours = metadata.get("vre_lab") if isinstance(metadata, dict) else None
    listed = ours.get("rucio") if isinstance(ours, dict) else None
    return [
        {key: entry[key] for key in ("variable", "did", "instance", "mode")}
        for entry in (listed if isinstance(listed, list) else [])
        if isinstance(entry, dict)
        and is_variable(entry.get("variable"))
        and isinstance(entry.get("did"), str)
        and _DID.fullmatch(entry["did"])
        and isinstance(entry.get("instance"), str)
        and _INSTANCE.fullmatch(entry["instance"])
        and entry.get("mode") in MODES
    ]


def read_file(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return read(json.load(f))


def receive(shell, variables: list[str]) -> None:
    """Wait for the lab to send the values of `variables` (one JSON line on stdin:
    ``{"values": {name: path or [paths]}}``), and bind those that came."""
    names = [name for name in variables if is_variable(name)]
    answer = json.loads(input(f"vre-lab: binding {', '.join(names)}"))
    values = answer.get("values") if isinstance(answer, dict) else None
    for name in names:
        value = values.get(name) if isinstance(values, dict) else None
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(path, str) for path in value)
        ):
            shell.user_ns[name] = value
