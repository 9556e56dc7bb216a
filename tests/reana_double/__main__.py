"""Run the double as a process (for Galata and benchmarks).

    python -m tests.reana_double --port 0 --token T --state-dir DIR [--step-seconds S]

Prints ``REANA double listening on <url>`` once it listens, then serves until SIGINT/SIGTERM.
Steer it through ``<url>/_double/...`` (see README.md).
"""

from __future__ import annotations

import argparse
import sys

# The double checks no string formats; skipping this optional import of jsonschema saves ~5 s of
# start-up (it compiles a grammar on import).
sys.modules.setdefault("rfc3987_syntax", None)

from ..doubles.command_line import (  # noqa: E402
    add_listen_arguments,
    listen_settings,
    serve_until_signalled,
)
from .server import DEFAULT_TOKEN, ReanaDouble  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reana_double", description=__doc__)
    add_listen_arguments(parser, state_dir_help="workspaces and scratch files")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the access token it accepts")
    parser.add_argument("--step-seconds", type=float, default=0.4, help="seconds per job")
    parser.add_argument("--queue-seconds", type=float, default=None)
    args = parser.parse_args(argv)

    double = ReanaDouble(
        token=args.token,
        **listen_settings(args),
        step_seconds=args.step_seconds,
        queue_seconds=args.queue_seconds,
    )
    return serve_until_signalled(double, "REANA")


if __name__ == "__main__":
    sys.exit(main())
