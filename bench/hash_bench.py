"""Hashing a large output as a run's provenance records it (`vre_lab.reana.provenance.file_entry`,
a streamed sha256) against `sha256sum` on the same file, in the same session.

Targets (issue 16): at least 0.8x `sha256sum`'s throughput, and less than 64 MiB of memory
added to the process that hashes (peak RSS of a process that hashes, minus one that only
imports the same modules).

    python bench/hash_bench.py            # a 2 GiB file, 3 rounds
    python bench/hash_bench.py --quick    # 256 MiB, a smoke run
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import resource, sys, time
from pathlib import Path
from vre_lab.reana import provenance
path = Path(sys.argv[1])
started = time.perf_counter()
if sys.argv[2] == "hash":
    entry = provenance.file_entry(path.parent, path.name)
    assert len(entry["sha256"]) == 64
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_file(path: Path, size: int) -> None:
    block = os.urandom(4 * 2**20)
    with path.open("wb") as f:
        for _ in range(size // len(block)):
            f.write(block)


def ours(path: Path, what: str) -> tuple[float, int]:
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), what], capture_output=True, text=True, check=True
    )
    seconds, max_rss_kib = run.stdout.split()
    return float(seconds), int(max_rss_kib)


def sha256sum(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["sha256sum", str(path)], capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="256 MiB, one round")
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = (256 if args.quick else args.size_mib) * 2**20
    rounds = 1 if args.quick else args.rounds
    with tempfile.TemporaryDirectory(prefix="vre-hash-bench-") as folder:
        path = Path(folder) / "output.bin"
        print(f"writing {size // 2**20} MiB of random data …", file=sys.stderr)
        write_file(path, size)
        sha256sum(path)  # the page cache holds the file for both from here on
        ours_times, theirs_times, added = [], [], []
        for _ in range(rounds):
            theirs_times.append(sha256sum(path))
            seconds, peak = ours(path, "hash")
            _, idle = ours(path, "import")
            ours_times.append(seconds)
            added.append((peak - idle) / 1024)
    ratio = statistics.median(theirs_times) / statistics.median(ours_times)
    memory = max(added)
    print(f"file: {size // 2**20} MiB, rounds: {rounds}")
    print(f"sha256sum: median {statistics.median(theirs_times):.2f} s")
    print(f"vre-lab:   median {statistics.median(ours_times):.2f} s")
    rows = [
        ("throughput vs sha256sum", f"{ratio:.2f}x", ratio >= 0.8, "≥ 0.80x"),
        ("memory added while hashing", f"{memory:.1f} MiB", memory < 64, "< 64 MiB"),
    ]
    for name, value, passed, goal in rows:
        print(f"{name:<28} {value:>10}  goal {goal:<9} {'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for _, _, passed, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
