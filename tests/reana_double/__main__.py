"""Run the double as a process (for Galata and benchmarks).

    python -m tests.reana_double --port 0 --token T --state-dir DIR [--step-seconds S]

Prints ``REANA double listening on <url>`` once it listens, then serves until SIGINT/SIGTERM.
Steer it through ``<url>/_double/...`` (see README.md).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

# The double checks no string formats; skipping this optional import of jsonschema saves ~5 s of
# start-up (it compiles a grammar on import).
sys.modules.setdefault("rfc3987_syntax", None)

from .server import DEFAULT_TOKEN, ReanaDouble  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reana_double", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the access token it accepts")
    parser.add_argument("--state-dir", required=True, help="workspaces and scratch files")
    parser.add_argument("--step-seconds", type=float, default=0.4, help="seconds per job")
    parser.add_argument("--queue-seconds", type=float, default=None)
    args = parser.parse_args(argv)

    double = ReanaDouble(
        token=args.token,
        state_dir=args.state_dir,
        host=args.host,
        port=args.port,
        step_seconds=args.step_seconds,
        queue_seconds=args.queue_seconds,
    )
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    double.start()
    print(f"REANA double listening on {double.url}", flush=True)
    try:
        done.wait()
    finally:
        double.close()
        for violation in double.violations:
            print(f"violation: {violation}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
