"""One refresh of the Logs tab on a 50 MB log against the same refresh on a 1 KB log.

    python bench/log_bench.py            # 40 rounds, about 20 s
    python bench/log_bench.py --quick    # 8 rounds, a smoke run
    python bench/log_bench.py --rounds 100 --size-mib 200

Target (issue 17): a 50 MB log follows live with constant cost per refresh. Starts a `jupyter
server` with vre-lab on 127.0.0.1 (`harness.jupyter_server`: its own Jupyter dirs, job store and
local engine state in a temporary directory), runs a one-step workflow twice on the local engine,
grows one run's step log to 50 MB (the other's stays at 1 KB), takes each log's first answer and
cursor, then times, per round and interleaved, through the real API (one keep-alive session):

- nothing new: `GET reana/servers/local/workflows/{id}/logs?since=<cursor>`;
- 1 KB new: the same after 1 KB was appended to the step's log (the append is not timed).

Prints median and 90th percentile per case, the bytes answered, and the ratio 50 MB / 1 KB of
the medians (PASS when ≤ 1.5 for both cases: the cost does not grow with the log). Also shown,
for comparison: a refresh without a cursor (the tail of 2 MiB every time, as before). Progress
goes to stderr, the report to stdout. See bench/README.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import harness
import requests
from harness import MIB, Samples, ms, say

TARGET = 1.5
API = "vre-lab/api/reana/servers/local/"
REANA_YAML = """version: 0.9.0
workflow:
  type: serial
  specification:
    steps:
      - name: talk
        environment: docker.io/library/python:3.12-slim
        commands:
          - echo a first line
"""
LINE = b"2024-05-01 12:00:00 step talk: event 0123456789 processed, all good\n"


def run_workflow(server, session: requests.Session) -> str:
    answer = session.post(f"{server.url}{API}runs", json={"path": "bench/reana.yaml"}, timeout=30)
    job = harness.checked(answer, "POST runs", "vre-lab").json()
    while job["state"] not in ("succeeded", "failed", "cancelled", "interrupted"):
        time.sleep(0.05)
        job = session.get(f"{server.url}vre-lab/api/jobs/{job['id']}", timeout=30).json()
    assert job["state"] == "succeeded", job
    workflow_id = job["result"]["workflow_id"]
    while session.get(f"{server.url}{API}workflows/{workflow_id}", timeout=30).json()[
        "status"
    ] not in ("finished", "failed", "stopped"):
        time.sleep(0.05)
    return workflow_id


def grow(path: Path, size: int) -> None:
    with path.open("ab") as f:
        block = LINE * (MIB // len(LINE))
        while size >= len(block):
            f.write(block)
            size -= len(block)
        f.write(LINE * (size // len(LINE)))


def refresh(server, session: requests.Session, workflow_id: str, since: str | None):
    params = {"since": since} if since else {}
    started = time.perf_counter()
    answer = session.get(
        f"{server.url}{API}workflows/{workflow_id}/logs", params=params, timeout=30
    )
    took = time.perf_counter() - started
    harness.checked(answer, "GET logs", "vre-lab")
    return took, len(answer.content), answer.json()["cursor"]


def main() -> int:
    parser = harness.bench_parser(__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--size-mib", type=int, default=50)
    args = parser.parse_args()
    rounds = 8 if args.quick else args.rounds
    sizes = {"1 KB": 1024, f"{args.size_mib} MB": args.size_mib * MIB}
    with tempfile.TemporaryDirectory(prefix="vre-log-bench-") as folder:
        home = Path(folder)
        state = home / "engine-state"
        config = {"reana_local_state_dir": str(state), "reana_container_runtimes": []}
        with harness.jupyter_server(home, config) as server:
            (home / "root" / "bench").mkdir()
            (home / "root" / "bench" / "reana.yaml").write_text(REANA_YAML)
            session = server.session()
            logs, cursors = {}, {}
            for label, size in sizes.items():
                say(f"running a workflow, its log grown to {label}")
                workflow_id = run_workflow(server, session)
                (step,) = session.get(f"{server.url}{API}workflows/{workflow_id}/logs").json()[
                    "steps"
                ]
                log = state / "logs" / workflow_id / f"{step['id']}.log"
                grow(log, size - log.stat().st_size)
                logs[label] = (workflow_id, log)
                _, _, cursors[label] = refresh(server, session, workflow_id, None)
            idle = {label: Samples() for label in sizes}
            new = {label: Samples() for label in sizes}
            whole = {label: Samples() for label in sizes}
            sent: dict[tuple[str, str], int] = {}
            say(f"{rounds} rounds")
            for number in range(rounds + 2):  # the first two warm up
                order = list(sizes) if number % 2 else list(sizes)[::-1]
                for label in order:
                    workflow_id, log = logs[label]
                    took, size, cursors[label] = refresh(
                        server, session, workflow_id, cursors[label]
                    )
                    sent[label, "idle"] = size
                    if number >= 2:
                        idle[label].add(took)
                    with log.open("ab") as f:
                        f.write(LINE * (1024 // len(LINE)) + b"x" * (1024 % len(LINE)))
                    took, size, cursors[label] = refresh(
                        server, session, workflow_id, cursors[label]
                    )
                    sent[label, "new"] = size
                    if number >= 2:
                        new[label].add(took)
                    took, size, _ = refresh(server, session, workflow_id, None)
                    sent[label, "whole"] = size
                    if number >= 2:
                        whole[label].add(took)
    small, big = sizes
    print(f"log refresh through the API, {rounds} rounds, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'case':<34} {'log':>7} {'median ms':>10} {'p90 ms':>8} {'answer bytes':>13}")
    for name, samples, key in (
        ("since=cursor, nothing new", idle, "idle"),
        ("since=cursor, 1 KB new", new, "new"),
        ("no cursor (the 2 MiB tail, before)", whole, "whole"),
    ):
        for label in sizes:
            print(f"{name:<34} {label:>7} {ms(samples[label].median):>10} "
                  f"{ms(samples[label].p90):>8} {sent[label, key]:>13,}")  # fmt: skip
    passed = True
    for name, samples in (("nothing new", idle), ("1 KB new", new)):
        ratio = samples[big].median / samples[small].median
        ok = ratio <= TARGET
        passed &= ok
        print(f"ratio {big} / {small}, {name:<12} {ratio:5.2f}x  goal ≤ {TARGET}x  "
              f"{'PASS' if ok else 'FAIL'}")  # fmt: skip
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
