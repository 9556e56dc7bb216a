"""``python -m tests.<double>``: the options every double takes, and serving until a signal."""

from __future__ import annotations

import argparse
import signal
import sys
import threading


def add_listen_arguments(parser: argparse.ArgumentParser, *, state_dir_help: str) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--state-dir", required=True, help=state_dir_help)


def listen_settings(args: argparse.Namespace) -> dict:
    """The double's settings from the options :func:`add_listen_arguments` added."""
    return {"state_dir": args.state_dir, "host": args.host, "port": args.port}


def serve_until_signalled(double, label: str) -> int:
    """Start ``double``, print ``<label> double listening on <url>``, serve until SIGINT/SIGTERM,
    then close it and print its violations to stderr."""
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    double.start()
    print(f"{label} double listening on {double.url}", flush=True)
    try:
        done.wait()
    finally:
        double.close()
        for violation in double.violations:
            print(f"violation: {violation}", file=sys.stderr, flush=True)
    return 0
