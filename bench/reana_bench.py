# Long on purpose: one self-contained benchmark script (setup, every target next to its
# baseline, the report); what the benchmarks share is bench/harness.py.
"""Benchmarks of vre-lab's Workflows slice against direct REST calls, on the REANA double.

    python bench/reana_bench.py [--quick] [--reps N] [--big-mib N] [--small N] [--workflows N]

Starts the strict REANA double (tests/reana_double) as a process of its own and a `jupyter
server` with vre-lab on 127.0.0.1, measures every target against a baseline run in the same
session, prints a table and PASS/FAIL per target, and stops what it started. Exit code 0 when
every target passes. Progress goes to stderr, the report to stdout. See bench/README.md.
"""

from __future__ import annotations

import os
import platform
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import harness
import requests
import yaml
from harness import (
    SHM,
    PeakMemory,
    RelayProxy,
    Samples,
    memory_kib,
    mib,
    plain_session,
    say,
)

UPLOAD_TARGET = 1.5  # median(vre-lab) / median(direct)
MEMORY_TARGET_MIB = 200  # growth of the jupyter server while it uploads
PAGE = 20  # the panel's page size
POLL = 0.25  # seconds between GET jobs/{id} while a run uploads (the panel: 3 s)
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
LIST_PARAMS = {  # what the extension asks REANA for one page of the list
    "type": "batch",
    "include_progress": "true",
    "include_workspace_size": "true",
    "sort": "desc",
    "page": 1,
}


def checked(response: requests.Response, what: str) -> requests.Response:
    return harness.checked(response, what, "REANA")


@dataclass
class Row:
    what: str
    base: Samples | None
    ext: Samples
    target: str = ""
    passed: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.ext.median / self.base.median if self.base else None


@dataclass
class Report(harness.Report):
    rows: list[Row] = field(default_factory=list)  # the table


# --- setup ----------------------------------------------------------------------------------


def reana_double(state: Path, token: str):
    """The double in a process of its own; yields its URL and pid."""
    return harness.double_process(
        "REANA", "tests.reana_double", state, token, "--step-seconds", "0.05"
    )


def make_analysis(root: Path, small: int, big_mib: int) -> Path:
    """root/analysis: reana.yaml, `small` files of 1-4 KiB in small/, and big.bin of `big_mib`
    MiB (real blocks, not sparse: 1 MiB of random bytes written over and over)."""
    folder = root / "analysis"
    (folder / "small").mkdir(parents=True, exist_ok=True)
    for number in range(small):
        (folder / "small" / f"part-{number:04d}.txt").write_bytes(os.urandom(1024 + number % 3073))
    harness.write_big_file(folder / "big.bin", big_mib)
    (folder / "reana.yaml").write_text(REANA_YAML)
    warmup = root / "warmup"
    (warmup / "small").mkdir(parents=True, exist_ok=True)
    (warmup / "small" / "part-0000.txt").write_bytes(os.urandom(1024))
    (warmup / "big.bin").write_bytes(os.urandom(1024))
    (warmup / "reana.yaml").write_text(REANA_YAML)
    return folder


def memory_dir(big_mib: int) -> str | None:
    """A RAM-backed folder (tmpfs) for the double's workspaces when it has room for two copies
    of the big file: REANA's storage is not what is measured, and the disk's writeback made the
    times jump by seconds. None (the temporary directory's default) otherwise. The workspaces go
    into a private folder that mkdtemp makes there."""
    try:
        stat = os.statvfs(SHM)
    except OSError:
        return None
    return SHM if stat.f_bavail * stat.f_frsize > (2 * big_mib + 512) * harness.MIB else None


# --- the two ways to run the analysis -------------------------------------------------------


def direct_upload(url: str, token: str, folder: Path, name: str) -> str:
    """What a script would do with requests alone: create, upload every input (the open file
    as the body, streamed), start; one keep-alive session."""
    session = plain_session()
    auth = {"access_token": token}
    spec = yaml.safe_load((folder / "reana.yaml").read_text())
    created = session.post(
        f"{url}/api/workflows", params={**auth, "workflow_name": name}, json=spec, timeout=60
    )
    workflow = checked(created, "create").json()["workflow_id"]
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
        checked(answer, "upload")
    started = session.post(
        f"{url}/api/workflows/{workflow}/start",
        params=auth,
        json={"input_parameters": {}, "operational_options": {}},
        timeout=60,
    )
    checked(started, "start")
    session.close()
    return workflow


