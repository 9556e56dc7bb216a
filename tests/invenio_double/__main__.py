"""Run the double as a process (for Galata and benchmarks).

    python -m tests.invenio_double --state-dir DIR [--port 0] [--token T ...] [--flavour zenodo]

Prints ``InvenioRDM double listening on <url>`` once it listens, then serves until SIGINT/SIGTERM.
Steer it through ``<url>/_double/...`` (see README.md).
"""

from __future__ import annotations

import argparse
import sys

from ..doubles.command_line import add_listen_arguments, listen_settings, serve_until_signalled
from .server import DEFAULT_TOKEN, DEFAULT_USER, InvenioDouble


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.invenio_double", description=__doc__)
    add_listen_arguments(parser, state_dir_help="where file contents are kept")
    parser.add_argument(
        "--token",
        action="append",
        help=f"a token it accepts (repeatable; user N+1 for the N-th); default {DEFAULT_TOKEN}",
    )
    parser.add_argument("--flavour", choices=("zenodo", "invenio"), default="zenodo")
    parser.add_argument("--max-file-size", type=int, default=None, help="bytes")
    parser.add_argument("--max-record-bytes", type=int, default=None, help="bytes")
    args = parser.parse_args(argv)

    tokens = {}
    for n, token in enumerate(args.token or [DEFAULT_TOKEN]):
        user = (
            dict(DEFAULT_USER)
            if n == 0
            else {
                "id": str(n + 1),
                "username": f"user{n + 1}",
                "full_name": f"User {n + 1}",
                "email": f"user{n + 1}@example.org",
            }
        )
        tokens[token] = user
    double = InvenioDouble(
        tokens=tokens,
        **listen_settings(args),
        flavour=args.flavour,
        max_file_size=args.max_file_size,
        max_record_bytes=args.max_record_bytes,
    )
    return serve_until_signalled(double, "InvenioRDM")


if __name__ == "__main__":
    sys.exit(main())
