"""Pieces the benchmarks share: statistics, a delaying and counting HTTP proxy (RelayProxy,
tests/plugins/relay.py, which the hub tests use too), a real `jupyter server` process with
vre-lab, a test double in a process of its own, a process's resident memory, the report's common
parts, and a rucio-clients Client logged in to the sandbox."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests/

from tests.plugins import server_process
from tests.plugins.relay import RelayProxy  # noqa: F401 (the benches count calls with it)
from tests.plugins.server_process import ServerProcess

if TYPE_CHECKING:
    import requests

REPOSITORY = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
MIB = 1024 * 1024
SHM = "/dev/shm"  # noqa: S108 (only as the parent of a mkdtemp folder)


def say(text: str) -> None:
    """Progress, on stderr (the report goes to stdout)."""
    print(text, file=sys.stderr, flush=True)


def bench_parser(doc: str) -> argparse.ArgumentParser:
    """A bench's command line, described by the first line of `doc`, with `--quick`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repetition, a 256 MiB file")
    return parser


# --- statistics ---------------------------------------------------------------------------


@dataclass
class Samples:
    """Durations in seconds."""

    values: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.values.append(seconds)

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p90(self) -> float:
        if len(self.values) < 2:
            return self.values[0]
        return statistics.quantiles(self.values, n=10, method="inclusive")[8]

    @property
    def max(self) -> float:
        return max(self.values)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def since(started: float) -> float:
    """Seconds from `started` (a perf_counter time) until now."""
    return time.perf_counter() - started


# --- is the Rucio server busy? --------------------------------------------------------------


def _sockets(pid: int) -> int:
    """How many sockets the process holds (Linux only)."""
    count = 0
    with contextlib.suppress(OSError):
        for fd in os.scandir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                count += os.readlink(fd.path).startswith("socket:")
    return count


class RucioWorkers:
    """The sandbox's gunicorn sync workers. A worker is busy from accepting a connection until
    it closed it: while it produces a response, while it waits to write into a socket nobody
    reads, and while gunicorn (27) lingers up to 2 s after the response for the client to close
    (`util.close_graceful`). Idle, a worker holds only its listening socket(s)."""

    def __init__(self, pids: tuple[int, ...]):
        self.pids = pids
        self.idle = {pid: min(_sockets(pid) for _ in range(20)) for pid in pids}

    def busy(self) -> bool:
        return any(_sockets(pid) > self.idle[pid] for pid in self.pids)

    def wait_until_idle(self, since: float, limit: float) -> float | None:
        """Seconds from `since` (a perf_counter time) until every worker is idle (seen twice
        in a row, 5 ms apart); None after `limit` seconds."""
        calm = 0
        while time.perf_counter() - since < limit:
            calm = 0 if self.busy() else calm + 1
            if calm == 2:
                return time.perf_counter() - since - 0.005
            time.sleep(0.005)
        return None


# --- a process's memory ---------------------------------------------------------------------


def memory_kib(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory (`VmRSS`) or its high-water mark since it started (`VmHWM`),
    in KiB, from /proc (Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise ValueError(f"no {field} in /proc/{pid}/status")


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def write_big_file(path: Path, size_mib: int) -> None:
    """Real blocks, not sparse: 1 MiB of random bytes written over and over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    block = os.urandom(MIB)
    with path.open("wb") as f:
        for _ in range(size_mib):
            f.write(block)


class PeakMemory:
    """The highest resident memory of a process, sampled every `interval` seconds in a thread
    while in use (`with PeakMemory(pid) as peak: ...; peak.kib`). Also reads the kernel's
    high-water mark before and after, which catches a peak between two samples."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid = pid
        self.interval = interval
        self.kib = 0
        self.hwm_before = self.hwm_after = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, ValueError):
                self.kib = max(self.kib, memory_kib(self.pid))
            self._stop.wait(self.interval)

    @property
    def peak_kib(self) -> int:
        """The sampled peak, or the high-water mark when it rose meanwhile (a higher peak)."""
        if self.hwm_after > self.hwm_before:
            return max(self.kib, self.hwm_after)
        return self.kib

    def __enter__(self) -> PeakMemory:
        self.hwm_before = memory_kib(self.pid, "VmHWM")
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(OSError, ValueError):
            self.kib = max(self.kib, memory_kib(self.pid))
            self.hwm_after = memory_kib(self.pid, "VmHWM")


# --- a real jupyter server with vre-lab -----------------------------------------------------


@contextlib.contextmanager
def jupyter_server(home: Path, vre_lab_config: dict) -> Iterator[ServerProcess]:
    """`jupyter server` with vre_lab enabled (tests/plugins/server_process.py), with
    `c.VRELab.<key> = value` for each entry of `vre_lab_config`, and no Rucio or REANA settings
    from this shell's environment."""
    config = "".join(f"c.VRELab.{key} = {value!r}\n" for key, value in vre_lab_config.items())
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RUCIO_", "VRE_LAB_RUCIO_", "REANA_", "VRE_LAB_REANA_"))
    }
    environ.update(NO_PROXY=HOST, no_proxy=HOST)
    with server_process.jupyter_server(home, config, environ=environ) as server:
        yield server