def delete_workflow(url: str, token: str, workflow: str) -> None:
    """Once it has finished, delete a workflow and its workspace (a 1 GiB copy): the disk does
    not fill up and its dirty pages are dropped, not written back during the next upload."""
    session = plain_session()
    auth = {"access_token": token}
    deadline = time.monotonic() + 60
    while True:
        answer = session.get(f"{url}/api/workflows/{workflow}/status", params=auth, timeout=60)
        if checked(answer, "status").json()["status"] in ("finished", "failed", "stopped"):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"workflow {workflow} did not finish")
        time.sleep(0.05)
    answer = session.put(
        f"{url}/api/workflows/{workflow}/status",
        params={**auth, "status": "deleted"},
        json={"workspace": True},
        timeout=60,
    )
    checked(answer, "delete")
    session.close()


@dataclass
class RunSeen:
    progress: set = field(default_factory=set)
    messages: set = field(default_factory=set)


def extension_upload(
    server, session: requests.Session, target: str, path: str = "analysis/reana.yaml"
) -> tuple[float, RunSeen, dict]:
    """One run through vre-lab: seconds from the POST until the job succeeded (the time the job
    store recorded, so how often it is polled does not matter), what it showed to a poller every
    POLL seconds, the job."""
    started = time.time()
    answer = session.post(
        server.url + f"vre-lab/api/reana/servers/{target}/runs", json={"path": path}, timeout=60
    )
    job = checked(answer, "POST runs").json()
    seen = RunSeen()
    while job["state"] in ("queued", "running"):
        time.sleep(POLL)
        job = session.get(server.url + f"vre-lab/api/jobs/{job['id']}", timeout=30).json()
        seen.progress.add(job["progress"])
        seen.messages.add(job["message"])
    if job["state"] != "succeeded":
        raise RuntimeError(f"the run {job['state']}: {job['message']}")
    return datetime.fromisoformat(job["updated"]).timestamp() - started, seen, job


# --- targets ---------------------------------------------------------------------------------


def upload_target(ctx, report: Report, repetitions: int, big_mib: int, small: int) -> None:
    server, url, token, folder = ctx["server"], ctx["url"], ctx["token"], ctx["folder"]
    session, double_pid = ctx["session"], ctx["double_pid"]
    direct, extension = Samples(), Samples()
    seen = RunSeen()
    fresh_server = memory_kib(server.pid)
    say("Warm-up: one run of a 2-file analysis each way")
    delete_workflow(url, token, direct_upload(url, token, folder.parent / "warmup", "warmup"))
    _, _, job = extension_upload(server, session, "double", "warmup/reana.yaml")
    delete_workflow(url, token, job["result"]["workflow_id"])
    idle_server = memory_kib(server.pid)  # it has run one analysis: its code is loaded
    idle_double = memory_kib(double_pid)
    server_peak = idle_server
    double_peak = idle_double
    for repetition in range(repetitions):
        order = ("direct", "vre-lab") if repetition % 2 == 0 else ("vre-lab", "direct")
        for who in order:
            with PeakMemory(double_pid) as double:
                if who == "direct":
                    started = time.perf_counter()
                    workflow = direct_upload(url, token, folder, f"direct{repetition}")
                    took = time.perf_counter() - started
                    direct.add(took)
                else:
                    with PeakMemory(server.pid) as memory:
                        took, seen, job = extension_upload(server, session, "double")
                    extension.add(took)
                    workflow = job["result"]["workflow_id"]
                    server_peak = max(server_peak, memory.peak_kib)
            double_peak = max(double_peak, double.peak_kib)
            say(f"Upload {repetition + 1}/{repetitions}, {who}: {took:.2f} s")
            delete_workflow(url, token, workflow)
    row = Row(
        f"create, upload {small + 1} inputs, start",
        direct,
        extension,
        f"<= {UPLOAD_TARGET}x",
    )
    row.passed = row.ratio <= UPLOAD_TARGET
    report.rows.append(row)
    growth = (server_peak - idle_server) / 1024
    report.notes += [
        f"jupyter server resident memory: {mib(fresh_server)} started, {mib(idle_server)} idle "
        f"after the warm-up run, peak during the vre-lab uploads {mib(server_peak)} "
        f"(+{growth:.0f} MiB; sampled every 50 ms, and VmHWM)",
        f"REANA double resident memory (its own process): idle {mib(idle_double)}, peak during "
        f"all uploads {mib(double_peak)}",
        f"the last run job showed {len(seen.progress)} progress values and "
        f"{len(seen.messages)} messages (polled every {POLL:g} s)",
    ]
    report.verdicts += [
        (
            "upload time",
            row.passed,
            f"{row.ratio:.2f}x direct requests, median of {repetitions} "
            f"(target <= {UPLOAD_TARGET}x)",
        ),
        (
            "server memory",
            growth < MEMORY_TARGET_MIB,
            f"+{growth:.0f} MiB while uploading a {big_mib} MiB file "
            f"(target < {MEMORY_TARGET_MIB} MiB)",
        ),
    ]


