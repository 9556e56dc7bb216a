"""The ``vre-lab`` command line: one group of subcommands per slice of the suite."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from . import __version__


def _sandbox_commands(subparsers: argparse._SubParsersAction) -> None:
    from .sandbox.commands import add_commands

    add_commands(subparsers)


def _engines_commands(subparsers: argparse._SubParsersAction) -> None:
    from .reana.engines_cli import add_commands

    add_commands(subparsers)


def _notebook_commands(subparsers: argparse._SubParsersAction) -> None:
    from .kernel.headless import add_commands

    add_commands(subparsers)


# each slice adds a function here that registers its subcommands (each sets ``handler``)
COMMAND_GROUPS: list[Callable[[argparse._SubParsersAction], None]] = [
    _sandbox_commands,
    _engines_commands,
    _notebook_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vre-lab", description="vre-lab: Rucio, REANA and Zenodo in JupyterLab."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_group in COMMAND_GROUPS:
        add_group(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
