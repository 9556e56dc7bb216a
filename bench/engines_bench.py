# Long on purpose: one self-contained benchmark script (every engine's CLI next to the local
# engine on the same workflow, the report); what the benchmarks share is bench/harness.py.
"""The local engine's overhead over running each engine's CLI directly on the same workflow.

    PYTHONPATH=. python bench/engines_bench.py            # 7 repetitions each way, about 3 minutes
    PYTHONPATH=. python bench/engines_bench.py --quick    # 2 repetitions, a smoke run
    PYTHONPATH=. python bench/engines_bench.py --reps 11 --pause 0.5 --engines cwl,yadage

Target (issue 17): a workflow run through the local engine takes at most 1.2x what the engine's
own CLI takes on the same workflow. For Snakemake, CWL (cwltool, --no-container), yadage (no
container runtime: each step's command runs on this host through the engine's `docker` shim)
and, for reference, serial, a workflow of three chained steps that each sleep `--pause` seconds
(0.3) and rewrite a small file, run per repetition both ways, alternating which goes first:

- baseline: the engine's CLI in a fresh copy of the workflow folder (the copy, and the private
  files the engine reads, made before the clock starts), with exactly the command line the local
  engine builds: this bench imports vre_lab.reana.local.runners and builds it (`prepare`,
  `private_files`, `command`; serial: each step's command as `bash -c`, one after the other), in
  the environment the engine gives its jobs; timed from spawn to exit. CWL: `cwltool` with the
  arguments the engine gives it (`runners.cwl_arguments`) on the workflow packed beforehand with
  `cwltool --pack` (untimed, as REANA's engine gets it packed by reana-client), where the local
  engine's job (cwl_job.py) packs it and runs it in one process;
- measured: `POST reana/servers/local/runs {path}` to a `jupyter server` with vre-lab (the
  engines' venv configured, no container runtime), then the workflow polled every 0.05 s until
  it ended: wall time from the POST until it was seen finished, and the run's own created,
  started and finished times (server clock, same machine).

Prints min/median/max per engine both ways, where the measured time goes (POST to created,
created to started, the job, finished to seen), and the ratio measured / baseline; PASS when the
median of the per-repetition ratios is <= 1.2. Exit code 0 when every engine passes. Progress
goes to stderr, the report to stdout. See bench/README.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import harness
import requests
import yaml
from harness import REPOSITORY, say

from vre_lab.reana.local import cwl_job, runners, runtimes
from vre_lab.reana.local.engines import Engines
from vre_lab.reana.local.records import _ENV_KEPT, DEFAULT_PATH
from vre_lab.reana.local.serial import _check_steps

TARGET = 1.20  # through the local engine / the engine's CLI directly
POLL = 0.05  # seconds between the bench's GETs of the workflow
ENGINES_VENV = REPOSITORY / ".venv-engines"
KINDS = ("serial", "snakemake", "cwl", "yadage")
JOB_ENDED = ("succeeded", "failed", "cancelled", "interrupted")
WORKFLOW_ENDED = ("finished", "failed", "stopped", "deleted")
API = "vre-lab/api/"
NAMES = "Ada\nLise\nEmmy\n"

# --- the workflows: three chained steps, each sleeping PAUSE and rewriting a file -------------

SNAKEFILE = """\
rule all:
    input: "results/c.txt"

rule a:
    input: "data/names.txt"
    output: "results/a.txt"
    shell: "sleep {config[pause]}; sed 's/^/{config[greeting]} /' {input} > {output}"

rule b:
    input: "results/a.txt"
    output: "results/b.txt"
    shell: "sleep {config[pause]}; sed 's/^/{config[greeting]} /' {input} > {output}"

rule c:
    input: "results/b.txt"
    output: "results/c.txt"
    shell: "sleep {config[pause]}; sed 's/^/{config[greeting]} /' {input} > {output}"
"""
CWL_WORKFLOW = """\
cwlVersion: v1.2
class: Workflow
inputs:
  names: File
  greeting: string
  pause: string
outputs:
  greeted:
    type: File
    outputSource: c/out
steps:
  a:
    run: step.cwl
    in: {text: names, greeting: greeting, pause: pause}
    out: [out]
  b:
    run: step.cwl
    in: {text: a/out, greeting: greeting, pause: pause}
    out: [out]
  c:
    run: step.cwl
    in: {text: b/out, greeting: greeting, pause: pause}
    out: [out]