def create_many(url: str, token: str, count: int) -> None:
    session = plain_session()
    spec = yaml.safe_load(REANA_YAML)
    for number in range(count):
        answer = session.post(
            f"{url}/api/workflows",
            params={"access_token": token, "workflow_name": f"many{number}"},
            json=spec,
            timeout=60,
        )
        checked(answer, "create")
    session.close()


def monitoring_target(ctx, report: Report, count: int, rounds: int) -> None:
    """One list refresh, as the panel does it: REANA calls counted through the proxy (server
    `counted`); latency timed without the proxy (server `double`) against the same
    GET /api/workflows made directly."""
    server, session, token, proxy = ctx["server"], ctx["session"], ctx["token"], ctx["proxy"]
    say(f"Creating {count} workflows")
    started = time.perf_counter()
    create_many(ctx["url"], token, count)
    report.setup.append((f"{count} workflows created directly", time.perf_counter() - started))
    api = server.url + "vre-lab/api/reana/servers/{}/workflows"
    direct_session = plain_session()
    calls: list[int] = []
    total = 0

    def refresh(target: str, size: int) -> dict:
        page = checked(session.get(api.format(target), params={"size": size}, timeout=60), "list")
        page = page.json()
        if len(page["items"]) != min(size, page["total"]):
            raise RuntimeError(f"a page of {size} had {len(page['items'])} items")
        return page

    for size in (PAGE, 200):
        say(f"List refresh, page size {size}: {rounds} rounds")
        ext, direct = Samples(), Samples()
        for number in range(rounds):
            proxy.reset_count()
            total = refresh("counted", size)["total"]
            calls.append(proxy.count())
            for who in ("vre-lab", "direct") if number % 2 == 0 else ("direct", "vre-lab"):
                started = time.perf_counter()
                if who == "vre-lab":
                    refresh("double", size)
                    ext.add(time.perf_counter() - started)
                else:
                    params = {**LIST_PARAMS, "size": size, "access_token": token}
                    answer = direct_session.get(f"{ctx['url']}/api/workflows", params=params)
                    direct.add(time.perf_counter() - started)
                    checked(answer, "direct GET /api/workflows")
        report.rows.append(Row(f"list refresh, page of {size} of {total} workflows", direct, ext))
    direct_session.close()
    report.notes.append(
        f"REANA calls per list refresh ({total} workflows, pages of {PAGE} and 200, "
        f"{len(calls)} refreshes through the counting proxy): {min(calls)}..{max(calls)}"
    )
    report.verdicts.append(
        (
            "monitoring",
            set(calls) == {1},
            f"{max(calls)} REANA call(s) per refresh of a list of {total} workflows "
            "(target: exactly 1)",
        )
    )


# --- the report -------------------------------------------------------------------------------


