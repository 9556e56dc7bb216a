"""Running a notebook headless (no lab), its attached DIDs bound before its first cell.

The lab binds a notebook's attachments whenever its kernel starts; nbclient, papermill or a
workflow step start a kernel nobody binds for. ``vre-lab execute NOTEBOOK`` runs it with nbclient
after a first cell of its own (``%rucio bind``, which gets each DID in the kernel as ``%rucio get``
does), then leaves that cell out of the notebook it writes: the same notebook runs the same way in
the lab, here, and as a workflow step.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path


def execute_notebook(
    notebook: Path, output: Path, timeout: int | None = None, kernel_name: str | None = None
) -> None:
    """Run `notebook` with its attachments bound first and write the executed notebook to
    `output` (also when a cell failed, as ``jupyter execute`` leaves it)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = notebook.resolve()
    nb = nbformat.read(notebook, as_version=4)
    binding = nbformat.v4.new_code_cell(
        f"%load_ext vre_lab\n%rucio bind {shlex.quote(str(notebook))}"
    )
    nb.cells.insert(0, binding)
    options = {"kernel_name": kernel_name} if kernel_name else {}
    client = NotebookClient(
        nb, timeout=timeout, resources={"metadata": {"path": str(notebook.parent)}}, **options
    )
    try:
        # the kernel knows its notebook, as one the Jupyter server starts does
        client.execute(env={**os.environ, "JPY_SESSION_NAME": str(notebook)})
    finally:
        nb.cells.remove(binding)
        for line in _lines(binding.get("outputs", [])):
            print(line, file=sys.stderr)
        nbformat.write(nb, output)


def _lines(outputs: list) -> list[str]:
    text = []
    for output in outputs:
        if output.get("output_type") == "stream":
            text.append(output.get("text", ""))
        elif "data" in output:
            text.append(output["data"].get("text/plain", ""))
    return "".join(f"{part.rstrip()}\n" for part in text if part.strip()).splitlines()


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "execute",
        help="run a notebook headless, the DIDs attached in the Data panel bound first",
        description=__doc__.splitlines()[0],
    )
    command.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    command.add_argument(
        "--output", "-o", type=Path, default=None, help="where to write it (NOTEBOOK: in place)"
    )
    command.add_argument("--timeout", type=int, default=None, help="seconds per cell")
    command.add_argument("--kernel", default=None, help="kernel name (the notebook's)")
    command.set_defaults(handler=_run)


def _run(args) -> int:
    from nbclient.exceptions import CellExecutionError

    try:
        execute_notebook(args.notebook, args.output or args.notebook, args.timeout, args.kernel)
    except CellExecutionError as e:
        print(str(e).strip().splitlines()[-1], file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"vre-lab execute: {e}", file=sys.stderr)
        return 2
    return 0
