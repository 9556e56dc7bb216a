"""How the local engine runs a workflow that is not serial: with the engine REANA runs for its
type, started as REANA's workflow engines start it, as one job in the run's workspace:

- Snakemake: the Snakefile (`workflow.file`) with the run's parameters as its config (the
  parameter file's mapping, then the form's values), shell commands printed;
- CWL: the parameters in `inputs.json`; the job (cwl_job.py, one process of the engines'
  python) packs the workflow as `cwltool --pack` does into `workflow.json` and runs cwltool's
  main on `workflow.json#main` with its outputs in `outputs/`, as REANA's CWL engine does;
- yadage: `yadage-run` on the workspace with the parameters as init data, the workspace as its
  top level and init folder (what names a file there becomes its path).

The engine runs each step in its image when a container runtime it knows is there (cwltool and
yadage: podman or apptainer; Snakemake: apptainer), else on this host, and the run's log says
so. yadage (packtivity) knows only `docker run`: a small `docker` in the run's private folder
hands it to podman, or runs the step's command on this host.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from ...core import files
from ...core.errors import BadRequest, VRELabError
from ..validation_cwl import check_cwl
from ..validation_model import ERROR, IssueList
from ..validation_workflow_files import Unreadable
from ..validation_yadage_refs import References
from . import runtimes
from .checks import Problem, raise_all
from .cwl_job import PACK_FAILED
from .engines import Engines

KINDS = ("snakemake", "cwl", "yadage")
PARAMETER_FILE_KINDS = ("snakemake", "cwl", "yadage")
MAX_PARAMETER_FILE = 10 * 2**20
CWL_JOB = Path(__file__).with_name("cwl_job.py")
_SNAKEMAKE_DONE = re.compile(r"^(\d+) of (\d+) steps \(", re.MULTILINE)
_CWL_STEP_DONE = re.compile(r"\[step ([^\]]+)\] completed success")
_YADAGE_NODE = re.compile(r"(added|node ready) </([^|>]+)\|(\w+)")


@dataclass
class EngineRun:
    """A non-serial run, checked before anything is copied."""

    kind: str
    workflow_file: str  # relative to the reana.yaml's folder
    parameters: dict  # as run
    copied: list[str] = field(default_factory=list)  # what the engine reads besides the inputs
    written: dict[str, bytes] = field(default_factory=dict)  # into the workspace
    source_dir: Path | None = None  # the reana.yaml's folder (CWL: packed from there)

    def private_files(self, engines: Engines, runtime: runtimes.Runtime | None) -> dict:
        """What the engine reads from the run's private folder (0700, outside the workspace):
        name -> (content, mode)."""
        if self.kind == "snakemake":
            return {"config.json": (json.dumps(self.parameters).encode(), 0o600)}
        if self.kind == "yadage":
            shim = _docker_shim(engines, runtime)
            initdata = yaml.safe_dump(self.parameters).encode()
            return {"initdata.yaml": (initdata, 0o600), **({"bin/docker": shim} if shim else {})}
        return {}

    def workspace_files(self, runtime: runtimes.Runtime | None) -> dict[str, bytes]:
        """What is written into the workspace when the run is made (CWL's workflow.json is
        written by its job)."""
        return self.written

    def command(
        self, engines: Engines, private: Path, workspace: Path, runtime: runtimes.Runtime | None
    ) -> str:
        """The job's shell command (bash, in the workspace)."""
        engine = str(engines.command(self.kind))
        if self.kind == "snakemake":
            argv = [engine, "--snakefile", self.workflow_file, "--directory", "."]
            argv += ["--cores", str(os.cpu_count() or 1), "--printshellcmds"]
            argv += ["--configfile", str(private / "config.json")]
            if runtime is not None and runtime.name in runtimes.APPTAINER_LIKE:
                argv += ["--software-deployment-method", "apptainer"]
            return shlex.join(argv)
        if self.kind == "cwl":
            # without a container runtime, a DockerRequirement becomes a hint, which cwltool
            # --no-container runs on this host (a requirement it refuses to run without its image)
            job = [str(engines.python()), "-I", str(CWL_JOB), str(self.source_dir)]
            job += [self.workflow_file, *([] if runtime else ["--docker-as-hint"]), "--"]
            return shlex.join([*job, *cwl_arguments(runtime)])
        argv = [engine, ".", self.workflow_file, str(private / "initdata.yaml"), "-t", "."]
        argv += ["-d", f"initdir={workspace}", "--accept-metadir"]
        settings = [f'PATH={shlex.quote(str(private / "bin"))}:"$PATH"']
        if runtime is None:
            settings.append("PACKTIVITY_DOCKER_NOPULL=1")
        elif runtime.name in runtimes.APPTAINER_LIKE:
            settings.append("PACKTIVITY_CONTAINER_RUNTIME=singularity")
        return " ".join([*settings, shlex.join(argv)])

    def notes(self, runtime: runtimes.Runtime | None) -> list[str]:
        if self.kind == "yadage":
            return [] if runtime else ["No container runtime: yadage runs each step's command"
                                       " on this host (its image is not used)"]  # fmt: skip
        if self.kind == "snakemake":
            if runtime is None or runtime.name not in runtimes.APPTAINER_LIKE:
                why = "no apptainer" if runtime is None else f"{runtime.name}, not apptainer"
                return [f"Snakemake runs `container:` images with apptainer ({why} here):"
                        " its rules run on this host"]  # fmt: skip
            return []
        if runtime is None:
            return ["No container runtime: cwltool runs every step on this host"
                    " (DockerRequirement images are not used)"]  # fmt: skip
        return []


