# Long on purpose: one self-contained comparison script (the anchor's install, the three
# clients side by side on one catalogue, the report); what benchmarks share is bench/harness.py.
"""Side by side with rucio-jupyterlab 41.0.0 (the anchor): vre-lab, rucio-jupyterlab and direct
rucio-clients calls on the same sandbox Rucio, 100,000 file DIDs in one scope.

    python bench/anchor_bench.py [--quick] [--home DIR]

Installs rucio-jupyterlab==41.0.0 from PyPI into its own venv (.venv-anchor, once; it brings its
own JupyterLab and jupyter_server), starts a sandbox (seeded once per home), a `jupyter server`
with vre-lab (this repository's source tree) and one with rucio-jupyterlab, each on 127.0.0.1
with a random token and configured for the sandbox with userpass as their UIs do, measures
search, dataset listings with availability and 8 concurrent listings, prints a table and stops
what it started. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from anchor_servers import (
    ANCHOR,
    ANCHOR_VENV,
    BIG_PAGE,
    RSE,
    Anchor,
    VRELab,
    anchor_instance,
    anchor_server,
    ensure_anchor_venv,
)
from harness import (
    REPOSITORY,
    RelayProxy,
    RucioWorkers,
    Samples,
    direct_client,
    jupyter_server,
    say,
    since,
)
from rucio_bench import credentials, stop_listing

from tests.plugins.sandbox import shared_server_venv
from vre_lab.sandbox.sandbox import Sandbox

SCOPE = "bench"
FULL = "bulk-dids"  # every bulk file, attached when the sandbox is seeded
PATTERN = "bulk.file_*"
NAME = "bulk.file_{:07d}.root"
ANCHOR_ROWS = 1000  # rucio-jupyterlab's ROW_LIMIT: a search shows at most this many
PAGE = 100  # the panel's first page
ATTACH_CHUNK = 250  # what one attach_dids REST call takes on SQLite


# --- the sandbox's bench datasets ---------------------------------------------------------------


def ensure_dataset(client, name: str, first: int, count: int) -> None:
    """`bench:<name>` holding bulk files first .. first + count - 1 (they have replicas)."""
    from rucio.common.exception import DataIdentifierAlreadyExists

    with contextlib.suppress(DataIdentifierAlreadyExists):
        client.add_dataset(SCOPE, name)
    present = {f["name"] for f in client.list_files(SCOPE, name)}
    missing = [NAME.format(i) for i in range(first, first + count) if NAME.format(i) not in present]
    for start in range(0, len(missing), ATTACH_CHUNK):
        dids = [{"scope": SCOPE, "name": n} for n in missing[start : start + ATTACH_CHUNK]]
        client.attach_dids(SCOPE, name, dids)


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Way:
    """One way of doing a measurement: its samples, what it returned, the Rucio calls it made."""

    samples: Samples = field(default_factory=Samples)
    results: str = ""
    calls: str = ""
    failed: str = ""

    def cell(self) -> str:
        if self.failed:
            return self.failed
        if not self.samples.n:
            return "—"
        return f"{self.samples.median:.3f} s"


@dataclass
class Row:
    what: str
    vre: Way
    anchor: Way
    direct: Way
    note: str = ""


def ratio(a: Way, b: Way) -> str:
    if a.failed or b.failed or not a.samples.n or not b.samples.n:
        return ""
    return f"{a.samples.median / b.samples.median:.2f}x"


@dataclass
class Ctx:
    vre: VRELab
    anchor: Anchor
    client: object
    counted_client: object
    counter: RelayProxy
    workers: RucioWorkers
    sandbox: Sandbox
    args: argparse.Namespace
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def renew_workers(self) -> None:
        self.workers = RucioWorkers(self.sandbox.status().worker_pids)

    def idle(self) -> None:
        if self.workers.wait_until_idle(time.perf_counter(), 300) is None:
            raise RuntimeError("the Rucio workers stay busy")

    def rounds(self, ways: dict[str, Callable[[], object]], reps: int, warmup: int = 1):
        """Each way `warmup + reps` times, in a random order per round, every call starting with
        the Rucio workers idle; yields (name, seconds, result) of the timed rounds."""
        for rep in range(-warmup, reps):
            order = list(ways.items())
            random.shuffle(order)
            for name, fn in order:
                self.idle()
                started = time.perf_counter()
                result = fn()
                seconds = since(started)
                if rep >= 0:
                    yield name, seconds, result

    def count(self, fn: Callable[[], object]) -> tuple[int, list[str]]:
        """Rucio requests `fn` makes through the counting proxy (after it and any work it left
        running in the background are done)."""
        self.idle()
        self.counter.reset_count()
        fn()
        time.sleep(0.5)  # the anchor refreshes its cache in a thread after answering
        self.idle()
        time.sleep(0.5)
        paths = [p.split("?")[0] for p in self.counter.paths]
        return len(paths), paths


def summarize(paths: list[str]) -> str:
    counts: dict[str, int] = {}
    for path in paths:
        key = path if not path.startswith("/dids/bench/dids/search") else "/dids/bench/dids/search"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{n}x {p}" if n > 1 else p for p, n in counts.items())


def direct_first_row(client):
    def run():
        listing = client.list_dids(SCOPE, [{"name": PATTERN}], did_type="all", long=True)
        next(listing)
        stop_listing(listing)

    return run


# --- 1: search ------------------------------------------------------------------------------------


def bench_search(ctx: Ctx, total: int) -> None:
    say(f"Search {SCOPE}:{PATTERN} over {total:,} DIDs")
    query = f"{SCOPE}:{PATTERN}"
    client, reps = ctx.client, ctx.args.reps

    def direct(rows: int | None):
        def run():
            listing = client.list_dids(SCOPE, [{"name": PATTERN}], did_type="all", long=True)
            got = list(islice(listing, rows)) if rows else list(listing)
            stop_listing(listing)
            return len(got)

        return run

    first = {
        "vre": lambda: len(ctx.vre.search("sandbox", query, ANCHOR_ROWS)[0]),
        "anchor": lambda: len(ctx.anchor.search("sandbox", query)),
        "direct": direct(ANCHOR_ROWS),
    }
    ways = {name: Way() for name in first}
    for name, seconds, count in ctx.rounds(first, reps):
        assert count == min(ANCHOR_ROWS, total), (name, count)
        ways[name].samples.add(seconds)
    items, cursor = ctx.vre.search("sandbox", query, ANCHOR_ROWS)
    ways["vre"].results = (
        f"{len(items):,} and a cursor to the rest" if cursor else f"{len(items):,}"
    )
    ways["anchor"].results = f"{len(ctx.anchor.search('sandbox', query)):,} (cut; no more)"
    ways["direct"].results = f"{ANCHOR_ROWS:,} (read, then closed)"
    calls = {
        "vre": ctx.count(lambda: ctx.vre.search("counted", query, ANCHOR_ROWS)),
        "anchor": ctx.count(lambda: ctx.anchor.search("counted", query)),
        "direct": ctx.count(direct_first_row(ctx.counted_client)),
    }
    for name, (n, paths) in calls.items():
        ways[name].calls = f"{n} ({summarize(paths)})"
    ctx.rows.append(
        Row(f"search, first {ANCHOR_ROWS:,} of {total:,}", ways["vre"], ways["anchor"],
            ways["direct"], "rucio-jupyterlab reads the whole listing, then keeps 1,000")
    )  # fmt: skip

    page = {"vre": lambda: len(ctx.vre.search("sandbox", query, PAGE)[0]), "direct": direct(PAGE)}
    ways = {"vre": Way(), "anchor": Way(), "direct": Way()}
    for name, seconds, count in ctx.rounds(page, reps):
        assert count == min(PAGE, total), (name, count)
        ways[name].samples.add(seconds)
    ways["anchor"].failed = "(no pages)"
    ctx.rows.append(Row(f"search, first page of {PAGE} (the panel's)", *ways.values()))

    whole = {"vre": lambda: len(ctx.vre.search("sandbox", query, BIG_PAGE, None)[0]),
             "direct": direct(None)}  # fmt: skip
    ways = {"vre": Way(), "anchor": Way(), "direct": Way()}
    for name, seconds, count in ctx.rounds(whole, max(1, reps // 2), warmup=0):
        assert count == total, (name, count)
        ways[name].samples.add(seconds)
    ways["vre"].results = f"{total:,} in pages of {BIG_PAGE:,}"
    ways["anchor"].failed = f"cut at {ANCHOR_ROWS:,}"
    ways["direct"].results = f"{total:,}, one listing"
    for name, fn in {
        "vre": lambda: ctx.vre.search("counted", query, BIG_PAGE, None),
        "direct": lambda: sum(1 for _ in ctx.counted_client.list_dids(SCOPE, [{"name": PATTERN}])),
    }.items():
        n, paths = ctx.count(fn)
        ways[name].calls = f"{n} ({summarize(paths)})"
    ctx.rows.append(Row(f"search, all {total:,} results", *ways.values()))


# --- 2: a dataset's files with availability ------------------------------------------------------


def direct_files(client, dataset: str, sort: str | None = "random"):
    """Every file of the dataset with its replicas and their states: one list_replicas call."""

    def run():
        dids = [{"scope": SCOPE, "name": dataset}]
        kwargs = {"sort": sort} if sort else {}
        replicas = client.list_replicas(dids, all_states=True, **kwargs)
        return sum(1 for r in replicas if (r.get("states") or {}).get(RSE) == "AVAILABLE")

    return run


def vre_available(items: list[dict]) -> int:
    return sum(1 for item in items if item["available_here"])


def anchor_available(items: list[dict]) -> int:
    return sum(1 for item in items if item.get("status") == "OK" and item.get("path"))


def bench_files(ctx: Ctx, dataset: str, files: int, reps: int, anchor_limit: float) -> None:
    say(f"Files with availability of {SCOPE}:{dataset} ({files:,} files), {reps} repetition(s)")
    did = f"{SCOPE}:{dataset}"

    anchor_errors: list[str] = []
    timeouts = 0

    def anchor_run():
        nonlocal timeouts
        ctx.anchor.purge()
        log = ctx.sandbox.paths.log_file
        start = log.stat().st_size
        try:
            return anchor_available(ctx.anchor.files("sandbox", did, timeout=anchor_limit))
        except Exception as error:  # reported in the table
            anchor_errors.append(str(error)[:200])
            return -1
        finally:
            with log.open("rb") as f:
                f.seek(start)
                timeouts += f.read().count(b"WORKER TIMEOUT")

    ways_fns = {
        "vre": lambda: vre_available(ctx.vre.files("sandbox", did)[0]),
        "anchor": anchor_run,
        "direct": direct_files(ctx.client, dataset),
    }
    ways = {name: Way() for name in ways_fns}
    for name, seconds, count in ctx.rounds(ways_fns, reps, warmup=1 if reps > 1 else 0):
        if count != files:
            ways[name].failed = ways[name].failed or f"{count:,} of {files:,} after {seconds:.0f} s"
        ways[name].samples.add(seconds)
    ways["vre"].results = f"{files:,} in pages of {BIG_PAGE:,}"
    ways["anchor"].results = f"{files:,} at once" if not ways["anchor"].failed else ""
    if anchor_errors:
        ways["anchor"].results = f"error: {anchor_errors[0]}"
    elif timeouts:
        ways["anchor"].results = "nothing: gunicorn killed Rucio's worker at its 120 s timeout"
        ctx.notes.append(
            f"rucio-jupyterlab could not list {did}: it asks Rucio for every file's replicas in "
            "one `GET /replicas/{scope}/{name}` with Rucio's default sort (geoip), which costs "
            "Rucio about 1.3 ms per file here (no GeoIP database: each file tries to download "
            "it); the sandbox's gunicorn killed the worker at its 120 s timeout "
            f"({timeouts} WORKER TIMEOUT in the sandbox's log), and the extension answered an "
            "empty list; its UI would show the dataset as still fetching"
        )
    ways["direct"].results = f"{files:,}, one list_replicas"
    calls = {
        "vre": lambda: ctx.vre.files("counted", did),
        "anchor": lambda: (ctx.anchor.purge(), ctx.anchor.files_as_the_ui_does("counted", did)),
        "direct": direct_files(ctx.counted_client, dataset),
    }
    if not ways["anchor"].failed:
        for name, fn in calls.items():
            n, paths = ctx.count(fn)
            ways[name].calls = f"{n} ({summarize(paths)})"
    else:
        for name in ("vre", "direct"):
            n, paths = ctx.count(calls[name])
            ways[name].calls = f"{n} ({summarize(paths)})"
    what = f"files with availability, {did} ({files:,} files)"
    ctx.rows.append(Row(what, *ways.values()))


def bench_default_sort(ctx: Ctx, dataset: str, files: int) -> None:
    """What rucio-jupyterlab asks Rucio for (`GET /replicas/{scope}/{name}`, no sort: Rucio sorts
    by geoip) against the same listing sorted at random (what vre-lab and the direct row ask)."""
    ways = {"vre": Way(), "anchor": Way(), "direct": Way()}
    fns = {
        "anchor": direct_files(ctx.client, dataset, sort=None),
        "direct": direct_files(ctx.client, dataset),
    }
    for name, seconds, count in ctx.rounds(fns, min(3, ctx.args.reps), warmup=0):
        assert count == files, (name, count)
        ways[name].samples.add(seconds)
    ways["vre"].failed = ""
    ctx.rows.append(
        Row(f"  list_replicas of {files:,} files: Rucio's default sort / sort=random",
            ways["vre"], ways["anchor"], ways["direct"],
            "the 'rucio-jupyterlab' column is the direct call with Rucio's default (geoip) sort")
    )  # fmt: skip


# --- 3: 8 concurrent listings --------------------------------------------------------------------


def concurrently(fns: list[Callable[[], int]], expected: int) -> tuple[list[float], list[str]]:
    """Start every call at once (a barrier); each one's latency and the errors."""
    barrier = threading.Barrier(len(fns))
    latencies: list[float] = [0.0] * len(fns)
    errors: list[str] = []

    def run(index: int, fn: Callable[[], int]) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            count = fn()
            if count != expected:
                errors.append(f"{count} of {expected} files")
        except Exception as error:  # reported in the table
            errors.append(str(error)[:160])
        latencies[index] = since(started)

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def bench_concurrent(ctx: Ctx, datasets: list[str], files: int, reps: int, creds: dict, work):
    say(f"{len(datasets)} concurrent listings of {files:,}-file datasets, {reps} repetition(s)")
    vre_sessions = [ctx.vre.server.session() for _ in datasets]
    anchor_sessions = [ctx.anchor.server.session() for _ in datasets]
    clients = [direct_client(creds, work / f"tokens-concurrent-{i}") for i in range(len(datasets))]

    def vre_one(i):
        did = f"{SCOPE}:{datasets[i]}"
        return lambda: vre_available(ctx.vre.files("sandbox", did, session=vre_sessions[i])[0])

    def anchor_one(i):
        did = f"{SCOPE}:{datasets[i]}"
        return lambda: anchor_available(
            ctx.anchor.files("sandbox", did, session=anchor_sessions[i])
        )

    def direct_one(i):
        return direct_files(clients[i], datasets[i])

    makers = {"vre": vre_one, "anchor": anchor_one, "direct": direct_one}
    per_call = {name: Samples() for name in makers}
    walls = {name: Samples() for name in makers}
    errors: dict[str, list[str]] = {name: [] for name in makers}
    for rep in range(-1, reps):
        order = list(makers.items())
        random.shuffle(order)
        for name, make in order:
            ctx.idle()
            if name == "anchor":
                ctx.anchor.purge()
            started = time.perf_counter()
            latencies, failed = concurrently([make(i) for i in range(len(datasets))], files)
            wall = since(started)
            if rep >= 0:
                walls[name].add(wall)
                for seconds in latencies:
                    per_call[name].add(seconds)
                errors[name] += failed
    ways = {}
    for name in makers:
        samples = per_call[name]
        way = Way(samples)
        way.results = (
            f"each {min(samples.values):.2f}..{samples.max:.2f} s, all {walls[name].median:.2f} s; "
            f"{len(errors[name])} error(s)"
        )
        if errors[name]:
            way.results += f": {errors[name][0]}"
        ways[name] = way
    ctx.rows.append(
        Row(f"{len(datasets)} concurrent listings of {files:,} files (median of each)",
            *ways.values())
    )  # fmt: skip


