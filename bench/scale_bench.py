"""Listings at depth: every page of a 100,000-match search and of a 100,000-file dataset, cold and
while scrolling, against the direct rucio-clients calls that return the same rows.

    python bench/scale_bench.py --home ~/.cache/vre-lab-scale     # seeds once, then reuses it
    python bench/scale_bench.py --quick                            # a smoke run (10,000 DIDs)

Targets (issue 18), each a ratio against a baseline timed in the same run:

- cold page at depth: `GET rucio/sandbox/dids?query=...&cursor=C` where C continues the listing at
  offset o and the server holds nothing of it (as after a restart: a second server, configured
  without read-ahead, `c.VRELab.rucio_listing_spools = 0`), vs rucio-clients' `list_dids` read
  up to o + page rows and stopped; median ratio <= 1.25 at every depth.
- scrolling a search to the end (100,000 rows, page after page as the panel asks for them) vs one
  direct `list_dids` read to the end: ratio <= 1.5.
- the same two for the files of a dataset (`GET rucio/sandbox/did/files`: each page also looks up
  its replicas in one bulk call), vs `list_files` read up to the same rows plus the same
  `list_replicas` call per page.
- server memory: the jupyter server's resident memory before and after, and its peak.

Progress goes to stderr, the report to stdout; exit code 0 when every target passes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from harness import RucioWorkers, Samples, direct_client, jupyter_server, ms, say, timed
from rucio_bench import credentials, stop_listing

from vre_lab.rucio.dids import parse_did, parse_filter
from vre_lab.rucio.paging import _encode
from vre_lab.sandbox.sandbox import Sandbox

SCOPE = "bench"
DATASET = "bulk-dids"  # every bulk file, attached when seeded
PATTERN = "bulk.file_*"
PAGE = 100  # the panel's first page
MORE = 1000  # the panel's next pages
COLD_TARGET, SCROLL_TARGET = 1.25, 1.5


def memory(pid: int) -> tuple[int, int]:
    """(resident, peak resident) bytes of a process."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def search_cursor(pattern: str, offset: int) -> str:
    """The cursor the server hands out at `offset` of the search for `pattern` (type all)."""
    did = parse_did(f"{SCOPE}:{pattern}", wildcard=True)
    filters = parse_filter(None, did.name)
    return _encode(f"search|sandbox|{did}|all|{filters}", offset)


def files_cursor(offset: int) -> str:
    return _encode(f"files|sandbox|{parse_did(f'{SCOPE}:{DATASET}')}", offset)


