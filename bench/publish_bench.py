# Long on purpose: one self-contained benchmark script (setup, every target next to its
# baseline, the report); what the benchmarks share is bench/harness.py.
"""Benchmarks of vre-lab's Publish slice (Zenodo / InvenioRDM) against direct REST calls.

    python bench/publish_bench.py [--quick] [--reps N] [--size-mib N]

Starts the strict InvenioRDM double (tests/invenio_double, Zenodo flavour) as a process of its
own and a `jupyter server` with vre-lab on 127.0.0.1, uploads one big file through vre-lab (a
`zenodo-upload` job) and with `requests` directly, alternating, prints a table and PASS/FAIL per
target, and stops what it started. Exit code 0 when every target passes. Progress goes to
stderr, the report to stdout. See bench/README.md.
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import harness
import requests
from harness import (
    MIB,
    SHM,
    PeakMemory,
    Samples,
    checked,
    memory_kib,
    mib,
    ms,
    plain_session,
    say,
    since,
)

UPLOAD_TARGET = 1.25  # median(vre-lab) / median(direct)
MEMORY_TARGET_MIB = 64  # growth of the jupyter server while it uploads
POLL = 0.25  # seconds between GET jobs/{id} while the job runs (the panel polls less often)
SPARE_MIB = 512  # room left free wherever the files go
BIG = "upload/big.bin"  # below the server root
WARMUP = "warmup/small.bin"
REPO_NAME = "bench"
SMALL_ROUNDS = 5  # uploads of the 1 KiB file each way: what any upload costs, whatever its size
WAYS = {  # how the file is uploaded: its label in the table
    "direct": "direct requests (open file)",
    "vre-lab": "vre-lab (POST uploads -> job)",
    "direct-1mib": "direct, 1 MiB reads (info)",
}
# the environment must not add repositories of its own to the server
DROPPED_ENV = ("ZENODO_ACCESS_TOKEN", "ZENODO_SANDBOX_ACCESS_TOKEN", "VRE_LAB_PUBLISH_REPOSITORIES")


def deposit() -> dict:
    """A deposit the Zenodo flavour accepts (docs/publishing.md)."""
    return {
        "metadata": {
            "resource_type": {"id": "dataset"},
            "title": "vre-lab publish benchmark",
            "publication_date": date.today().isoformat(),
            "creators": [
                {"person_or_org": {"type": "personal", "given_name": "Jane", "family_name": "Doe"}}
            ],
            "description": "A big file, uploaded to measure vre-lab against direct calls.",
            "rights": [{"id": "cc-by-4.0"}],
        },
        "access": {"record": "public", "files": "public"},
    }


def draft_body() -> dict:
    """The draft body a script would send: the deposit with the creator's `name` filled."""
    body = deposit()
    for creator in body["metadata"]["creators"]:
        person = creator["person_or_org"]
        person["name"] = f"{person['family_name']}, {person['given_name']}"
    return {**body, "files": {"enabled": True}}


# --- where the files go -----------------------------------------------------------------------


@dataclass
class Placement:
    folder: str | None  # parent of the temporary directory; None: the system's default
    size_mib: int
    notes: list[str] = field(default_factory=list)


def free_mib(folder: str) -> int:
    try:
        stat = os.statvfs(folder)
    except OSError:
        return 0
    return stat.f_bavail * stat.f_frsize // MIB


def available_ram_mib() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) // 1024
    return 0