def seconds_or_ms(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{harness.ms(value)} ms"


def print_report(report: Report, header: list[str]) -> None:
    report.print_header(header)
    title = (
        f"{'measurement':<58} {'n':>3}  {'baseline':>10} {'(min..max)':>20}  {'vre-lab':>10} "
        f"{'(min..max)':>20}  {'ratio':>5}  {'target':<8} result"
    )
    print(title)
    print("-" * len(title))
    for row in report.rows:

        def cell(samples: Samples | None) -> str:
            if samples is None:
                return " " * 31
            spread = f"{seconds_or_ms(min(samples.values))}..{seconds_or_ms(samples.max)}"
            return f"{seconds_or_ms(samples.median):>10} {spread:>20}"

        ratio = f"{row.ratio:5.2f}" if row.ratio is not None else " " * 5
        result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        print(
            f"{row.what:<58} {row.ext.n:>3}  {cell(row.base)}  {cell(row.ext)}  {ratio}  "
            f"{row.target:<8} {result}"
        )
    report.print_verdicts()


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    parser = harness.bench_parser(__doc__)
    parser.add_argument("--reps", type=int, help="upload repetitions each (default 3)")
    parser.add_argument("--big-mib", type=int, help="size of the big input (default 1024)")
    parser.add_argument("--small", type=int, default=1000, help="number of small inputs")
    parser.add_argument("--workflows", type=int, default=200, help="workflows to monitor")
    parser.add_argument("--list-rounds", type=int, default=10, help="list refreshes per size")
    args = parser.parse_args()
    repetitions = args.reps or (1 if args.quick else 3)
    big_mib = args.big_mib or (256 if args.quick else 1024)
    # a SIGTERM still removes the temporary directory (and its big file)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    token = secrets.token_hex(20)  # the double's; never printed
    report = Report()

    with (
        tempfile.TemporaryDirectory(prefix="vre-lab-reana-bench-") as tmp,
        tempfile.TemporaryDirectory(prefix="vre-lab-reana-bench-", dir=memory_dir(big_mib)) as ws,
    ):
        home = Path(tmp)
        token_file = home / "private" / "reana-token"
        token_file.parent.mkdir(mode=0o700)
        token_file.write_text(token)
        say(f"Writing {args.small} small inputs and a {big_mib} MiB file")
        started = time.perf_counter()
        # jupyter_server() serves home/server/root: the analysis goes there
        folder = make_analysis(home / "server" / "root", args.small, big_mib)
        report.setup.append(
            (f"inputs written ({big_mib} MiB + {args.small})", harness.since(started))
        )
        started = time.perf_counter()
        with reana_double(Path(ws), token) as (url, double_pid), RelayProxy(url) as proxy:
            report.setup.append(("REANA double start (a process)", harness.since(started)))
            config = {
                # uploads go to the double directly (the proxy reads whole bodies); the list
                # is counted through the proxy
                "reana_servers": [
                    {"name": "double", "url": url, "access_token_file": str(token_file)},
                    {"name": "counted", "url": proxy.url, "access_token_file": str(token_file)},
                ],
                "reana_tokens_path": str(home / "private" / "reana-tokens.json"),
                "reana_local_state_dir": str(home / "private" / "local-runs"),
                "job_store_path": str(home / "private" / "jobs.sqlite3"),
                # backend_timeout stays at its default (30 s): requests applies it to each
                # socket operation, not to a whole upload
            }
            with harness.timed_jupyter_server(home / "server", config, report.setup) as server:
                ctx = {
                    "server": server,
                    "session": server.session(),
                    "url": url,
                    "token": token,
                    "folder": folder,
                    "proxy": proxy,
                    "double_pid": double_pid,
                }
                upload_target(ctx, report, repetitions, big_mib, args.small)
                monitoring_target(ctx, report, args.workflows, args.list_rounds)
        say("Stopped; removing the inputs")

    header = [
        f"vre-lab Workflows benchmarks ({platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})",
        f"inputs: {args.small} small files (1-4 KiB) and one {big_mib} MiB file"
        + (" (smaller than the target's 1 GiB)" if big_mib < 1024 else "")
        + f"; {repetitions} upload repetition(s) each way, alternating",
    ]
    print_report(report, header)
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
