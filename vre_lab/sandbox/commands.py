"""``vre-lab sandbox start|stop|status|reset``: a thin layer over :class:`Sandbox`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from .errors import SandboxError
from .holders import describe as describe_holder
from .info import EXIT_RUNNING, SandboxInfo
from .locking import LockTimeout
from .sandbox import Sandbox
from .server_side import demo_catalog as catalog

EXIT_FAILED = 1


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--home",
        help="sandbox directory (default: $VRE_LAB_SANDBOX_HOME or "
        "<jupyter data dir>/vre_lab/sandbox)",
    )
    where.add_argument("--venv", help="server venv (default: $VRE_LAB_SANDBOX_VENV or <home>/venv)")

    sandbox = subparsers.add_parser(
        "sandbox",
        help="a local Rucio server with demo data",
        description="A real Rucio server on 127.0.0.1 (its own venv, SQLite) seeded with demo "
        "data. 'status' exits 0 when it runs, 1 when it does not answer, 3 when stopped.",
    )
    commands = sandbox.add_subparsers(dest="sandbox_command", required=True, metavar="COMMAND")

    start = commands.add_parser("start", parents=[where], help="start it (idempotent)")
    start.add_argument("--port", type=int, help="port on 127.0.0.1 (default: last, else 8490)")
    start.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for /ping")
    start.add_argument("--no-seed", action="store_true", help="do not add the demo data")
    start.add_argument(
        "--bulk-dids",
        type=int,
        default=0,
        metavar="N",
        help="also register N file DIDs in scope 'bench' (benchmarks)",
    )
    start.add_argument(
        "--hold",
        type=int,
        metavar="PID",
        help="process PID uses the sandbox until it ends or releases it: meanwhile 'stop' and "
        "'reset' refuse without --force (scripts/lab.sh holds it for its lab)",
    )
    start.add_argument("--label", default="", help="who holds it, as 'status' shows it")
    start.set_defaults(handler=_start)

    status = commands.add_parser("status", parents=[where], help="what runs where (exit 0/1/3)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_status)

    env = commands.add_parser(
        "env", parents=[where], help="print the shell line pointing rucio-clients at it"
    )
    env.set_defaults(handler=_env)

    stop = commands.add_parser("stop", parents=[where], help="stop it (idempotent)")
    stop.add_argument("--timeout", type=float, default=15.0, help="seconds before SIGKILL")
    stop.add_argument("--force", action="store_true", help="stop it even while a lab holds it")
    stop.set_defaults(handler=_stop)

    release = commands.add_parser(
        "release", parents=[where], help="PID no longer uses it (see start --hold)"
    )
    release.add_argument("pid", type=int, metavar="PID")
    release.add_argument(
        "--stop", action="store_true", help="then stop it, unless another process holds it"
    )
    release.set_defaults(handler=_release)

    reset = commands.add_parser(
        "reset", parents=[where], help="stop it and delete its database and demo files"
    )
    reset.add_argument("--force", action="store_true", help="reset it even while a lab holds it")
    reset.set_defaults(handler=_reset)


def _sandbox(args: argparse.Namespace) -> Sandbox:
    return Sandbox(home=args.home, venv=args.venv, port=getattr(args, "port", None))


def _guarded(handler):
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (SandboxError, LockTimeout) as error:
            print(f"vre-lab sandbox: {error}", file=sys.stderr)
            return EXIT_FAILED

    return run


@_guarded
def _start(args: argparse.Namespace) -> int:
    sandbox = _sandbox(args)
    began = time.monotonic()
    was_running = sandbox.status().running
    info = sandbox.start(
        timeout=args.timeout,
        seed=not args.no_seed,
        bulk_dids=args.bulk_dids,
        report=print,
        holder=args.hold,
        holder_label=args.label,
    )
    elapsed = time.monotonic() - began
    headline = "already running" if was_running else f"started in {elapsed:.1f} s"
    print(f"Rucio sandbox {headline}")
    if was_running and args.port and args.port != info.port:
        print(f"  (it keeps port {info.port}: stop it first to move it to {args.port})")
    print(describe(info))
    print(f"\nTo use it with rucio-clients in a terminal:\n  {info.export_line}")
    return info.exit_code


@_guarded
def _status(args: argparse.Namespace) -> int:
    info = _sandbox(args).status()
    if args.json:
        print(json.dumps(info.as_dict(), indent=2))
    else:
        state = "running" if info.exit_code == EXIT_RUNNING else "not answering"
        print(f"Rucio sandbox {state if info.running else 'stopped'}")
        print(describe(info))
    return info.exit_code


@_guarded
def _env(args: argparse.Namespace) -> int:
    """For `eval "$(vre-lab sandbox env)"` in a shell or a start script."""
    info = _sandbox(args).status()
    print(info.export_line)
    print(info.instances_export_line)
    return info.exit_code


@_guarded
def _stop(args: argparse.Namespace) -> int:
    sandbox = _sandbox(args)
    pid = sandbox.status().pid
    if sandbox.stop(timeout=args.timeout, force=args.force):
        print(f"Stopped the Rucio sandbox (pid {pid}) in {sandbox.home}")
    else:
        print(f"The Rucio sandbox in {sandbox.home} was not running")
    return 0


@_guarded
def _release(args: argparse.Namespace) -> int:
    sandbox = _sandbox(args)
    pid = sandbox.status().pid
    others = sandbox.release(args.pid, stop=args.stop)
    if others:
        who = "; ".join(map(describe_holder, others))
        print(f"The Rucio sandbox in {sandbox.home} keeps running: it is in use by {who}")
    elif args.stop and pid:
        print(f"Stopped the Rucio sandbox (pid {pid}) in {sandbox.home}")
    return 0


@_guarded
def _reset(args: argparse.Namespace) -> int:
    sandbox = _sandbox(args)
    sandbox.reset(force=args.force)
    print(f"Reset the Rucio sandbox in {sandbox.home} (the venv {sandbox.venv} is kept)")
    return 0


def describe(info: SandboxInfo) -> str:
    rows = []
    if info.running:
        workers = ", ".join(map(str, info.worker_pids)) or "none"
        rows += [("url", info.url), ("pid", f"{info.pid} (workers: {workers})")]
        rows += [("version", f"Rucio {info.version}" if info.version else "not answering /ping")]
    rows += [
        ("home", info.home),
        ("venv", info.venv),
        ("client config", f"{info.client_config} (account {info.account})"),
        ("demo data", _describe_seed(info)),
        ("log", info.log_file),
    ]
    rows += [("held by", describe_holder(holder)) for holder in info.holders]
    return "\n".join(f"  {label:<14}{value}" for label, value in rows)


def _describe_seed(info: SandboxInfo) -> str:
    summary = info.seed_summary
    if summary is None:
        return "not seeded"
    return "; ".join(seed_lines(summary))


def seed_lines(summary: dict) -> list[str]:
    """What each scope holds, as a search of `SCOPE:*` shows it: counted from the catalogue the
    sandbox was seeded from (a seeded summary counted every scope together)."""
    lines = []
    for scope in catalog.SCOPES:
        datasets = [d for d in catalog.ALL_DATASETS if d.scope == scope]
        files = sum(d.files for d in datasets)
        text = f"{scope}: {_count(len(datasets), 'dataset')}, {_count(files, 'file')}"
        if scope == "demo":
            text += f" (container demo:{catalog.CONTAINER})"
        lines.append(text)
    if summary.get("bulk_dids"):
        lines.append(f"bench: {_count(summary['bulk_dids'], 'file')} (dataset bench:bulk-dids)")
    lines.append(f"stored on {summary['rses'][0]}")
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
