# Long on purpose: one self-contained benchmark script (setup, every target next to its
# baseline, the report); what the benchmarks share is bench/harness.py.
"""Benchmarks of vre-lab's Rucio slice against rucio-clients, on a real local Rucio server.

    python bench/rucio_bench.py [--quick] [--home DIR]

Starts its own sandbox (a temporary home unless --home), its own `jupyter server` with vre-lab
on 127.0.0.1, measures every target against a baseline run in the same session, prints a table
and PASS/FAIL per target, and stops what it started. Exit code 0 when every target passes.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from harness import (
    RelayProxy,
    RucioWorkers,
    Samples,
    direct_client,
    jupyter_server,
    ms,
    timed,
)

from vre_lab.rucio.instances import read_rucio_cfg
from vre_lab.sandbox.sandbox import Sandbox

SCOPE = "bench"
BULK_NAME = "bulk.file_{:07d}.root"
RSE = "SANDBOX_DISK"
CHUNK = 250
PAGE = 100


@dataclass
class Row:
    what: str
    n: int
    base: Samples | None
    ext: Samples
    target: str = ""
    ratio: float | None = None
    passed: bool | None = None
    note: str = ""


@dataclass
class Report:
    setup: list[tuple[str, float]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    verdicts: list[tuple[str, bool, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- setup ----------------------------------------------------------------------------------


def ensure_dataset(client, name: str, files: int) -> None:
    """`bench:<name>` holding the first `files` bulk files (they have replicas on the disk)."""
    from rucio.common.exception import DataIdentifierAlreadyExists

    with contextlib.suppress(DataIdentifierAlreadyExists):
        client.add_dataset(SCOPE, name)
    present = {f["name"] for f in client.list_files(SCOPE, name)}
    missing = [BULK_NAME.format(i) for i in range(files) if BULK_NAME.format(i) not in present]
    for start in range(0, len(missing), CHUNK):
        dids = [{"scope": SCOPE, "name": n} for n in missing[start : start + CHUNK]]
        client.attach_dids(SCOPE, name, dids)


def credentials(info) -> dict:
    cfg = read_rucio_cfg(Path(info.client_config))
    return {k: cfg[k] for k in ("rucio_host", "auth_host", "account", "username", "password")}


# --- target 1: search -----------------------------------------------------------------------


def stop_listing(rows) -> None:
    """Stop reading a rucio-clients listing and close its connection now (not when the
    generator is collected), so that Rucio stops producing it."""
    response = rows.gi_frame.f_locals.get("response") if rows.gi_frame else None
    rows.close()
    if response is not None:
        response.close()


def bench_search(
    ctx,
    label: str,
    pattern: str,
    reps: int,
    floor: Samples | None = None,
    busy: tuple[Samples, Samples] | None = None,
) -> Row:
    """Median latency of a 100-result page: the extension vs rucio-clients' list_dids (the
    same scope, filters, did_type and long=True as RucioService.search) cut after 100 rows.
    Every call starts with the Rucio workers idle. With `floor`, also time GET status in each
    round: the cost of any call to the extension. With `busy`, record how long the Rucio
    workers stay busy after each direct and each extension call."""
    session, client = ctx.session, ctx.client
    url = ctx.server.url + "vre-lab/api/rucio/sandbox/dids"
    params = {"query": f"{SCOPE}:{pattern}", "type": "all", "page_size": PAGE}
    status_url = ctx.server.url + "vre-lab/api/status"

    def status():
        session.get(status_url, timeout=30).raise_for_status()

    def extension():
        response = session.get(url, params=params, timeout=120)
        response.raise_for_status()
        return response.json()

    def direct():
        rows = client.list_dids(SCOPE, [{"name": pattern}], did_type="all", long=True)
        return list(islice(rows, PAGE)), rows

    base, ext = Samples(), Samples()
    for rep in range(-3, reps):  # three warm-up rounds
        order = [("base", direct), ("ext", extension)]
        if floor is not None:
            order.append(("floor", status))
        random.shuffle(order)
        for which, fn in order:
            if ctx.workers.wait_until_idle(time.perf_counter(), 30) is None:
                raise RuntimeError("the Rucio workers stay busy")
            start = time.perf_counter()
            seconds, result = timed(fn)
            if which == "floor":
                if rep >= 0:
                    floor.add(seconds)
            elif which == "base":
                page, rows = result
                stop_listing(rows)  # outside the timing
                assert len(page) == PAGE, len(page)
                if rep >= 0:
                    base.add(seconds)
            else:
                assert len(result["items"]) == PAGE, len(result["items"])
                if rep >= 0:
                    ext.add(seconds)
            if busy is not None and which != "floor" and rep >= 0:
                after = ctx.workers.wait_until_idle(start, 30)
                busy[which == "ext"].add(after if after is not None else 30)
    ratio = ext.median / base.median
    return Row(label, reps, base, ext, "median <= 1.25x", ratio, ratio <= 1.25)


# --- target 2: a dataset into a variable ----------------------------------------------------


def bench_paths(ctx, dataset: str, files: int, reps: int) -> Row:
    """GET did/paths?mode=replica vs the bulk calls it needs: get_did + list_replicas of the
    dataset on the destination RSE (sort='random'), iterated fully."""
    session, client = ctx.session, ctx.client
    url = ctx.server.url + "vre-lab/api/rucio/sandbox/did/paths"
    params = {"did": f"{SCOPE}:{dataset}", "mode": "replica"}

    def extension():
        response = session.get(url, params=params, timeout=300)
        response.raise_for_status()
        return len(response.json()["paths"])

    def direct():
        client.get_did(SCOPE, dataset)
        replicas = client.list_replicas(
            dids=[{"scope": SCOPE, "name": dataset}], rse_expression=RSE, sort="random"
        )
        return sum(1 for _ in replicas)

    base, ext = Samples(), Samples()
    for rep in range(-1, reps):
        order = [(base, direct), (ext, extension)]
        random.shuffle(order)
        for samples, fn in order:
            seconds, count = timed(fn)
            assert count == files, (count, files)
            if rep >= 0:
                samples.add(seconds)
    ratio = ext.median / base.median
    return Row(
        f"paths of a {files}-file dataset", reps, base, ext, "median <= 1.5x", ratio, ratio <= 1.5
    )


def count_calls(ctx, dataset: str) -> tuple[int, int, list[str]]:
    """Rucio requests behind one GET did/paths (through the counting proxy), and behind the
    direct calls; each measured three times, the largest count kept."""
    url = ctx.server.url + "vre-lab/api/rucio/counted/did/paths"
    params = {"did": f"{SCOPE}:{dataset}", "mode": "replica"}
    ctx.session.get(url, params=params, timeout=300).raise_for_status()  # log in first
    proxy = ctx.counter
    extension, paths = 0, []
    for _ in range(3):
        proxy.reset_count()
        ctx.session.get(url, params=params, timeout=300).raise_for_status()
        if proxy.count() >= extension:
            extension, paths = proxy.count(), [p.split("?")[0] for p in proxy.paths]
    direct = 0
    for _ in range(3):
        proxy.reset_count()
        ctx.counted_client.get_did(SCOPE, dataset)
        sum(1 for _ in ctx.counted_client.list_replicas(
            dids=[{"scope": SCOPE, "name": dataset}], rse_expression=RSE, sort="random"
        ))  # fmt: skip
        direct = max(direct, proxy.count())
    return extension, direct, paths


# --- target 3: status while slow calls are in flight ----------------------------------------


def status_samples(ctx, count: int, gap: float, in_flight: list[int] | None = None) -> Samples:
    url = ctx.server.url + "vre-lab/api/status"
    samples = Samples()
    for _ in range(count):
        if in_flight is not None:
            in_flight.append(ctx.slow.in_flight)
        seconds, response = timed(lambda: ctx.session.get(url, timeout=30))
        response.raise_for_status()
        samples.add(seconds)
        time.sleep(gap)
    return samples


def p99(samples: Samples) -> float:
    values = sorted(samples.values)
    return values[min(len(values) - 1, int(0.99 * len(values)))]


def bench_status(ctx, slow_calls: int, count: int) -> tuple[Row, list[int], Samples]:
    gap = 0.02
    # log in to the slow instance once, so that each slow call below is one delayed request
    ctx.server.session().get(
        ctx.server.url + "vre-lab/api/rucio/slow/scopes", timeout=120
    ).raise_for_status()
    idle = status_samples(ctx, count, gap)
    durations = Samples()
    errors: list[str] = []

    def slow_call():
        with ctx.server.session() as session:
            seconds, response = timed(
                lambda: session.get(ctx.server.url + "vre-lab/api/rucio/slow/scopes", timeout=120)
            )
        if not response.ok:
            errors.append(f"{response.status_code} {response.text[:200]}")
        durations.add(seconds)

    threads = [threading.Thread(target=slow_call) for _ in range(slow_calls)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while ctx.slow.in_flight < slow_calls and time.monotonic() < deadline:
        time.sleep(0.005)
    in_flight: list[int] = []
    loaded = status_samples(ctx, count, gap, in_flight)
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"slow calls failed: {errors}")
    passed = p99(loaded) < 0.050 and min(in_flight) == slow_calls
    row = Row(
        f"status, {slow_calls} slow Rucio calls in flight",
        count,
        idle,
        loaded,
        "p99 < 50 ms",
        loaded.median / idle.median,
        passed,
        f"in flight during samples: {min(in_flight)}..{max(in_flight)}",
    )
    return row, in_flight, durations


# --- report ---------------------------------------------------------------------------------


def print_report(report: Report, args) -> None:
    print()
    print(f"vre-lab Rucio benchmarks ({platform.python_version()}, {os.cpu_count()} CPU(s), "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")  # fmt: skip
    print()
    print("setup")
    for what, seconds in report.setup:
        print(f"  {what:<52} {seconds:8.1f} s")
    print()
    header = (
        f"{'measurement':<44} {'n':>3}  {'baseline ms':>17}  {'vre-lab ms':>17}  "
        f"{'ratio':>6}  {'target':<16} result"
    )
    print(header)
    print(f"{'':<44} {'':>3}  {'median':>8} {'p90':>8}  {'median':>8} {'p90':>8}")
    print("-" * len(header))
    for row in report.rows:
        base = f"{ms(row.base.median):>8} {ms(row.base.p90):>8}" if row.base else " " * 17
        ratio = f"{row.ratio:6.2f}" if row.ratio is not None else " " * 6
        result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        print(
            f"{row.what:<44} {row.n:>3}  {base}  {ms(row.ext.median):>8} {ms(row.ext.p90):>8}  "
            f"{ratio}  {row.target:<16} {result}"
        )
        if row.note:
            print(f"{'':<48}{row.note}")
    print()
    for note in report.notes:
        print(note)
    print()
    for name, passed, detail in report.verdicts:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")


# --- main -----------------------------------------------------------------------------------


@dataclass
class Context:
    server: object
    session: object
    client: object
    counted_client: object
    counter: RelayProxy
    slow: RelayProxy
    workers: RucioWorkers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="sandbox home to (re)use and keep")
    parser.add_argument("--bulk-dids", type=int, default=10_000, help="DIDs in scope bench")
    parser.add_argument("--dataset-files", type=int, default=5_000)
    parser.add_argument("--search-reps", type=int, default=60)
    parser.add_argument("--paths-reps", type=int, default=10)
    parser.add_argument("--status-samples", type=int, default=200)
    parser.add_argument("--slow-calls", type=int, default=8)
    parser.add_argument(
        "--delay",
        type=float,
        default=8.0,
        help="seconds the slow proxy waits (status is "
        "sampled while all slow calls wait: keep it above samples x 30 ms)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--targets", default="1,2,3", help="which targets to run (comma-separated: 1,2,3)"
    )
    args = parser.parse_args()
    if args.quick:
        args.search_reps, args.paths_reps, args.status_samples, args.delay = 10, 3, 50, 3.0
    random.seed(1)

    work = Path(tempfile.mkdtemp(prefix="vre-lab-bench-"))
    home = args.home.expanduser().resolve() if args.home else work / "sandbox"
    sandbox = Sandbox(home=home, port=0)
    report = Report()
    try:
        say(f"Starting the sandbox in {home} with {args.bulk_dids} bulk DIDs")
        seconds, info = timed(lambda: sandbox.start(bulk_dids=args.bulk_dids, report=say))
        report.setup.append(
            (f"sandbox start + seed ({args.bulk_dids} DIDs in scope {SCOPE})", seconds)
        )
        creds = credentials(info)
        client = direct_client(creds, work / "tokens-direct")
        small, large = "paths-100", f"paths-{args.dataset_files}"
        seconds, _ = timed(lambda: [ensure_dataset(client, small, 100),
                                    ensure_dataset(client, large, args.dataset_files)])  # fmt: skip
        report.setup.append((f"datasets bench:{small} and bench:{large}", seconds))

        with (
            RelayProxy(info.url) as counter,
            RelayProxy(info.url, delay=args.delay) as slow,
        ):
            sandbox_instance = info.vre_lab_instance()
            counted = {**sandbox_instance, "name": "counted", "display_name": "counted"}
            counted.update(rucio_host=counter.url, auth_host=counter.url)
            slow_instance = {"name": "slow", "display_name": "slow", "auth_type": "userpass"}
            slow_instance.update(creds, rucio_host=slow.url, auth_host=slow.url)
            config = {
                "rucio_instances": [sandbox_instance, counted, slow_instance],
                "job_store_path": str(work / "jobs.sqlite3"),
                "rucio_download_dir": str(work / "downloads"),
                "rucio_credentials_path": str(work / "rucio-credentials.json"),
                "rucio_token_dir": str(work / "rucio-tokens"),
            }
            say("Starting jupyter server")
            start = time.perf_counter()
            with jupyter_server(work / "jupyter", config) as server:
                report.setup.append(("jupyter server start", time.perf_counter() - start))
                ctx = Context(
                    server,
                    server.session(),
                    client,
                    direct_client({**creds, "rucio_host": counter.url,
                                   "auth_host": counter.url}, work / "tokens-counted"),
                    counter,
                    slow,
                    RucioWorkers(info.worker_pids),
                )  # fmt: skip
                run(ctx, args, report, client)
    finally:
        say("Stopping the sandbox")
        sandbox.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_report(report, args)
    return 0 if all(passed for _, passed, _ in report.verdicts) else 1


def run(ctx: Context, args, report: Report, client) -> None:
    # what the whole wildcard listing costs Rucio, for comparison
    listing = Samples()
    for _ in range(3):
        seconds, count = timed(
            lambda: sum(1 for _ in client.list_dids(
                SCOPE, [{"name": "bulk.file_*"}], did_type="all", long=True
            ))
        )  # fmt: skip
        listing.add(seconds)
    full = listing.median
    report.notes.append(
        f"direct list_dids of all {count} bench:bulk.file_* DIDs, read to the end (median of 3): "
        f"{ms(full)} ms"
    )

    targets = set(args.targets.split(","))
    if "1" in targets:
        search_target(ctx, args, report)
    if "2" in targets:
        paths_target(ctx, args, report)
    if "3" in targets:
        status_target(ctx, args, report)


def search_target(ctx: Context, args, report: Report) -> None:
    say("Target 1: search")
    floor = Samples()
    prefix = bench_search(
        ctx, "search, prefix matching 100 (page of 100)", "bulk.file_00001*",
        2 * args.search_reps, floor=floor,
    )  # fmt: skip
    busy = (Samples(), Samples())
    wildcard = bench_search(
        ctx, "search, wildcard matching all: first page", "bulk.file_*", args.search_reps,
        busy=busy,
    )  # fmt: skip
    report.rows += [prefix, Row("  GET status in the same rounds (floor)", floor.n, None, floor)]
    report.rows += [
        wildcard,
        Row(
            "  Rucio busy from the call until idle again",
            busy[1].n,
            busy[0],
            busy[1],
            ratio=busy[1].median / busy[0].median,
        ),
    ]
    for row in (prefix, wildcard):
        report.verdicts.append(
            (f"1 {row.what}", row.passed, f"{row.ratio:.2f}x direct list_dids (target <= 1.25x)")
        )


def paths_target(ctx: Context, args, report: Report) -> None:
    say("Target 2: paths of a dataset")
    small = bench_paths(ctx, "paths-100", 100, args.paths_reps)
    large = bench_paths(ctx, f"paths-{args.dataset_files}", args.dataset_files, args.paths_reps)
    small.target, small.passed = "", None
    report.rows += [small, large]
    calls_small, direct_small, what_small = count_calls(ctx, "paths-100")
    calls_large, direct_large, what_large = count_calls(ctx, f"paths-{args.dataset_files}")
    report.notes.append(
        f"Rucio calls behind one GET did/paths: 100 files: {calls_small} "
        f"({', '.join(what_small)}); {args.dataset_files} files: {calls_large} "
        f"({', '.join(what_large)}); direct rucio-clients: {direct_small} and {direct_large}"
    )
    constant = calls_small == calls_large
    report.verdicts.append(
        (
            f"2 {large.what}",
            large.passed and constant,
            f"{large.ratio:.2f}x the direct bulk calls (target <= 1.5x); Rucio calls "
            f"{calls_small} for 100 files, {calls_large} for {args.dataset_files} "
            f"({'constant' if constant else 'NOT constant'})",
        )
    )


def status_target(ctx: Context, args, report: Report) -> None:
    say(f"Target 3: status while {args.slow_calls} slow calls are in flight")
    row, _, durations = bench_status(ctx, args.slow_calls, args.status_samples)
    report.rows.append(row)
    report.notes.append(
        f"slow calls (Rucio behind a {args.delay:g} s delay): {durations.n} took "
        f"{durations.values and min(durations.values):.2f}..{durations.max:.2f} s; "
        f"status max idle {ms(row.base.max)} ms, loaded {ms(row.ext.max)} ms"
    )
    report.verdicts.append(
        (
            f"3 {row.what}",
            row.passed,
            f"median {ms(row.ext.median)} ms, p99 {ms(p99(row.ext))} ms, max {ms(row.ext.max)} ms "
            f"(target: p99 < 50 ms); "
            f"{row.ratio:.2f}x idle",
        )
    )


if __name__ == "__main__":
    sys.exit(main())