# --- the report ---------------------------------------------------------------------------------


def print_report(ctx: Ctx, setup: list[tuple[str, float]], header: list[str]) -> None:
    print()
    for line in header:
        print(line)
    print()
    print("setup")
    for what, seconds in setup:
        print(f"  {what:<60} {seconds:8.1f} s")
    print()
    print(
        "| measurement | vre-lab | rucio-jupyterlab | direct rucio-clients | vre-lab ÷ direct "
        "| rucio-jupyterlab ÷ direct | rucio-jupyterlab ÷ vre-lab |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in ctx.rows:
        cells = [row.what, row.vre.cell(), row.anchor.cell(), row.direct.cell()]
        cells += [ratio(row.vre, row.direct), ratio(row.anchor, row.direct)]
        cells += [ratio(row.anchor, row.vre)]
        print("| " + " | ".join(cells) + " |")
    print()
    print("| measurement | what each returned (vre-lab / rucio-jupyterlab / direct) "
          "| Rucio calls (vre-lab / rucio-jupyterlab / direct) |")  # fmt: skip
    print("| --- | --- | --- |")
    for row in ctx.rows:
        results = " / ".join(w.results or "—" for w in (row.vre, row.anchor, row.direct))
        calls = " / ".join(w.calls or "—" for w in (row.vre, row.anchor, row.direct))
        if results.replace("—", "").strip(" /") or calls.replace("—", "").strip(" /"):
            print(f"| {row.what} | {results} | {calls} |")
    print()
    for row in ctx.rows:
        if row.note:
            print(f"- {row.what}: {row.note}")
    for note in ctx.notes:
        print(f"- {note}")


def source_version() -> str:
    """The commit the measured vre-lab is at, and whether vre_lab/ differs from it."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(REPOSITORY), *args], capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    changed = git("status", "--porcelain", "--", "vre_lab").splitlines()
    return commit + (f" + {len(changed)} changed file(s) in vre_lab/" if changed else "")


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="sandbox home to (re)use and keep")
    parser.add_argument("--bulk-dids", type=int, default=100_000, help="DIDs in scope bench")
    parser.add_argument("--dataset-files", type=int, default=10_000,
                        help="files of the dataset every way lists, repeated")  # fmt: skip
    parser.add_argument("--concurrent", type=int, default=8, help="listings at once")
    parser.add_argument("--concurrent-files", type=int, default=2_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--anchor-limit",
        type=float,
        default=300.0,
        help="seconds rucio-jupyterlab gets to list the whole-scope dataset",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 repetitions")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if args.quick:
        args.bulk_dids, args.dataset_files, args.concurrent_files, args.reps = 5000, 1000, 250, 2
    args.dataset_files = min(args.dataset_files, args.bulk_dids)
    args.concurrent_files = min(args.concurrent_files, args.bulk_dids // args.concurrent)
    random.seed(1)

    setup: list[tuple[str, float]] = []
    started = time.perf_counter()
    if ensure_anchor_venv(ANCHOR_VENV):
        setup.append((f"{ANCHOR} installed into {ANCHOR_VENV.name}", since(started)))

    work = Path(tempfile.mkdtemp(prefix="vre-lab-anchor-bench-"))
    home = args.home.expanduser().resolve() if args.home else work / "sandbox"
    sandbox = Sandbox(home=home, venv=shared_server_venv(), port=0)
    was_running = sandbox.status().running
    header = [
        f"vre-lab vs {ANCHOR} vs rucio-clients ({platform.python_version()}, {os.cpu_count()} "
        f"CPU(s), load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})",
        f"vre-lab: the source tree at {source_version()}",
    ]
    try:
        say(f"Starting the sandbox in {home} with {args.bulk_dids:,} bulk DIDs")
        started = time.perf_counter()
        info = sandbox.start(bulk_dids=args.bulk_dids, report=say)
        setup.append((f"sandbox start + seed ({args.bulk_dids:,} DIDs, reused per home)",
                      since(started)))  # fmt: skip
        creds = credentials(info)
        client = direct_client(creds, work / "tokens-direct")
        started = time.perf_counter()
        practical = f"files-{args.dataset_files}"
        ensure_dataset(client, practical, 0, args.dataset_files)
        concurrent = [f"conc{args.concurrent_files}-{i}" for i in range(args.concurrent)]
        for i, name in enumerate(concurrent):
            ensure_dataset(client, name, i * args.concurrent_files, args.concurrent_files)
        setup.append((f"datasets bench:{practical} and {len(concurrent)} x "
                      f"{args.concurrent_files:,} files (attach_dids, once per home)",
                      since(started)))  # fmt: skip

        with RelayProxy(info.url) as counter:
            # a client that stops reading a listing resets its connection: not worth a traceback
            counter._server.handle_error = lambda request, address: None
            run(args, sandbox, info, creds, client, counter, work, setup, header)
    finally:
        if not was_running:
            say("Stopping the sandbox")
            sandbox.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args, sandbox, info, creds, client, counter, work: Path, setup, header) -> None:
    disk = info.home / "storage" / RSE
    sandbox_instance = info.vre_lab_instance()
    counted = {**sandbox_instance, "name": "counted", "display_name": "counted"}
    counted.update(rucio_host=counter.url, auth_host=counter.url)
    config = {
        "rucio_instances": [sandbox_instance, counted],
        "job_store_path": str(work / "jobs.sqlite3"),
        "rucio_download_dir": str(work / "downloads"),
        "rucio_credentials_path": str(work / "rucio-credentials.json"),
        "rucio_token_dir": str(work / "rucio-tokens"),
    }
    # the vre-lab server runs this repository's source tree (what is on disk now)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPOSITORY), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    anchor_instances = [
        anchor_instance("sandbox", info.url, disk),
        anchor_instance("counted", counter.url, disk),
    ]
    say("Starting the jupyter servers (vre-lab, rucio-jupyterlab)")
    started = time.perf_counter()
    with (
        jupyter_server(work / "vre-lab", config) as vre_server,
        anchor_server(work / "anchor", anchor_instances) as anchor_server_,
    ):
        setup.append(("jupyter servers start (both)", since(started)))
        anchor = Anchor(anchor_server_)
        for namespace in ("sandbox", "counted"):
            anchor.log_in(namespace, creds)
        for namespace in ("sandbox", "counted"):  # a login clears every namespace's token
            anchor.call("GET", "list-scopes", params={"namespace": namespace})
        vre = VRELab(vre_server)
        for instance in ("sandbox", "counted"):
            vre.get(instance, "whoami")
        ctx = Ctx(
            vre,
            anchor,
            client,
            direct_client({**creds, "rucio_host": counter.url, "auth_host": counter.url},
                          work / "tokens-counted"),
            counter,
            RucioWorkers(info.worker_pids),
            sandbox,
            args,
        )  # fmt: skip
        total = args.bulk_dids
        bench_search(ctx, total)
        bench_files(ctx, f"files-{args.dataset_files}", args.dataset_files, args.reps, 600)
        bench_default_sort(ctx, f"files-{args.dataset_files}", args.dataset_files)
        bench_files(ctx, FULL, total, 1, args.anchor_limit)
        ctx.renew_workers()  # gunicorn replaces a worker it killed at its timeout
        datasets = [f"conc{args.concurrent_files}-{i}" for i in range(args.concurrent)]
        bench_concurrent(ctx, datasets, args.concurrent_files, max(1, args.reps // 2), creds, work)
        vre_rss = _rss(vre_server.pid)
        anchor_rss = _rss(anchor_server_.pid)
        ctx.notes.append(
            f"resident memory at the end: vre-lab's jupyter server {vre_rss}, "
            f"rucio-jupyterlab's {anchor_rss}"
        )
    print_report(ctx, setup, header)


def _rss(pid: int) -> str:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return f"{int(line.split()[1]) / 1024:.0f} MiB"
    return "?"


if __name__ == "__main__":
    sys.exit(main())