class Bench:
    def __init__(self, server, cold, client, workers: RucioWorkers, reps: int):
        self.session = server.session()
        self.url = server.url + "vre-lab/api/rucio/sandbox/"
        self.cold_session = cold.session()
        self.cold_url = cold.url + "vre-lab/api/rucio/sandbox/"
        self.client = client
        self.workers = workers
        self.reps = reps

    def idle(self) -> None:
        if self.workers.wait_until_idle(time.perf_counter(), 120) is None:
            raise RuntimeError("the Rucio workers stay busy")

    def get(self, route: str, cold: bool = False, **params) -> dict:
        session, url = (self.cold_session, self.cold_url) if cold else (self.session, self.url)
        response = session.get(url + route, params=params, timeout=300)
        response.raise_for_status()
        return response.json()

    # --- search ---

    def direct_dids(self, pattern: str, upto: int | None) -> list:
        rows = self.client.list_dids(SCOPE, [{"name": pattern}], did_type="all", long=True)
        try:
            return list(islice(rows, upto)) if upto else list(rows)
        finally:
            stop_listing(rows)

    def cold_search(self, offset: int) -> tuple[Samples, Samples]:
        base, ext = Samples(), Samples()
        params = {"query": f"{SCOPE}:{PATTERN}", "type": "all", "page_size": PAGE}
        if offset:
            params["cursor"] = search_cursor(PATTERN, offset)
        for _ in range(self.reps):
            calls = [
                ("base", lambda: self.direct_dids(PATTERN, offset + PAGE)[offset:]),
                ("ext", lambda p=params: self.get("dids", cold=True, **p)["items"]),
            ]
            random.shuffle(calls)
            for which, call in calls:
                self.idle()
                seconds, rows = timed(call)
                assert len(rows) == PAGE, (which, offset, len(rows))
                (base if which == "base" else ext).add(seconds)
        return base, ext

    def scroll_search(self, first: int, more: int) -> tuple[float, Samples, int]:
        """Every page to the end: the first of `first` rows, the next ones of `more`."""
        self.idle()
        pages, rows, cursor = Samples(), 0, None
        start = time.perf_counter()
        while True:
            params = {"query": f"{SCOPE}:{PATTERN}", "type": "all", "page_size": first}
            if cursor:
                params.update(cursor=cursor, page_size=more)
            seconds, answer = timed(lambda p=params: self.get("dids", **p))
            pages.add(seconds)
            rows += len(answer["items"])
            cursor = answer["next_cursor"]
            if not cursor:
                return time.perf_counter() - start, pages, rows

    # --- files of a dataset ---

    def direct_files(self, offset: int, first: int, more: int = 0, upto: int = 0) -> int:
        """`list_files` from `offset`, then one `list_replicas` per page, as the server does:
        the first page of `first` rows, the next ones (up to `upto` rows) of `more`."""
        files = self.client.list_files(SCOPE, DATASET)
        try:
            wanted = list(islice(files, offset + max(first, upto)))[offset:]
        finally:
            stop_listing(files)
        start, size = 0, first
        while start < len(wanted):
            chunk = [{"scope": f["scope"], "name": f["name"]} for f in wanted[start : start + size]]
            list(self.client.list_replicas(chunk, sort="random", all_states=True))
            start, size = start + size, more or first
        return len(wanted)

    def cold_files(self, offset: int) -> tuple[Samples, Samples]:
        base, ext = Samples(), Samples()
        for _ in range(self.reps):
            params = {"did": f"{SCOPE}:{DATASET}", "page_size": PAGE}
            if offset:
                params["cursor"] = files_cursor(offset)
            calls = [
                ("base", lambda: self.direct_files(offset, PAGE)),
                ("ext", lambda p=params: len(self.get("did/files", cold=True, **p)["items"])),
            ]
            random.shuffle(calls)
            for which, call in calls:
                self.idle()
                seconds, count = timed(call)
                assert count == PAGE, (which, offset, count)
                (base if which == "base" else ext).add(seconds)
        return base, ext

    def scroll_files(self, first: int, more: int) -> tuple[float, int]:
        self.idle()
        rows, cursor = 0, None
        start = time.perf_counter()
        while True:
            params = {"did": f"{SCOPE}:{DATASET}", "page_size": first}
            if cursor:
                params.update(cursor=cursor, page_size=more)
            answer = self.get("did/files", **params)
            rows += len(answer["items"])
            cursor = answer["next_cursor"]
            if not cursor:
                return time.perf_counter() - start, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="sandbox home to (re)use and keep")
    parser.add_argument("--dids", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--quick", action="store_true", help="10,000 DIDs, 2 repetitions; exit 0 unless it breaks"
    )
    parser.add_argument("--skip-files", action="store_true", help="search only")
    args = parser.parse_args()
    if args.quick:
        args.dids, args.reps = 10_000, 2
    random.seed(1)
    depths = sorted({0, 1_000, args.dids // 10, args.dids // 2, args.dids - PAGE})
    work = Path(tempfile.mkdtemp(prefix="vre-lab-scale-"))
    home = args.home.expanduser().resolve() if args.home else work / "sandbox"
    sandbox = Sandbox(home=home, port=0)
    lines, verdicts = [], []
    try:
        say(f"Starting the sandbox in {home} with {args.dids} bulk DIDs")
        seconds, info = timed(lambda: sandbox.start(bulk_dids=args.dids, report=say))
        lines.append(f"setup: sandbox start + seed: {seconds:.1f} s")
        creds = credentials(info)
        client = direct_client(creds, work / "tokens-direct")
        config = {
            "rucio_instances": [info.vre_lab_instance()],
            "job_store_path": str(work / "jobs.sqlite3"),
            "rucio_download_dir": str(work / "downloads"),
            "rucio_credentials_path": str(work / "rucio-credentials.json"),
            "rucio_token_dir": str(work / "rucio-tokens"),
        }
        cold_config = {**config, "rucio_listing_spools": 0}
        cold_config["rucio_token_dir"] = str(work / "rucio-tokens-cold")
        with (
            jupyter_server(work / "jupyter", config) as server,
            jupyter_server(work / "jupyter-cold", cold_config) as cold,
        ):
            bench = Bench(server, cold, client, RucioWorkers(info.worker_pids), args.reps)
            for which in (False, True):  # log in
                bench.get("dids", cold=which, query=f"{SCOPE}:bulk.file_0000001*", type="all")
            run(bench, args, depths, server.pid, lines, verdicts)
    finally:
        say("Stopping the sandbox")
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        f"vre-lab listings at depth ({platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    print("\n".join(lines))
    print()
    for name, passed, detail in verdicts:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
    if args.quick:
        print("(a smoke run: too small and too few repetitions for the verdicts to count)")
        return 0
    return 0 if all(passed for _, passed, _ in verdicts) else 1


def row(label: str, base: Samples, ext: Samples) -> tuple[str, float]:
    ratio = ext.median / base.median
    text = (
        f"  {label:<34} direct {ms(base.median):>8} ms   vre-lab {ms(ext.median):>8} ms "
        f"(max {ms(ext.max):>6})   {ratio:5.2f}x"
    )
    return text, ratio


def cold_pages(what: str, measure, depths: list[int], lines: list, verdicts: list) -> None:
    """A cold page at each depth against the direct calls; the verdict on the worst."""
    worst = 0.0
    for depth in depths:
        say(f"Cold {what} page at {depth}")
        text, ratio = row(f"{what} at {depth}", *measure(depth))
        lines.append(text)
        worst = max(worst, ratio)
    verdicts.append(
        (
            f"cold {what} page at every depth",
            worst <= COLD_TARGET,
            f"worst {worst:.2f}x the direct calls (target <= {COLD_TARGET}x)",
        )
    )


def run(bench: Bench, args, depths: list[int], pid: int, lines: list, verdicts: list) -> None:
    before = memory(pid)
    say("Direct full listings")
    full = Samples()
    for _ in range(3):
        bench.idle()
        seconds, rows = timed(lambda: bench.direct_dids(PATTERN, None))
        full.add(seconds)
    size = len(json.dumps(rows, default=str)) // 1024**2
    lines.append(
        f"direct list_dids of all {len(rows)} matches, to the end: {ms(full.median)} ms "
        f"(median of 3; about {size} MB of JSON)"
    )

    lines.append(
        f"cold page of {PAGE} at depth (no spool: as after a restart), median of {args.reps}:"
    )
    cold_pages("search", bench.cold_search, depths, lines, verdicts)

    for first, more in ((PAGE, MORE), (PAGE, PAGE)):
        say(f"Scrolling the search, pages of {first} then {more}")
        seconds, pages, count = bench.scroll_search(first, more)
        ratio = seconds / full.median
        lines.append(
            f"scroll the search to the end, pages of {first} then {more}: {count} rows in "
            f"{ms(seconds)} ms = {ratio:.2f}x one direct full listing; page median "
            f"{ms(pages.median)} ms, p90 {ms(pages.p90)}, max {ms(pages.max)}"
        )
        if more == MORE:  # as the panel asks for them
            verdicts.append(
                (
                    f"scroll a {count}-match search as the panel does",
                    ratio <= SCROLL_TARGET and count == len(rows),
                    f"{ratio:.2f}x one direct full listing (target <= {SCROLL_TARGET}x)",
                )
            )
    after = memory(pid)
    lines.append(
        f"jupyter server memory: {before[0] // 2**20} MB before, {after[0] // 2**20} MB "
        f"after, peak {after[1] // 2**20} MB"
    )
    if args.skip_files:
        return

    say("Direct full file listing")
    files_full = Samples()
    for _ in range(3):
        bench.idle()
        seconds, count = timed(lambda: bench.direct_files(0, PAGE, MORE, args.dids))
        files_full.add(seconds)
    lines.append(
        f"direct list_files of {count} files + list_replicas per page ({PAGE}, then {MORE}): "
        f"{ms(files_full.median)} ms"
    )
    cold_pages("dataset files", bench.cold_files, depths, lines, verdicts)
    say("Scrolling the dataset's files")
    seconds, count = bench.scroll_files(PAGE, MORE)
    ratio = seconds / files_full.median
    lines.append(
        f"scroll the dataset's {count} files, pages of {PAGE} then {MORE}: {ms(seconds)} ms = "
        f"{ratio:.2f}x the direct calls"
    )
    verdicts.append(
        (
            f"scroll a {count}-file dataset",
            ratio <= SCROLL_TARGET,
            f"{ratio:.2f}x the direct calls (target <= {SCROLL_TARGET}x)",
        )
    )
    final = memory(pid)
    lines.append(
        f"jupyter server memory at the end: {final[0] // 2**20} MB, peak {final[1] // 2**20} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