def placement(size_mib: int) -> Placement:
    """The source file and the double's copy of one upload (removed after each) need twice the
    size. On /dev/shm (tmpfs) when it and the RAM have room, so the disk's speed and writeback
    do not dominate; else the default temporary folder; else a smaller file, said so."""
    need = 2 * size_mib + SPARE_MIB
    shm = free_mib(SHM)
    if shm >= need and available_ram_mib() >= need + 1024:
        return Placement(SHM, size_mib)
    notes = [
        f"{SHM} has {shm} MiB free (RAM available {available_ram_mib()} MiB), "
        f"{need} MiB needed: the files are on disk ({tempfile.gettempdir()}), whose speed counts"
    ]
    disk = free_mib(tempfile.gettempdir())
    if disk >= need:
        return Placement(None, size_mib, notes)
    smaller = max((disk - SPARE_MIB) // 2, 1)
    notes.append(f"the disk has {disk} MiB free: the file is {smaller} MiB, not {size_mib} MiB")
    return Placement(None, smaller, notes)


# --- the double ---------------------------------------------------------------------------------


def invenio_double(state: Path, token: str):
    """The double (Zenodo flavour) in a process of its own; yields its URL and pid."""
    return harness.double_process(
        "InvenioRDM",
        "tests.invenio_double",
        state,
        token,
        "--flavour",
        "zenodo",
        show_violations=True,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process used so far (Linux only)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class DoubleLog:
    """The double's request log (`/_double/requests`), read as what happened since `mark()`."""

    def __init__(self, url: str):
        self.url = url
        self.session = plain_session()
        self.seen = 0

    def _all(self) -> list[dict]:
        answer = self.session.get(f"{self.url}/_double/requests", timeout=60)
        return checked(answer, "GET /_double/requests").json()["requests"]

    def mark(self) -> None:
        self.seen = len(self._all())

    def since(self) -> Counter:
        requests_ = self._all()[self.seen :]
        return Counter(r["operation"] for r in requests_)


def forget_upload(url: str, token: str, state: Path, draft: str) -> None:
    """Untimed, after each upload: discard its draft and remove the double's copy of the content
    (the double keeps committed content on disk after a discard), so the next upload starts
    with the same free memory."""
    session = plain_session(token)
    answer = session.delete(f"{url}/api/records/{draft}/draft", timeout=60)
    checked(answer, "discard the draft")
    session.close()
    for path in (state / "files").glob("*"):
        path.unlink(missing_ok=True)


def check_repository(server, session: requests.Session) -> None:
    """vre-lab loaded and sees the repository `bench`; else the server log's end, to say why."""
    answer = session.get(server.url + "vre-lab/api/zenodo/repositories", timeout=60)
    names = [r.get("name") for r in answer.json()["repositories"]] if answer.ok else []
    if REPO_NAME not in names:
        lines = server.log_path.read_text(errors="replace").splitlines()
        tail = [line for line in lines if re.search(r"vre|Error|\[[WE] ", line)][-30:]
        raise RuntimeError(
            f"vre-lab does not offer the repository {REPO_NAME!r} (GET repositories: "
            f"{answer.status_code}, {names}); the server log says:\n" + "\n".join(tail)
        )


# --- the two ways to upload -----------------------------------------------------------------------


class BlockReader:
    """The open file read `block` bytes at a time, whatever the reader asks for; with a length,
    so requests sends a Content-Length and streams it."""

    def __init__(self, file, size: int, block: int):
        self.file, self.size, self.block = file, size, block

    def __len__(self) -> int:
        return self.size

    def read(self, _amount: int = -1) -> bytes:
        return self.file.read(self.block)


def direct_upload(url: str, token: str, path: Path, block: int | None = None) -> str:
    """What a script would do with requests alone, on one keep-alive session: create the draft,
    init the file, PUT the content (the open file as the body, streamed: urllib3 reads it 16 KiB
    at a time; with `block`, that many bytes at a time), commit."""
    session = plain_session(token)
    api = f"{url}/api/records"
    created = session.post(api, json=draft_body(), timeout=60)
    draft = checked(created, "create the draft").json()["id"]
    key = path.name
    checked(session.post(f"{api}/{draft}/draft/files", json=[{"key": key}], timeout=60), "init")
    with path.open("rb") as file:
        body = BlockReader(file, path.stat().st_size, block) if block else file
        answer = session.put(
            f"{api}/{draft}/draft/files/{key}/content",
            data=body,
            headers={"Content-Type": "application/octet-stream"},
            timeout=300,
        )
    checked(answer, "PUT content")
    checked(session.post(f"{api}/{draft}/draft/files/{key}/commit", timeout=300), "commit")
    session.close()
    return str(draft)


def extension_upload(server, session: requests.Session, path: str) -> tuple[float, dict]:
    """One upload through vre-lab: seconds from the POST until the job succeeded (the time the
    job store recorded, so how often it is polled does not matter), and the job."""
    started = time.time()
    answer = session.post(
        server.url + f"vre-lab/api/zenodo/repositories/{REPO_NAME}/uploads",
        json={"paths": [path], "deposit": deposit()},
        timeout=60,
    )
    job = checked(answer, "POST uploads").json()
    while job["state"] in ("queued", "running"):
        time.sleep(POLL)
        answer = session.get(server.url + f"vre-lab/api/jobs/{job['id']}", timeout=30)
        job = checked(answer, "GET jobs").json()
    if job["state"] != "succeeded":
        raise RuntimeError(f"the upload {job['state']}: {job['message']}")
    return datetime.fromisoformat(job["updated"]).timestamp() - started, job


# --- the report -----------------------------------------------------------------------------------


@dataclass
class Report(harness.Report):
    lines: list[str] = field(default_factory=list)  # the table


def upload_target(ctx: dict, report: Report, repetitions: int, size_mib: int) -> None:
    server, url, token, state = ctx["server"], ctx["url"], ctx["token"], ctx["state"]
    session, root, log = ctx["session"], ctx["root"], DoubleLog(ctx["url"])
    samples = {who: Samples() for who in WAYS}
    direct, extension = samples["direct"], samples["vre-lab"]
    cpu: dict[str, list[tuple[float, float]]] = {who: [] for who in WAYS}
    calls: dict[str, list[Counter]] = {who: [] for who in WAYS}
    fresh_server = memory_kib(server.pid)

    say("Warm-up: one upload of a 1 KiB file each way")
    forget_upload(url, token, state, direct_upload(url, token, root / WARMUP))
    _, job = extension_upload(server, session, WARMUP)
    forget_upload(url, token, state, job["result"]["draft"])
    small = {"direct": Samples(), "vre-lab": Samples()}
    say(f"The fixed cost: {SMALL_ROUNDS} uploads of the 1 KiB file each way")
    for number in range(SMALL_ROUNDS):
        for who in ("direct", "vre-lab") if number % 2 == 0 else ("vre-lab", "direct"):
            if who == "direct":
                started = time.perf_counter()
                draft = direct_upload(url, token, root / WARMUP)
                small[who].add(time.perf_counter() - started)
            else:
                took, job = extension_upload(server, session, WARMUP)
                small[who].add(took)
                draft = job["result"]["draft"]
            forget_upload(url, token, state, draft)
    idle_server = memory_kib(server.pid)  # it has run uploads: its code is loaded
    idle_double = memory_kib(ctx["double_pid"])
    server_peak, double_peak = idle_server, idle_double

    for repetition in range(repetitions):
        ways = list(WAYS)
        shift = repetition % len(ways)  # each way goes first in turn
        for who in ways[shift:] + ways[:shift]:
            log.mark()
            client_pid = server.pid if who == "vre-lab" else os.getpid()
            cpu_before = cpu_seconds(client_pid), cpu_seconds(ctx["double_pid"])
            with PeakMemory(ctx["double_pid"]) as double:
                if who == "vre-lab":
                    with PeakMemory(server.pid) as memory:
                        took, job = extension_upload(server, session, BIG)
                    draft = job["result"]["draft"]
                    server_peak = max(server_peak, memory.peak_kib)
                else:
                    block = MIB if who == "direct-1mib" else None
                    started = time.perf_counter()
                    draft = direct_upload(url, token, root / BIG, block)
                    took = time.perf_counter() - started
            samples[who].add(took)
            double_peak = max(double_peak, double.peak_kib)
            cpu_after = cpu_seconds(client_pid), cpu_seconds(ctx["double_pid"])
            cpu[who].append(tuple(b - a for a, b in zip(cpu_before, cpu_after, strict=True)))
            calls[who].append(log.since())
            rate = size_mib * MIB / 1e6 / took
            say(f"Upload {repetition + 1}/{repetitions}, {who}: {took:.2f} s ({rate:.0f} MB/s)")
            forget_upload(url, token, state, draft)

    megabytes = size_mib * MIB / 1e6
    ratio = extension.median / direct.median
    report.lines += [
        f"{'upload of one ' + str(size_mib) + ' MiB file':<34} {'median':>8} {'min..max':>16} "
        f"{'MB/s (median)':>14}   per repetition",
        "-" * 100,
    ]
    for who in WAYS:
        row = samples[who]
        spread = f"{min(row.values):.2f}..{row.max:.2f} s"
        each = ", ".join(f"{v:.2f}" for v in row.values)
        report.lines.append(
            f"{WAYS[who]:<34} {row.median:>6.2f} s {spread:>16} "
            f"{megabytes / row.median:>14.0f}   {each} s"
        )
    report.lines += [
        f"{'ratio vre-lab / direct (target)':<34} {ratio:>8.2f}",
        f"{'ratio vre-lab / direct, 1 MiB reads':<34} "
        f"{extension.median / samples['direct-1mib'].median:>8.2f}",
        "",
        f"{'upload of one 1 KiB file (info)':<34} {'median':>8} {'min..max':>16}",
        "-" * 60,
    ]
    for who, row in small.items():
        spread = f"{ms(min(row.values))}..{ms(row.max)} ms"
        label = "direct requests" if who == "direct" else WAYS[who]
        report.lines.append(f"{label:<34} {ms(row.median):>5} ms {spread:>16}")

    creates = [c["create_draft"] for c in calls["vre-lab"]]

    def usual(counters: list[Counter]) -> str:
        ops = sorted({op for c in counters for op in c})
        return ", ".join(f"{op} {'/'.join(str(n) for n in sorted({c[op] for c in counters}))}"
                         for op in ops)  # fmt: skip

    growth = (server_peak - idle_server) / 1024

    def cpu_note(who: str, client: str) -> str:
        spent = cpu[who]
        return (
            f"{client} {statistics.median(c for c, _ in spent):.1f} s, "
            f"double {statistics.median(d for _, d in spent):.1f} s"
        )

    report.notes += [
        "CPU per upload (median, user + system): direct: "
        + cpu_note("direct", "bench process")
        + "; direct, 1 MiB reads: "
        + cpu_note("direct-1mib", "bench process")
        + "; vre-lab: "
        + cpu_note("vre-lab", "jupyter server"),
        f"requests the double saw per upload: vre-lab: {usual(calls['vre-lab'])}; "
        f"direct (both): {usual(calls['direct'] + calls['direct-1mib'])}",
        "the baseline is the plain streamed PUT (the open file as the body, which urllib3 reads "
        "and sends 16 KiB at a time); vre-lab reads 1 MiB at a time, hence the informational "
        "row 'direct, 1 MiB reads' (the same PUT with a 1 MiB reader)",
        f"jupyter server resident memory: {mib(fresh_server)} started, {mib(idle_server)} idle "
        f"after the 1 KiB uploads, peak during the vre-lab uploads {mib(server_peak)} "
        f"(+{growth:.0f} MiB; sampled every 50 ms, and VmHWM)",
        f"InvenioRDM double resident memory (its own process): idle {mib(idle_double)}, peak "
        f"during all uploads {mib(double_peak)}",
        "the vre-lab time runs from the POST to the job's last update (succeeded), taken from "
        f"the job store; the job was polled every {POLL:g} s",
    ]
    report.verdicts += [
        (
            "upload time",
            ratio <= UPLOAD_TARGET,
            f"{ratio:.2f}x direct requests, median of {repetitions} (target <= {UPLOAD_TARGET}x)",
        ),
        (
            "server memory",
            growth < MEMORY_TARGET_MIB,
            f"+{growth:.0f} MiB while uploading a {size_mib} MiB file "
            f"(target < {MEMORY_TARGET_MIB} MiB)",
        ),
        (
            "one draft per upload",
            set(creates) == {1},
            f"create_draft calls per vre-lab upload: {', '.join(map(str, creates))} "
            "(target: exactly 1)",
        ),
    ]


def print_report(report: Report, header: list[str]) -> None:
    report.print_header(header)
    for line in report.lines:
        print(line)
    report.print_verdicts()


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = harness.bench_parser(__doc__)
    parser.add_argument("--reps", type=int, help="upload repetitions each way (default 3)")
    parser.add_argument("--size-mib", type=int, help="size of the file (default 2048)")
    args = parser.parse_args()
    repetitions = args.reps or (1 if args.quick else 3)
    wanted_mib = args.size_mib or (256 if args.quick else 2048)
    if repetitions < 1 or wanted_mib < 1:
        parser.error("--reps and --size-mib must be at least 1")
    # a SIGTERM still stops the servers and removes the temporary directory (and the big file)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for key in DROPPED_ENV:
        os.environ.pop(key, None)
    token = secrets.token_hex(20)  # the double's; never printed
    load_before = os.getloadavg()
    report = Report()
    where = placement(wanted_mib)
    size_mib = where.size_mib
    report.notes += where.notes

    with tempfile.TemporaryDirectory(prefix="vre-lab-publish-bench-", dir=where.folder) as tmp:
        home = Path(tmp)
        state = home / "double"
        token_file = home / "private" / "zenodo-token"
        token_file.parent.mkdir(mode=0o700)
        token_file.touch(mode=0o600)
        token_file.write_text(token)
        root = home / "server" / "root"  # jupyter_server() serves home/server/root
        say(f"Writing a {size_mib} MiB file into {home}")
        started = time.perf_counter()
        harness.write_big_file(root / BIG, size_mib)
        (root / WARMUP).parent.mkdir(parents=True, exist_ok=True)
        (root / WARMUP).write_bytes(os.urandom(1024))
        report.setup.append((f"file written ({size_mib} MiB)", since(started)))
        started = time.perf_counter()
        with invenio_double(state, token) as (url, double_pid):
            report.setup.append(("InvenioRDM double start (a process)", since(started)))
            config = {
                "publish_repositories": [
                    {
                        "name": REPO_NAME,
                        "url": url,
                        "kind": "zenodo",
                        "access_token_file": str(token_file),
                    }
                ],
                "publish_tokens_path": str(home / "private" / "publish-tokens.json"),
                "job_store_path": str(home / "private" / "jobs.sqlite3"),
                # backend_timeout stays at its default: requests applies it to each socket
                # operation, not to a whole upload
            }
            with harness.timed_jupyter_server(home / "server", config, report.setup) as server:
                ctx = {
                    "server": server,
                    "session": server.session(),
                    "url": url,
                    "token": token,
                    "state": state,
                    "root": root,
                    "double_pid": double_pid,
                }
                check_repository(server, ctx["session"])
                say(f"jupyter server pid {server.pid}, InvenioRDM double pid {double_pid}")
                upload_target(ctx, report, repetitions, size_mib)
        say("Stopped; removing the files")

    placed = f"{SHM} (tmpfs)" if where.folder == SHM else f"disk ({tempfile.gettempdir()})"
    header = [
        f"vre-lab Publish benchmarks ({platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"load average {_load(load_before)} before, {_load(os.getloadavg())} after)",
        f"one {size_mib} MiB file on {placed}"
        + (" (smaller than the target's 2 GiB)" if size_mib < 2048 else "")
        + f"; {repetitions} upload repetition(s) each way, alternating",
    ]
    print_report(report, header)
    return 0 if report.passed else 1


def _load(averages: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in averages)


if __name__ == "__main__":
    sys.exit(main())