"""
CWL_STEP = """\
cwlVersion: v1.2
class: CommandLineTool
baseCommand: [bash, -c]
arguments:
  - valueFrom: sleep $(inputs.pause); sed "s/^/$(inputs.greeting) /" "$(inputs.text.path)"
inputs:
  text: File
  greeting: string
  pause: string
outputs:
  out: {type: stdout}
stdout: greeted.txt
"""
YADAGE_WORKFLOW = """\
stages:
  - name: a
    dependencies: [init]
    scheduler:
      scheduler_type: singlestep-stage
      parameters:
        text: {step: init, output: names}
        greeting: {step: init, output: greeting}
        pause: {step: init, output: pause}
        outputfile: '{workdir}/greeted.txt'
      step: {$ref: 'workflow/steps.yml#/greet'}
  - name: b
    dependencies: [a]
    scheduler:
      scheduler_type: singlestep-stage
      parameters:
        text: {step: a, output: outputfile}
        greeting: {step: init, output: greeting}
        pause: {step: init, output: pause}
        outputfile: '{workdir}/greeted.txt'
      step: {$ref: 'workflow/steps.yml#/greet'}
  - name: c
    dependencies: [b]
    scheduler:
      scheduler_type: singlestep-stage
      parameters:
        text: {step: b, output: outputfile}
        greeting: {step: init, output: greeting}
        pause: {step: init, output: pause}
        outputfile: '{workdir}/greeted.txt'
      step: {$ref: 'workflow/steps.yml#/greet'}
"""
YADAGE_STEPS = """\
greet:
  process:
    process_type: string-interpolated-cmd
    cmd: "sleep {pause}; sed 's/^/{greeting} /' {text} > {outputfile}"
  environment:
    environment_type: docker-encapsulated
    image: docker.io/library/bash
    imagetag: '5'
  publisher:
    publisher_type: frompar-pub
    outputmap:
      outputfile: outputfile
"""


def workflow_files(kind: str, pause: float) -> tuple[dict[str, str], dict, str]:
    """The folder's files (path -> text), its reana.yaml and the output a finished run has."""
    files = {"data/names.txt": NAMES}
    if kind == "serial":
        steps = [
            {
                "name": step,
                "environment": "docker.io/library/bash:5",
                "commands": [
                    f"mkdir -p results && sleep {pause} && sed 's/^/Hello /' {source}"
                    f" > results/{step}.txt"
                ],
            }
            for step, source in (("a", "data/names.txt"), ("b", "results/a.txt"),
                                 ("c", "results/b.txt"))
        ]  # fmt: skip
        spec = {
            "version": "0.9.0",
            "inputs": {"files": ["data/names.txt"]},
            "workflow": {"type": "serial", "specification": {"steps": steps}},
            "outputs": {"files": ["results/c.txt"]},
        }
        return files, spec, "results/c.txt"
    if kind == "snakemake":
        files |= {"Snakefile": SNAKEFILE, "config.yaml": f"greeting: Hello\npause: '{pause}'\n"}
        spec = {
            "version": "0.9.0",
            "inputs": {"files": ["data/names.txt"], "parameters": {"input": "config.yaml"}},
            "workflow": {"type": "snakemake", "file": "Snakefile"},
            "outputs": {"files": ["results/c.txt"]},
        }
        return files, spec, "results/c.txt"
    if kind == "cwl":
        files |= {
            "workflow/greet.cwl": CWL_WORKFLOW,
            "workflow/step.cwl": CWL_STEP,
            "config.yaml": textwrap.dedent(
                f"""\
                names: {{class: File, path: data/names.txt}}
                greeting: Hello
                pause: '{pause}'
                """
            ),
        }
        spec = {
            "version": "0.9.0",
            "inputs": {
                "files": ["data/names.txt"],
                "directories": ["workflow"],
                "parameters": {"input": "config.yaml"},
            },
            "workflow": {"type": "cwl", "file": "workflow/greet.cwl"},
            "outputs": {"files": ["outputs/greeted.txt"]},
        }
        return files, spec, "outputs/greeted.txt"
    files |= {"workflow/workflow.yml": YADAGE_WORKFLOW, "workflow/steps.yml": YADAGE_STEPS}
    spec = {
        "version": "0.9.0",
        "inputs": {
            "files": ["data/names.txt"],
            "directories": ["workflow"],
            "parameters": {"names": "data/names.txt", "greeting": "Hello", "pause": str(pause)},
        },
        "workflow": {"type": "yadage", "file": "workflow/workflow.yml"},
        "outputs": {"files": ["c/greeted.txt"]},
    }
    return files, spec, "c/greeted.txt"