HOST_DOCKER = """\
import os, sys
# `docker run [--rm] [-i] [-t] [--cidfile F] [-w DIR] [-e K=V] [-v SRC:DST:MODE] IMAGE ARGV...`,
# as packtivity writes it, run on this host: the mounts are the same paths on both sides
args = sys.argv[1:]
if args[:1] == ["pull"]:
    sys.exit(0)
if args[:1] != ["run"]:
    sys.exit("vre-lab runs yadage steps on this host: only `docker run` is known")
args, env, workdir, mounts = args[1:], dict(os.environ), None, {}
while args and args[0].startswith("-"):
    flag = args.pop(0)
    if flag in ("--rm", "-i", "-t", "-it"):
        continue
    value = args.pop(0)
    if flag == "-w":
        workdir = value
    elif flag == "-e":
        name, _, text = value.partition("=")
        env[name] = text.strip("'")
    elif flag == "-v":
        source, target = value.split(":")[:2]
        mounts[target] = source
image = args.pop(0)
if workdir:
    os.chdir(mounts.get(workdir, workdir))
os.execvpe(args[0], args, env)
"""


def _docker_shim(engines: Engines, runtime: runtimes.Runtime | None) -> tuple[bytes, int] | None:
    """The `docker` packtivity calls: podman, or this host; None where the real one is used."""
    if runtime is None:
        return (f"#!{engines.python()}\n{HOST_DOCKER}".encode(), 0o700)
    if runtime.name == "podman":
        return (f'#!/bin/sh\nexec {shlex.quote(runtime.path)} "$@"\n'.encode(), 0o700)
    return None


def cwl_arguments(runtime: runtimes.Runtime | None) -> list[str]:
    """cwltool's arguments for a run's packed workflow, as REANA's CWL engine gives them (its
    temporary folders under cwl/ in the workspace, the outputs in outputs/)."""
    argv = ["--tmpdir-prefix", "cwl/tmpdir/", "--tmp-outdir-prefix", "cwl/outdir/"]
    argv += ["--outdir", "outputs", *_cwl_containers(runtime)]
    return [*argv, "workflow.json#main", "inputs.json"]


def _cwl_containers(runtime: runtimes.Runtime | None) -> list[str]:
    if runtime is None:
        return ["--no-container"]
    flags = {
        "apptainer": ["--singularity"],
        "singularity": ["--singularity"],
        "podman": ["--podman"],
    }
    # docker is cwltool's default: it has no flag
    return [*flags.get(runtime.name, []), "--default-container", "docker.io/frolvlad/alpine-bash"]


def failure(kind: str, log: str) -> str | None:
    """What a failed engine run's workflow log says besides its exit status: why a CWL workflow
    could not be packed (cwl_job.py's last line)."""
    said = [line for line in log.splitlines() if line.startswith(PACK_FAILED)]
    return said[-1] if kind == "cwl" and said else None


def problems(kind: str, specification: dict, source_dir: Path, engines: Engines) -> list[Problem]:
    """Everything that keeps a run of this type from starting here (its engine, its workflow
    file, its parameter file; CWL: a step file it runs), found without copying anything."""
    if kind not in KINDS:
        message = (
            "The local engine runs serial, Snakemake, CWL and yadage workflows; this one is"
            f" {kind}: run it on REANA"
        )
        return [Problem("workflow.type", message)]
    found = []
    missing = engines.missing(kind)
    if missing:
        found.append(Problem("workflow.type", missing, "engine_missing"))
    workflow_file = (specification.get("workflow") or {}).get("file")
    if not isinstance(workflow_file, str) or not files.is_file(source_dir, workflow_file):
        message = f"workflow.file {workflow_file!r} is not a file next to reana.yaml"
        found.append(Problem("workflow.file", message))
    if kind in PARAMETER_FILE_KINDS:
        try:
            _parameters(specification, source_dir)
        except BadRequest as e:
            found.append(Problem("inputs.parameters.input", e.message))
    if kind == "cwl" and not found:  # the API's validation says these too
        found += _cwl_problems(specification, source_dir)
    return found


