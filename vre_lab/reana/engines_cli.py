"""``vre-lab engines install|status``: the workflow engines' venv (vre_lab.reana.local.engines)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .local.engines import COMMANDS, ENV, Engines, default_venv, install


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    engines = subparsers.add_parser(
        "engines",
        help="the workflow engines of the local engine (yadage, cwltool, Snakemake)",
        description="The engines REANA runs, in a venv of their own, for yadage, CWL and "
        "Snakemake workflows on this machine. 'status' exits 0 when all are there, 1 otherwise.",
    )
    commands = engines.add_subparsers(dest="engines_command", required=True, metavar="COMMAND")
    for name, text in (("install", "build the venv (a few minutes)"), ("status", "what is there")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--venv", help=f"the venv (default: ${ENV} or {default_venv()})")
        command.set_defaults(handler=_install if name == "install" else _status)


def _venv(args) -> Path:
    return Path(args.venv).expanduser() if args.venv else default_venv()


def _install(args) -> int:
    venv = _venv(args)
    print(f"Installing the workflow engines into {venv} …", flush=True)
    versions = install(venv)
    print(json.dumps({"venv": str(venv), "engines": versions}))
    return 0


def _status(args) -> int:
    engines = Engines(_venv(args))
    found = {kind: str(engines.command(kind) or "") or None for kind in COMMANDS}
    print(json.dumps({"venv": str(engines.venv), "versions": engines.versions(), **found}))
    return 0 if all(found.values()) else 1
