"""Benchmarks of vre-lab's Workflows slice against direct REST calls, on the REANA double.

    python bench/reana_bench.py [--quick] [--big-mib N] [--small N] [--workflows N]

Starts the strict REANA double (tests/reana_double) as a process of its own and a `jupyter
server` with vre-lab on 127.0.0.1, measures every target against a baseline run in the same
session, prints a table and PASS/FAIL per target, and stops what it started. Exit code 0 when
every target passes. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import requests
import yaml
from harness import RelayProxy, jupyter_server, ms

REPOSITORY = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
REANA_YAML = """\
version: 0.9.0
inputs:
  files: [big.bin]
  directories: [small]
workflow:
  type: serial
  specification:
    steps:
      - name: count
        environment: docker.io/library/bash:5
        commands:
          - ls small | wc -l
"""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def reana_double(state: Path, token: str):
    """The double in a process of its own, so its CPU and memory are not the bench's."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reana_double",
            "--state-dir",
            str(state),
            "--port",
            "0",
            "--token",
            token,
            "--step-seconds",
            "0.05",
        ],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if not match:
            raise RuntimeError(f"the REANA double did not start: {line!r}")
        yield match[1], process.pid
    finally:
        process.terminate()
        process.wait(timeout=15)


def make_analysis(root: Path, small: int, big_mib: int) -> Path:
    folder = root / "analysis"
    (folder / "small").mkdir(parents=True, exist_ok=True)
    for number in range(small):
        (folder / "small" / f"part-{number:04d}.txt").write_bytes(os.urandom(1024 + number % 3072))
    block = os.urandom(MIB)
    with (folder / "big.bin").open("wb") as f:
        for _ in range(big_mib):
            f.write(block)
    (folder / "reana.yaml").write_text(REANA_YAML)
    return folder


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class PeakRSS:
    """Samples a process's resident memory every 50 ms while in use."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def direct_upload(url: str, token: str, folder: Path, name: str) -> None:
    """What a script would do with requests alone: create, upload every input, start."""
    session = requests.Session()
    session.trust_env = False
    auth = {"access_token": token}
    spec = yaml.safe_load((folder / "reana.yaml").read_text())
    created = session.post(
        f"{url}/api/workflows", params={**auth, "workflow_name": name}, json=spec, timeout=60
    )
    created.raise_for_status()
    workflow = created.json()["workflow_id"]
    files = [folder / "big.bin", *sorted((folder / "small").iterdir())]
    for path in files:
        with path.open("rb") as body:
            answer = session.post(
                f"{url}/api/workflows/{workflow}/workspace",
                params={**auth, "file_name": path.relative_to(folder).as_posix()},
                data=body,
                headers={"Content-Type": "application/octet-stream"},
                timeout=300,
            )
        answer.raise_for_status()
    started = session.post(
        f"{url}/api/workflows/{workflow}/start",
        params=auth,
        json={"input_parameters": {}, "operational_options": {}},
        timeout=60,
    )
    started.raise_for_status()


def extension_upload(server, session: requests.Session, target: str) -> tuple[int, dict]:
    """One run through vre-lab: the job from POST until it succeeded; how many progress
    values it showed."""
    answer = session.post(
        server.url + f"vre-lab/api/reana/servers/{target}/runs",
        json={"path": "analysis/reana.yaml"},
        timeout=60,
    )
    answer.raise_for_status()
    job = answer.json()
    seen = set()
    while job["state"] in ("queued", "running"):
        time.sleep(0.05)
        job = session.get(server.url + f"vre-lab/api/jobs/{job['id']}", timeout=30).json()
        seen.add((job["progress"], job["message"]))
    if job["state"] != "succeeded":
        raise RuntimeError(f"the run failed: {job['message']}")
    return len(seen), job


def create_many(url: str, token: str, count: int) -> None:
    session = requests.Session()
    session.trust_env = False
    spec = yaml.safe_load(REANA_YAML)
    for number in range(count):
        session.post(
            f"{url}/api/workflows",
            params={"access_token": token, "workflow_name": f"many{number}"},
            json=spec,
            timeout=60,
        ).raise_for_status()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repetition, a 256 MiB file")
    parser.add_argument("--big-mib", type=int, help="size of the big input (default 1024)")
    parser.add_argument("--small", type=int, default=1000, help="number of small inputs")
    parser.add_argument("--workflows", type=int, default=200, help="workflows to monitor")
    args = parser.parse_args()
    repetitions = 1 if args.quick else 3
    big_mib = args.big_mib or (256 if args.quick else 1024)
    token = secrets.token_hex(20)
    results: list[tuple[str, bool, str]] = []

    with tempfile.TemporaryDirectory(prefix="vre-lab-reana-bench-") as tmp:
        home = Path(tmp)
        token_file = home / "reana-token"
        token_file.write_text(token)
        say(f"Writing {args.small} small inputs and a {big_mib} MiB file")
        # jupyter_server() serves home/server/root: the analysis goes there
        folder = make_analysis(home / "server" / "root", args.small, big_mib)
        with reana_double(home / "double", token) as (url, double_pid), RelayProxy(url) as proxy:
            config = {
                "reana_servers": [
                    {"name": "double", "url": url, "access_token_file": str(token_file)},
                    {"name": "counted", "url": proxy.url, "access_token_file": str(token_file)},
                ],
                "reana_tokens_path": str(home / "private" / "reana-tokens.json"),
                "reana_local_state_dir": str(home / "private" / "local-runs"),
                "job_store_path": str(home / "private" / "jobs.sqlite3"),
            }
            say("Starting jupyter server")
            with jupyter_server(home / "server", config) as server:
                session = server.session()
                results += measure_uploads(server, session, url, token, folder, repetitions)
                results += measure_monitoring(server, session, url, token, proxy, args.workflows)
                idle = rss_kib(double_pid)
                say(f"REANA double RSS at the end: {idle / 1024:.0f} MiB")

    print(
        f"\nvre-lab Workflows benchmarks ({platform.python_version()}, {os.cpu_count()} CPU(s),"
        f" load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    print(
        f"inputs: {args.small} small files (1-4 KiB) and one {big_mib} MiB file; "
        f"{repetitions} repetition(s) each, alternating\n"
    )
    for line in REPORT:
        print(line)
    print()
    for name, passed, text in results:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {text}")
    return 0 if all(passed for _, passed, _ in results) else 1


REPORT: list[str] = []


def measure_uploads(server, session, url, token, folder, repetitions):
    direct: list[float] = []
    extension: list[float] = []
    progress_values = 0
    base_rss = rss_kib(server.pid)
    peak = base_rss
    for repetition in range(repetitions):
        order = ("direct", "vre-lab") if repetition % 2 == 0 else ("vre-lab", "direct")
        for who in order:
            say(f"Upload {repetition + 1}/{repetitions}: {who}")
            started = time.perf_counter()
            if who == "direct":
                direct_upload(url, token, folder, f"direct{repetition}")
                direct.append(time.perf_counter() - started)
            else:
                with PeakRSS(server.pid) as sampler:
                    progress_values, _ = extension_upload(server, session, "double")
                extension.append(time.perf_counter() - started)
                peak = max(peak, sampler.peak)
    ratio = statistics.median(extension) / statistics.median(direct)
    growth_mib = (peak - base_rss) / 1024
    REPORT.append(
        f"upload + create + start   direct {statistics.median(direct):7.2f} s   "
        f"vre-lab {statistics.median(extension):7.2f} s   ratio {ratio:.2f}   (target <= 1.5)"
    )
    REPORT.append(
        f"jupyter server memory     idle {base_rss / 1024:.0f} MiB, peak during uploads "
        f"{peak / 1024:.0f} MiB (+{growth_mib:.0f} MiB; target < +200 MiB)"
    )
    REPORT.append(f"progress values the run job showed: {progress_values}")
    return [
        ("upload time", ratio <= 1.5, f"{ratio:.2f}x direct requests (target <= 1.5x)"),
        ("server memory", growth_mib < 200, f"+{growth_mib:.0f} MiB while uploading (< 200)"),
    ]


def measure_monitoring(server, session, url, token, proxy, count):
    say(f"Creating {count} workflows")
    create_many(url, token, count)
    listing = server.url + "vre-lab/api/reana/servers/counted/workflows"
    calls, latencies, direct = [], [], []
    direct_session = requests.Session()
    direct_session.trust_env = False
    params = {
        "access_token": token,
        "type": "batch",
        "include_progress": "true",
        "include_workspace_size": "true",
        "size": 20,
    }
    for _ in range(20):
        proxy.reset_count()
        started = time.perf_counter()
        answer = session.get(listing, params={"size": 20}, timeout=60)
        latencies.append(time.perf_counter() - started)
        answer.raise_for_status()
        calls.append(proxy.count())
        started = time.perf_counter()
        direct_session.get(f"{proxy.url}/api/workflows", params=params, timeout=60)
        direct.append(time.perf_counter() - started)
    total = answer.json()["total"]
    REPORT.append(
        f"list refresh ({total} workflows, page of 20)   REANA calls per refresh: "
        f"{min(calls)}..{max(calls)}   latency median {ms(statistics.median(latencies))} ms "
        f"(direct {ms(statistics.median(direct))} ms through the same proxy)"
    )
    one_call = set(calls) == {1}
    return [
        ("monitoring", one_call, f"{max(calls)} REANA call(s) per refresh of {total} workflows"),
    ]


if __name__ == "__main__":
    sys.exit(main())
