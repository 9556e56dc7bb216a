"""Reproducing the demo from its RO-Crate against the original run plus the transfer of its files.

    python bench/reproduce_bench.py [--quick] [--reps N] [--events N]

Target (issue 16): reproducing the demo costs at most the original run time plus the transfer of
its files and data, +20%. Starts a `jupyter server` with vre-lab on 127.0.0.1 (its own Jupyter
dirs, job store and local engine state in a temporary directory), runs the demo workflow
(demo/reana.yaml, the matplotlib figure of data/events.csv) on the local engine, exports the run
as an RO-Crate zip once (untimed), then alternates, per repetition,

- baseline: `POST reana/servers/local/runs` until the run finished (the engine's own `finished`
  time), plus unpacking the crate's zip once in this process (`zipfile`, the same bytes a
  reproduction must read and write);
- measured: `POST reana/reproductions {"source": <zip>}` until the job ended (the job store's own
  `updated` time): unpack, sha256 of every input, a new run, hash and compare every output.

Twice: the demo's data as the notebook writes it (240 events), and the same data scaled to
`--events` events (a few MB of input: the hashing and copying have something to do). Prints a
table and a PASS/FAIL per case (median of the per-repetition ratios <= 1.20), and where the time
goes. Exit code 0 when every case passes. Progress goes to stderr, the report to stdout. See
bench/README.md.
"""

from __future__ import annotations

import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import harness
import requests
from harness import REPOSITORY, say

from tests.publish_examples import minimal_deposit
from vre_lab.sandbox.server_side import demo_catalog as catalog

TARGET = 1.20  # reproduction / (original run + transfer)
POLL = 0.1  # seconds between the bench's GETs; every end time is the server's own record
JOB_ENDED = ("succeeded", "failed", "cancelled", "interrupted")
WORKFLOW_ENDED = ("finished", "failed", "stopped", "deleted")
# the environment must not add repositories of its own: with none, publishing exports a crate
DROPPED_ENV = ("ZENODO_ACCESS_TOKEN", "ZENODO_SANDBOX_ACCESS_TOKEN", "VRE_LAB_PUBLISH_REPOSITORIES")
API = "vre-lab/api/"


def checked(response: requests.Response, what: str) -> requests.Response:
    return harness.checked(response, what, "vre-lab")


def stamp(text: str) -> float:
    """A server time (ISO 8601 with a zone) as a Unix time."""
    return datetime.fromisoformat(text).timestamp()


# --- the demo ---------------------------------------------------------------------------------


def demo_events(events: int | None) -> bytes:
    """data/events.csv as the notebook writes it (every file of the first demo dataset, one
    header), or its rows repeated up to `events` rows."""
    dataset = catalog.DATASETS[0]
    rows = [
        line
        for name in dataset.file_names()
        for line in catalog.event_csv(dataset, name).decode().splitlines()[1:]
    ]
    if events:
        rows = [rows[number % len(rows)] for number in range(events)]
    return (catalog.CSV_HEADER + "\n".join(rows) + "\n").encode()


def copy_demo(root: Path, name: str, events: int | None) -> tuple[str, int]:
    """demo/ copied to root/name with its data/events.csv; the reana.yaml's path and the
    events file's size."""
    folder = root / name
    shutil.copytree(
        REPOSITORY / "demo",
        folder,
        ignore=shutil.ignore_patterns("data", "results", "reana-runs", ".ipynb_checkpoints"),
    )
    data = demo_events(events)
    (folder / "data").mkdir()
    (folder / "data" / "events.csv").write_bytes(data)
    return f"{name}/reana.yaml", len(data)


# --- the REST calls ---------------------------------------------------------------------------