def _cwl_problems(specification: dict, source_dir: Path) -> list[Problem]:
    """What keeps cwltool from packing the workflow that is seen without it (a file a step runs
    missing, a document without its class), as the validator sees it: one 400 before the run is
    made. What only cwltool sees fails the run's job with cwltool's own message."""
    issues = IssueList(None)
    check_cwl(specification, Path(source_dir), issues)
    return [Problem(issue.key, issue.message) for issue in issues.issues if issue.severity == ERROR]


def prepare(
    kind: str,
    specification: dict,
    source_dir: Path,
    given: dict,
    engines: Engines,
    checked: bool = False,
) -> EngineRun:
    """Check what the run needs (its engine, its workflow file, its parameter file) and read
    it; one clear 400 for everything missing. `checked`: the caller found `problems()` already
    (runs.run_request, before the Run's 202), they are not looked for again."""
    if not checked:
        raise_all(problems(kind, specification, source_dir, engines))
    workflow_file = (specification.get("workflow") or {})["file"]
    parameter_file, parameters = (
        _parameters(specification, source_dir) if kind in PARAMETER_FILE_KINDS else (None, {})
    )
    if not isinstance(given, dict):
        raise BadRequest("parameters must be a mapping")
    if kind == "yadage":  # its parameters are init data, there is no parameter file
        parameters = dict((specification.get("inputs") or {}).get("parameters") or {})
    run = EngineRun(kind, workflow_file, {**parameters, **given})
    run.copied = [workflow_file] + ([parameter_file] if parameter_file else [])
    if kind == "yadage":  # yadage-run reads the files the workflow's `$ref`s name
        run.copied += _yadage_references(source_dir, workflow_file)
    if kind == "cwl":  # packed by its job, from here (cwl_job.py)
        run.source_dir = Path(source_dir).resolve()
        run.written = {"inputs.json": json.dumps(run.parameters, indent=2).encode()}
    return run


def _yadage_references(source_dir: Path, workflow_file: str) -> list[str]:
    """The files the workflow's `$ref`s name (recursively), relative to the reana.yaml's folder,
    as yadage resolves them with the reana.yaml's folder as its top level."""
    base = Path(source_dir).resolve()
    references = References(base, base, IssueList(None))
    try:
        references.workflow(base / workflow_file)
    except Unreadable:
        return []
    named = [path for path in references.files if path.is_relative_to(base)]
    top = (base / workflow_file).resolve()
    return sorted(path.relative_to(base).as_posix() for path in named if path != top)


def _parameters(specification: dict, source_dir: Path) -> tuple[str | None, dict]:
    """The parameter file (`workflow.parameters.file`, or `inputs.parameters.input` as REANA
    still reads it) and its mapping; else the parameters of reana.yaml."""
    workflow = specification.get("workflow") or {}
    declared = (specification.get("inputs") or {}).get("parameters") or {}
    path = (workflow.get("parameters") or {}).get("file") or declared.get("input")
    if path is None:
        return None, dict(declared)
    if not isinstance(path, str) or PurePosixPath(path).is_absolute():
        raise BadRequest("The workflow's parameter file must be a path next to reana.yaml")
    try:
        loaded = yaml.safe_load(files.read_text(source_dir, path, MAX_PARAMETER_FILE))
    except VRELabError as e:
        raise BadRequest(f"The parameter file {path!r} cannot be read: {e.message}") from e
    except yaml.YAMLError as e:
        raise BadRequest(f"The parameter file {path!r} is not YAML: {e}") from e
    if loaded is not None and not isinstance(loaded, dict):
        raise BadRequest(f"The parameter file {path!r} must hold a mapping")
    return path, loaded or {}


def progress(kind: str, log: str, packed: dict | None = None) -> tuple[int, int] | None:
    """(jobs done, jobs in all) as the engine's own log tells them: Snakemake's `N of M steps`,
    cwltool's `[step NAME] completed success` against the steps of the packed workflow."""
    if kind == "snakemake":
        found = _SNAKEMAKE_DONE.findall(log)
        return (int(found[-1][0]), int(found[-1][1])) if found else None
    if kind == "yadage":
        nodes = {name: state for _, name, state in _YADAGE_NODE.findall(log)}
        done = sum(state == "success" for state in nodes.values())
        return (done, len(nodes)) if nodes else None
    if kind == "cwl" and packed is not None:
        main = next((p for p in packed.get("$graph") or [] if p.get("id") == "#main"), packed)
        total = len(main.get("steps") or [])
        done = len(set(_CWL_STEP_DONE.findall(log)))
        return (min(done, total), total) if total else None
    return None