def write_folder(folder: Path, files: dict[str, str], spec: dict) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "reana.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))


# --- the baseline: the engine's CLI, the command line the local engine builds -----------------


def job_environment() -> dict:
    """What the local engine gives a job without a container runtime (LocalEngine._environment);
    the server gets this process's environment (harness.jupyter_server)."""
    env = {name: os.environ[name] for name in _ENV_KEPT if os.environ.get(name)}
    env.setdefault("PATH", DEFAULT_PATH)
    env.setdefault("LANG", "C.UTF-8")
    return env


@dataclass
class Direct:
    """How one engine's workflow is run directly."""

    kind: str
    folder: Path  # the workflow folder (the reana.yaml's)
    spec: dict
    output: str
    engines: Engines
    engine_run: runners.EngineRun | None = None
    packed: bytes = b""  # CWL: the workflow as `cwltool --pack` prints it, DockerRequirement hinted

    def prepare(self) -> None:
        """runners.prepare once: it checks the engine; CWL's workflow is packed once, here (the
        local engine's job packs it in each run)."""
        if self.kind != "serial":
            self.engine_run = runners.prepare(self.kind, self.spec, self.folder, {}, self.engines)
        if self.kind == "cwl":
            document = json.loads(cwltool_pack(self))
            self.packed = json.dumps(cwl_job.docker_as_hint(document), indent=2).encode()

    def commands(self, workspace: Path, private: Path) -> list[str]:
        """A fresh workspace's job command(s), its private files written (not timed)."""
        if self.engine_run is None:
            return [c for step in _check_steps(self.spec["workflow"]) for c in step["commands"]]
        written = (  # what the engine writes into the workspace (workspace_files, where known)
            self.engine_run.workspace_files(None)
            if hasattr(self.engine_run, "workspace_files")
            else self.engine_run.written
        )
        for name, content in written.items():
            (workspace / name).write_bytes(content)
        for name, (content, mode) in self.engine_run.private_files(self.engines, None).items():
            (private / name).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            (private / name).write_bytes(content)
            (private / name).chmod(mode)
        if self.kind == "cwl":  # cwltool's CLI on the packed workflow
            (workspace / "workflow.json").write_bytes(self.packed)
            cwltool = str(self.engines.command("cwl"))
            return [shlex.join([cwltool, *runners.cwl_arguments(None)])]
        return [self.engine_run.command(self.engines, private, workspace.resolve(), None)]

    def run(self, scratch: Path, number: int) -> float:
        """Seconds from the first spawn to the last exit, in a fresh copy of the folder."""
        workspace = scratch / f"{self.kind}.{number}"
        private = scratch / f"{self.kind}.{number}.private"
        shutil.copytree(self.folder, workspace)
        private.mkdir(mode=0o700)
        commands = self.commands(workspace, private)
        env = job_environment()
        with (private / "job.log").open("ab") as log:
            started = time.perf_counter()
            for command in commands:
                process = subprocess.Popen(
                    runtimes.host_argv(command),
                    cwd=workspace,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                if process.wait() != 0:
                    tail = (private / "job.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"{self.kind} directly exited {process.returncode}:\n{tail}")
            took = harness.since(started)
        if not (workspace / self.output).is_file():
            raise RuntimeError(f"{self.kind} directly did not write {self.output}")
        return took


def cwltool_pack(direct: Direct) -> bytes:
    """`cwltool --pack` on the workflow, as reana-client packs it."""
    workflow_file = direct.spec["workflow"]["file"]
    argv = [str(direct.engines.command("cwl")), "--pack", "--quiet", workflow_file]
    done = subprocess.run(argv, cwd=direct.folder, capture_output=True, check=True, timeout=120)
    return done.stdout


# --- measured: through the server ---------------------------------------------------------------


def stamp(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


@dataclass
class Through:
    """Seconds from the POST."""

    total: float  # until the bench saw the run finished
    created: float  # inputs copied
    started: float  # the job thread marked the run running
    job_started: float  # the engine's process spawned
    job_finished: float  # ... and exited
    finished: float  # the run's finished time (before its outputs are hashed)

    @property
    def job(self) -> float:
        return self.job_finished - self.job_started

    @property
    def run(self) -> float:
        return self.finished - self.started


def through_server(server, session: requests.Session, store: Path, root: Path, kind: str,
                   output: str) -> Through:  # fmt: skip
    t0 = time.time()
    answer = session.post(
        f"{server.url}{API}reana/servers/local/runs", json={"path": f"{kind}/reana.yaml"}
    )
    job = harness.checked(answer, "POST runs", "vre-lab").json()
    while job["state"] not in JOB_ENDED:
        time.sleep(POLL)
        job = session.get(f"{server.url}{API}jobs/{job['id']}", timeout=30).json()
    if job["state"] != "succeeded":
        raise RuntimeError(f"the {kind} run job {job['state']}: {job.get('message')}")
    workflow_id = job["result"]["workflow_id"]
    route = f"{server.url}{API}reana/servers/local/workflows/{workflow_id}"
    while True:
        detail = harness.checked(session.get(route, timeout=30), "GET workflow").json()
        if detail["status"] in WORKFLOW_ENDED:
            seen = time.time()
            break
        time.sleep(POLL)
    if detail["status"] != "finished":
        raise RuntimeError(f"the {kind} run {detail['status']}: see {server.log_path}")
    with contextlib.closing(sqlite3.connect(store)) as db:  # the server's job store
        (text,) = db.execute("SELECT record FROM runs WHERE id = ?", (workflow_id,)).fetchone()
    record = json.loads(text)
    jobs = record["jobs"]  # serial: one per command; an engine: one
    if not (root / detail["workspace_path"] / output).is_file():
        raise RuntimeError(f"the {kind} run did not write {output}")
    return Through(
        total=seen - t0,
        created=stamp(record["created"]) - t0,
        started=stamp(record["started"]) - t0,
        job_started=stamp(jobs[0]["started"]) - t0,
        job_finished=stamp(jobs[-1]["finished"]) - t0,
        finished=stamp(record["finished"]) - t0,
    )


# --- one engine ---------------------------------------------------------------------------------


@dataclass
class Case:
    direct: Direct
    baselines: list[float] = field(default_factory=list)
    measured: list[Through] = field(default_factory=list)
    packs: list[float] = field(default_factory=list)  # CWL: `cwltool --pack` alone

    @property
    def kind(self) -> str:
        return self.direct.kind

    @property
    def ratios(self) -> list[float]:
        return [m.total / b for m, b in zip(self.measured, self.baselines, strict=True)]

    @property
    def job_ratios(self) -> list[float]:
        return [m.job / b for m, b in zip(self.measured, self.baselines, strict=True)]

    @property
    def passed(self) -> bool:
        return statistics.median(self.ratios) <= TARGET


def measure(server, session, store: Path, root: Path, scratch: Path, case: Case,
            repetitions: int) -> None:  # fmt: skip
    direct, kind = case.direct, case.kind
    say(f"{kind}: warm-up, one run each way (untimed)")
    direct.run(scratch, 0)
    through_server(server, session, store, root, kind, direct.output)
    for repetition in range(repetitions):
        order = ["baseline", "measured"]
        for who in order if repetition % 2 == 0 else reversed(order):
            if who == "baseline":
                took = direct.run(scratch, repetition + 1)
                case.baselines.append(took)
            else:
                through = through_server(server, session, store, root, kind, direct.output)
                case.measured.append(through)
                took = through.total
            say(f"{kind} {repetition + 1}/{repetitions}, {who}: {took:.3f} s")
        if kind == "cwl":  # what the engine did in a process of its own before, timed alone
            started = time.perf_counter()
            cwltool_pack(direct)
            case.packs.append(harness.since(started))


# --- the report ---------------------------------------------------------------------------------


def spread(values: list[float]) -> str:
    return f"{min(values):6.3f} {statistics.median(values):6.3f} {max(values):6.3f}"


def print_case(case: Case) -> None:
    m = case.measured
    print(f"{case.kind}: {len(m)} repetitions; seconds, min / median / max")
    rows = [
        ("baseline: the engine's CLI directly, spawn to exit", case.baselines),
        ("measured: POST runs to seen finished (wall)", [t.total for t in m]),
        ("  POST to created (request, copy inputs)", [t.created for t in m]),
        ("  created to started (provenance of inputs, job, thread)",
         [t.started - t.created for t in m]),
        ("  started to the job's spawn", [t.job_started - t.started for t in m]),
        ("  the job: the engine's process, spawn to exit (CWL: pack and run)",
         [t.job for t in m]),
        ("  the job's exit to the run's finished time", [t.finished - t.job_finished for t in m]),
        ("  finished to seen (outputs hashed, record, polling)", [t.total - t.finished for t in m]),
        ("  the run's own started to finished", [t.run for t in m]),
    ]  # fmt: skip
    if case.packs:
        rows.append(("for comparison: `cwltool --pack` alone, in the bench", case.packs))
    for what, values in rows:
        print(f"  {what:<66} {spread(values)}")
    ratios, jobs = case.ratios, case.job_ratios
    print(f"  ratio measured / baseline per repetition: min {min(ratios):.2f}, median "
          f"{statistics.median(ratios):.2f}, max {max(ratios):.2f}  "
          f"({' '.join(f'{r:.2f}' for r in ratios)})")  # fmt: skip
    print(f"  ratio the job alone / baseline: median {statistics.median(jobs):.2f}")
    print()


def main() -> int:
    parser = harness.bench_parser(__doc__)
    parser.add_argument("--reps", type=int, help="repetitions each way per engine (default 7)")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds each step sleeps")
    parser.add_argument("--engines", default=",".join(KINDS), help="which, comma-separated")
    args = parser.parse_args()
    repetitions = args.reps or (2 if args.quick else 7)
    kinds = [k for k in args.engines.split(",") if k]
    if repetitions < 1 or not set(kinds) <= set(KINDS):
        parser.error(f"--reps must be at least 1, --engines a subset of {','.join(KINDS)}")
    engines = Engines(Path(os.environ.get("VRE_LAB_ENGINES_VENV") or ENGINES_VENV))
    for kind in kinds:
        if kind != "serial" and engines.missing(kind):
            parser.error(engines.missing(kind))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # the server runs the vre_lab this bench imports (the source tree), as the baseline does
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPOSITORY), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    load_before = os.getloadavg()
    report = harness.Report()
    cases: list[Case] = []

    with tempfile.TemporaryDirectory(prefix="vre-lab-engines-bench-") as tmp:
        home = Path(tmp)
        root = home / "server" / "root"  # what harness.jupyter_server serves
        scratch = home / "direct"  # the baseline's workspaces: the same file system
        private = home / "private"
        for folder in (root, scratch):
            folder.mkdir(parents=True)
        private.mkdir(mode=0o700)
        for kind in kinds:
            files, spec, output = workflow_files(kind, args.pause)
            write_folder(root / kind, files, spec)
            direct = Direct(kind, root / kind, spec, output, engines)
            direct.prepare()
            cases.append(Case(direct))
        state = private / "local-runs"
        config = {
            "reana_container_runtimes": [],
            "workflow_engines_venv": str(engines.venv),
            "reana_local_state_dir": str(state),
            "reana_tokens_path": str(private / "reana-tokens.json"),
            "job_store_path": str(private / "jobs.sqlite3"),
        }
        with harness.timed_jupyter_server(home / "server", config, report.setup) as server:
            session = server.session()
            for case in cases:
                started = time.perf_counter()
                measure(server, session, private / "jobs.sqlite3", root, scratch, case, repetitions)
                report.setup.append((f"{case.kind}: all of it", harness.since(started)))
            session.close()
        say("Stopped; removing the temporary directory")

    load_after = os.getloadavg()
    versions = engines.versions()
    report.print_header(
        [
            f"vre-lab workflow engines benchmark ({platform.python_version()}, {os.cpu_count()} "
            f"CPU(s), load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
            f"{' '.join(f'{x:.2f}' for x in load_after)} after)",
            f"three chained steps sleeping {args.pause:g} s each, steps on this host (no "
            f"container runtime); {repetitions} repetition(s) each way, alternating which goes "
            "first" + (" (--quick)" if args.quick else ""),
            "engines: " + (", ".join(f"{k} {v}" for k, v in versions.items()) or str(engines.venv)),
        ]
    )
    for case in cases:
        print_case(case)
        ratios = case.ratios
        report.verdicts.append(
            (
                case.kind,
                case.passed,
                f"{statistics.median(ratios):.2f}x the engine's CLI directly (median of "
                f"{len(ratios)}, min {min(ratios):.2f}, max {max(ratios):.2f}; target <= "
                f"{TARGET:.2f}x)",
            )
        )
    report.notes.append(
        "Baseline: the command line vre_lab.reana.local.runners builds (imported, not copied), "
        "in a fresh copy of the folder, in the environment the engine gives its jobs (CWL: "
        "cwltool with the engine's arguments on the workflow packed beforehand). Measured: "
        f"wall time from the POST until the bench saw the run finished (polled every {POLL:g} s; "
        "on average half of that is polling). The phases are the run record's own times."
    )
    report.print_verdicts()
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