def wait_for_job(server, session: requests.Session, job: dict, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while job["state"] not in JOB_ENDED:
        if time.monotonic() > deadline:
            raise RuntimeError(f"job {job['kind']} still {job['state']} after {timeout} s")
        time.sleep(POLL)
        job = checked(session.get(f"{server.url}{API}jobs/{job['id']}", timeout=30), "job").json()
    if job["state"] != "succeeded":
        raise RuntimeError(f"the {job['kind']} job {job['state']}: {job['message']}")
    return job


def workflow(server, session: requests.Session, workflow_id: str) -> dict:
    route = f"{server.url}{API}reana/servers/local/workflows/{workflow_id}"
    return checked(session.get(route, timeout=30), "workflow").json()


@dataclass
class Timing:
    """Seconds from the POST to each point the server recorded."""

    total: float
    created: float  # the run's inputs copied into its workspace
    started: float  # the engine started the run
    finished: float  # the run's last command ended
    run_seconds: float  # started -> finished


def timing(t0: float, detail: dict, end: float) -> Timing:
    return Timing(
        total=end - t0,
        created=stamp(detail["created"]) - t0,
        started=stamp(detail["started"]) - t0,
        finished=stamp(detail["finished"]) - t0,
        run_seconds=stamp(detail["finished"]) - stamp(detail["started"]),
    )


def run_demo(server, session: requests.Session, path: str) -> tuple[Timing, dict]:
    """The original run: POST runs until the workflow finished (the engine's `finished` time,
    so the bench's polling does not count)."""
    t0 = time.time()
    answer = session.post(f"{server.url}{API}reana/servers/local/runs", json={"path": path})
    job = wait_for_job(server, session, checked(answer, "POST runs").json())
    workflow_id = job["result"]["workflow_id"]
    while (detail := workflow(server, session, workflow_id))["status"] not in WORKFLOW_ENDED:
        time.sleep(POLL)
    if detail["status"] != "finished":
        raise RuntimeError(f"the demo run {detail['status']}")
    return timing(t0, detail, stamp(detail["finished"])), detail


def export_crate(server, session: requests.Session, workspace: str) -> str:
    body = {"paths": [workspace], "deposit": minimal_deposit("The demo, reproduced by a bench")}
    answer = session.post(f"{server.url}{API}zenodo/repositories/rocrate/uploads", json=body)
    job = wait_for_job(server, session, checked(answer, "POST rocrate/uploads").json())
    return job["result"]["path"]


def reproduce(server, session: requests.Session, crate: str) -> tuple[Timing, dict]:
    """POST reproductions until the job ended (the job store's `updated` time)."""
    t0 = time.time()
    answer = session.post(f"{server.url}{API}reana/reproductions", json={"source": crate})
    job = wait_for_job(server, session, checked(answer, "POST reproductions").json())
    result = job["result"]
    if not result.get("reproduced"):
        raise RuntimeError(f"the reproduction found differences: {result.get('summary')}")
    detail = workflow(server, session, result["run"]["id"])
    return timing(t0, detail, stamp(job["updated"])), result


def transfer(crate: Path, scratch: Path) -> float:
    """The crate's files read from the zip and written once, in this process; seconds."""
    target = scratch / "unpacked"
    started = time.perf_counter()
    with zipfile.ZipFile(crate) as archive:
        archive.extractall(target)
    took = harness.since(started)
    shutil.rmtree(target)
    return took


# --- a case: one demo folder --------------------------------------------------------------------


@dataclass
class Case:
    label: str
    path: str  # the reana.yaml, relative to the server root
    events_bytes: int
    crate_bytes: int = 0
    crate_files: int = 0
    runs: list[Timing] = field(default_factory=list)
    transfers: list[float] = field(default_factory=list)
    reproductions: list[Timing] = field(default_factory=list)
    outputs_same: int = 0

    @property
    def baselines(self) -> list[float]:
        return [run.total + moved for run, moved in zip(self.runs, self.transfers, strict=True)]

    @property
    def ratios(self) -> list[float]:
        return [r.total / base for r, base in zip(self.reproductions, self.baselines, strict=True)]

    @property
    def passed(self) -> bool:
        return statistics.median(self.ratios) <= TARGET


def measure(server, session, root: Path, scratch: Path, case: Case, repetitions: int) -> None:
    say(f"{case.label}: a first run (untimed) and its RO-Crate")
    _, detail = run_demo(server, session, case.path)
    crate = export_crate(server, session, detail["workspace_path"])
    with zipfile.ZipFile(root / crate) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
    case.crate_files = len(members)
    case.crate_bytes = sum(m.file_size for m in members)
    say(f"{case.label}: warm-up, one reproduction and one transfer (untimed)")
    reproduce(server, session, crate)
    transfer(root / crate, scratch)
    for repetition in range(repetitions):
        order = ["baseline", "reproduction"]
        for who in order if repetition % 2 == 0 else reversed(order):
            if who == "baseline":
                run, _ = run_demo(server, session, case.path)
                moved = transfer(root / crate, scratch)
                case.runs.append(run)
                case.transfers.append(moved)
                took = f"{run.total:.2f} s + {moved * 1000:.1f} ms"
            else:
                again, result = reproduce(server, session, crate)
                case.reproductions.append(again)
                case.outputs_same = result["summary"]["same"]
                took = f"{again.total:.2f} s"
            say(f"{case.label} {repetition + 1}/{repetitions}, {who}: {took}")


# --- the report ---------------------------------------------------------------------------------


def med(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f}"


def print_case(case: Case) -> None:
    runs, again = case.runs, case.reproductions
    ratios = case.ratios
    print(
        f"{case.label}: data/events.csv {case.events_bytes / 1e6:.2f} MB; the crate: "
        f"{case.crate_files} files, {case.crate_bytes / 1e6:.2f} MB unpacked; "
        f"{len(ratios)} repetitions; medians in seconds"
    )
    title = f"  {'phase (seconds from the POST)':<62} {'original':>9} {'reproduction':>13}"
    print(title)
    print("  " + "-" * (len(title) - 2))
    phases = [
        (
            "inputs ready (reproduction: unpack, sha256 check; both: copy)",
            [r.created for r in runs],
            [r.created for r in again],
        ),
        ("run started (inputs hashed for provenance, start)", [r.started for r in runs],
         [r.started for r in again]),
        ("run finished", [r.finished for r in runs], [r.finished for r in again]),
        ("  of which the run itself (started -> finished)", [r.run_seconds for r in runs],
         [r.run_seconds for r in again]),
        ("ended (reproduction: job's end: polling, compare, report)", [r.total for r in runs],
         [r.total for r in again]),
        ("  after the run finished", [r.total - r.finished for r in runs],
         [r.total - r.finished for r in again]),
    ]  # fmt: skip
    for what, original, reproduction in phases:
        print(f"  {what:<62} {med(original):>9} {med(reproduction):>13}")
    print(f"  {'transfer: the crate unpacked once (zipfile, this process)':<62} "
          f"{med(case.transfers):>9}")  # fmt: skip
    print(f"  {'baseline = original run + transfer':<62} {med(case.baselines):>9}")
    print()
    every = " ".join(f"{r:.2f}" for r in ratios)
    print(
        f"  ratio reproduction / baseline, per repetition: min {min(ratios):.2f}, median "
        f"{statistics.median(ratios):.2f}, max {max(ratios):.2f}  ({every})"
    )
    print(
        f"  ratio of the medians: {statistics.median(r.total for r in again):.3f} s / "
        f"{statistics.median(case.baselines):.3f} s = "
        f"{statistics.median(r.total for r in again) / statistics.median(case.baselines):.2f}"
    )
    print()


def main() -> int:
    parser = harness.bench_parser(__doc__)
    parser.add_argument("--reps", type=int, help="repetitions each way per case (default 7)")
    parser.add_argument(
        "--events", type=int, default=100_000, help="events in the scaled case (default 100,000)"
    )
    args = parser.parse_args()
    repetitions = args.reps or (2 if args.quick else 7)
    if repetitions < 1 or args.events < 1:
        parser.error("--reps and --events must be at least 1")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for key in DROPPED_ENV:
        os.environ.pop(key, None)
    # the demo's step runs `python code/mass_plot.py` on this host: this Python (matplotlib)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    load_before = os.getloadavg()
    report = harness.Report()
    cases: list[Case] = []

    with tempfile.TemporaryDirectory(prefix="vre-lab-reproduce-bench-") as tmp:
        home = Path(tmp)
        root = home / "server" / "root"  # what harness.jupyter_server serves
        root.mkdir(parents=True)
        scratch = home / "scratch"  # the baseline's transfer: the same file system
        scratch.mkdir()
        private = home / "private"
        private.mkdir(mode=0o700)
        cases.append(Case("demo (as the notebook writes it)", *copy_demo(root, "demo", None)))
        if not args.quick:
            cases.append(
                Case(f"demo, {args.events:,} events", *copy_demo(root, "demo-big", args.events))
            )
        config = {
            "reana_container_runtimes": [],  # the step runs on this host, in every way alike
            "reana_local_state_dir": str(private / "local-runs"),
            "reana_tokens_path": str(private / "reana-tokens.json"),
            "publish_repositories": [],
            "publish_tokens_path": str(private / "publish-tokens.json"),
            "job_store_path": str(private / "jobs.sqlite3"),
        }
        with harness.timed_jupyter_server(home / "server", config, report.setup) as server:
            session = server.session()
            for case in cases:
                started = time.perf_counter()
                measure(server, session, root, scratch, case, repetitions)
                report.setup.append((f"{case.label}: all of it", harness.since(started)))
            session.close()
        say("Stopped; removing the temporary directory")

    load_after = os.getloadavg()
    report.print_header(
        [
            f"vre-lab reproduction benchmark ({platform.python_version()}, {os.cpu_count()} "
            f"CPU(s), load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
            f"{' '.join(f'{x:.2f}' for x in load_after)} after)",
            f"demo/reana.yaml on the local engine (steps on this host); {repetitions} "
            "repetition(s) each way per case, alternating which goes first"
            + (" (--quick: the small case only)" if args.quick else ""),
        ]
    )
    for case in cases:
        print_case(case)
        report.verdicts.append(
            (
                case.label,
                case.passed,
                f"reproduction {statistics.median(case.ratios):.2f}x (original run + transfer), "
                f"median of {len(case.ratios)} (min {min(case.ratios):.2f}, max "
                f"{max(case.ratios):.2f}; target <= {TARGET:.2f}x); {case.outputs_same} "
                "output(s) the same",
            )
        )
    report.notes.append(
        "Times are the server's own records (the run's created/started/finished, the job's "
        f"end); the bench polls every {POLL:g} s, which does not delay them. The reproduction "
        "job polls its run itself (vre_lab/reana/reproduce.py, rerun): that wait is part of "
        "'after the run finished', with comparing the outputs and writing the report."
    )
    report.print_verdicts()
    return 0 if all(case.passed for case in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