@contextlib.contextmanager
def timed_jupyter_server(
    home: Path, vre_lab_config: dict, setup: list[tuple[str, float]]
) -> Iterator[ServerProcess]:
    """`jupyter_server(home, vre_lab_config)`, the time it took to start added to `setup`."""
    say("Starting jupyter server")
    started = time.perf_counter()
    with jupyter_server(home, vre_lab_config) as server:
        setup.append(("jupyter server start", since(started)))
        yield server


# --- a test double in a process of its own --------------------------------------------------


@contextlib.contextmanager
def double_process(
    label: str, module: str, state: Path, token: str, *options: str, show_violations=False
) -> Iterator[tuple[str, int]]:
    """`python -m <module>` (tests/<double>) in a process of its own, so its CPU and memory are
    not the bench's; yields its URL and pid. With `show_violations`, the violations it prints
    when it stops are passed on to stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--state-dir", str(state), "--port", "0",
         "--token", token, *options],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if show_violations else subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if not match:
            raise RuntimeError(f"the {label} double did not start: {line!r}")
        yield match[1], process.pid
    finally:
        process.terminate()
        try:
            _, errors = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            _, errors = process.communicate(timeout=5)
        for line in (errors or "").splitlines():
            if line.startswith("violation"):
                say(f"the double saw: {line}")


# --- plain REST calls -------------------------------------------------------------------------


def plain_session(token: str | None = None) -> requests.Session:
    """A requests session that ignores the proxy settings of the environment; with `token`, sent
    as a bearer token."""
    import requests  # only the benches that make REST calls need it

    session = requests.Session()
    session.trust_env = False
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    return session


def checked(response: requests.Response, what: str, server: str = "") -> requests.Response:
    """Like raise_for_status, without the URL (it may carry an access token); `server` names
    who answered in the message."""
    if not response.ok:
        who = f"{server} answered" if server else "answered"
        raise RuntimeError(f"{what}: {who} {response.status_code} {response.text[:300]}")
    return response


# --- the report ---------------------------------------------------------------------------------


@dataclass
class Report:
    """What a bench found: setup times, notes, and a verdict per target (name, passed, detail);
    a bench adds its table."""

    setup: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verdicts: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(passed for _, passed, _ in self.verdicts)

    def print_header(self, header: list[str]) -> None:
        print()
        for line in header:
            print(line)
        print()
        print("setup")
        for what, seconds in self.setup:
            print(f"  {what:<52} {seconds:8.1f} s")
        print()

    def print_verdicts(self) -> None:
        print()
        for note in self.notes:
            print(note)
        print()
        for name, passed, detail in self.verdicts:
            print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")


# --- rucio-clients, logged in ---------------------------------------------------------------


def direct_client(instance: dict, token_dir: Path):
    """A rucio-clients Client for `instance` (rucio_host, auth_host, account, username,
    password), caching its login token in `token_dir`, logged in before it is returned."""
    from rucio.client import Client

    class _Client(Client):
        def _get_auth_tokens(self):
            path = str(token_dir)
            suffix = f"for_account_{self.account}"
            return (
                None,
                f"{path}/{self.TOKEN_EXP_PREFIX}{suffix}",
                f"{path}/{self.TOKEN_PREFIX}{suffix}",
                path,
            )

    token_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    client = _Client(
        rucio_host=instance["rucio_host"],
        auth_host=instance["auth_host"],
        account=instance["account"],
        auth_type="userpass",
        creds={"username": instance["username"], "password": instance["password"]},
    )
    client.whoami()
    return client
