"""Running a reana.yaml: on REANA (create, upload every input, start) or on the local engine.

A run's submission is one durable job (`reana-run`). As soon as the workflow exists its id is
recorded in the job, so a submission interrupted by a restart can be resumed (uploads continue
where they stopped) or cleaned up (the half-made workflow is deleted). On REANA and on the local
engine alike the job ends when the workflow is started (queued); from there the workflow's own
status, kept by REANA or in the local engine's records, tells how it goes.
"""

from __future__ import annotations

import copy
import io
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ..core import files as files_api
from ..core.errors import BadRequest, Conflict, NotFound
from ..core.job_runner import JobContext
from ..core.paths import confine
from ..core.streams import CountingReader
from . import provenance, rucio_inputs
from .client import ReanaClient
from .local import checks, runners
from .local.engines import Engines
from .reana_specification import load_specification
from .servers import LOCAL
from .service import WorkflowService
from .validation import validate_file

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


@dataclass
class InputFile:
    name: str  # where it goes in the workflow's workspace
    path: Path
    size: int


@dataclass
class RunRequest:
    server: str
    path: str  # the reana.yaml, relative to the server root
    name: str
    parameters: dict
    specification: dict
    source_dir: Path
    files: list[InputFile]
    rucio_inputs: list[rucio_inputs.RucioInput] = field(default_factory=list)

    def params(self) -> dict:
        return {
            "server": self.server,
            "path": self.path,
            "name": self.name,
            "parameters": self.parameters,
            "rucio_inputs": [item.as_json() for item in self.rucio_inputs],
        }


def default_name(spec_path: Path) -> str:
    """The folder's name for `reana.yaml`, else the file's stem, made a valid workflow name."""
    stem = spec_path.stem
    base = spec_path.parent.name if stem.lower() in ("reana", "") else stem
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-_") or "workflow"
    return cleaned[:100]


def run_request(root: Path, server: str, body: dict, engines: Engines | None) -> RunRequest:
    """The run `body` asks for, checked; `engines` compute what REANA is sent for cwl and
    Snakemake workflows, as reana-client computes it."""
    path = body.get("path")
    if not isinstance(path, str) or not re.search(r"\.ya?ml$", path, re.IGNORECASE):
        raise BadRequest("path must name a reana.yaml (a .yaml or .yml file)")
    spec_path = confine(root, path)
    if not spec_path.is_file():
        raise NotFound(f"No file {path!r}")
    name = body.get("name") or default_name(spec_path)
    if not isinstance(name, str) or not NAME.match(name):
        raise BadRequest(
            "name must start with a letter or digit and use only letters, digits, '-' and '_'"
        )
    parameters = body.get("parameters") or {}
    if not isinstance(parameters, dict) or not all(
        isinstance(v, str | int | float | bool) for v in parameters.values()
    ):
        raise BadRequest("parameters must map names to strings, numbers or booleans")
    validation = validate_file(spec_path)  # once per action: what follows is given it
    checks.raise_all(_problems(path, server, validation, spec_path.parent, engines))
    unknown = sorted(set(parameters) - set(validation.parameters))
    if unknown:
        raise BadRequest(f"Unknown parameter(s): {', '.join(unknown)}")
    bound = rucio_inputs.parse(body.get("rucio_inputs"), validation.parameters)
    # the local engine reads the reana.yaml as written; REANA gets what reana-client would send
    if server == LOCAL:
        specification = copy.deepcopy(validation.specification)
    else:
        sent = load_specification(spec_path, engines, validation)
        specification, _ = rucio_inputs.for_reana(sent, bound)
    return RunRequest(
        server=server,
        path=path,
        name=name,
        parameters=parameters,
        specification=specification,
        source_dir=spec_path.parent,
        files=input_files(root, spec_path.parent, specification),
        rucio_inputs=bound,
    )


def _problems(
    path: str, server: str, validation, source_dir: Path, engines: Engines | None
) -> list[checks.Problem]:
    """Everything that keeps the run from starting, at once: the reana.yaml's errors, every
    missing input, and for a local run what its engine needs (what the local engine would
    refuse in the run's job, refused before the 202)."""
    found = [
        checks.Problem(
            issue.key,
            f"{path} is not a valid reana.yaml: {issue.message}"
            + (f" (line {issue.line})" if issue.line else ""),
            "invalid_specification",
        )
        for issue in validation.issues
        # a missing input is listed below, as the local engine says it
        if issue.severity == "error" and not issue.run_only
    ]
    specification = validation.specification if isinstance(validation.specification, dict) else {}
    inputs = specification.get("inputs") if isinstance(specification.get("inputs"), dict) else {}
    found += checks.missing_inputs(source_dir, inputs.get("files"), inputs.get("directories"))
    workflow = specification.get("workflow")
    kind = workflow.get("type") if isinstance(workflow, dict) else None
    if server == LOCAL and isinstance(kind, str) and kind != "serial" and engines is not None:
        named = {problem.field for problem in found}
        found += [
            problem
            for problem in runners.problems(kind, specification, source_dir, engines)
            if problem.field not in named
        ]
    return found


def _workspace_name(entry) -> PurePosixPath:
    if not isinstance(entry, str) or not entry.strip():
        raise BadRequest("inputs must be relative paths")
    name = PurePosixPath(entry.strip())
    if name.is_absolute() or ".." in name.parts:
        raise BadRequest(f"Input {entry!r} must be a path inside the workflow's folder")
    return name


def input_files(root: Path, source_dir: Path, specification: dict) -> list[InputFile]:
    """Every file the workflow needs uploaded, each confined to the server root."""
    inputs = specification.get("inputs") or {}
    relative_dir = source_dir.relative_to(Path(root).resolve())
    found: dict[str, InputFile] = {}

    def add(name: PurePosixPath) -> None:
        path = confine(root, str(relative_dir / name))
        found[str(name)] = InputFile(str(name), path, path.stat().st_size)

    for entry in inputs.get("files") or []:
        name = _workspace_name(entry)
        if not confine(root, str(relative_dir / name)).is_file():
            raise BadRequest(f"Input file {entry!r} does not exist next to the reana.yaml")
        add(name)
    for entry in inputs.get("directories") or []:
        name = _workspace_name(entry)
        top = confine(root, str(relative_dir / name))
        if not top.is_dir():
            raise BadRequest(f"Input directory {entry!r} does not exist next to the reana.yaml")
        for folder, _, files in os.walk(top):
            for file in sorted(files):
                inner = Path(folder, file).relative_to(top)
                add(name / PurePosixPath(inner.as_posix()))
    return list(found.values())


def _uploaded(client: ReanaClient, workflow_id: str) -> dict[str, int]:
    present: dict[str, int] = {}
    page = 1
    while True:
        answer = client.workspace(workflow_id, page=page, size=1000)
        for item in answer["items"]:
            present[item["name"]] = (item.get("size") or {}).get("raw", -1)
        if not answer["items"] or len(present) >= answer.get("total", 0):
            return present
        page += 1


def run_on_reana(
    ctx: JobContext, service: WorkflowService, request: RunRequest, done: dict | None = None
) -> dict:
    client = service.client(request.server)
    files = request.files
    done = done or {}
    workflow_id = done.get("workflow_id")
    present: dict[str, int] = {}
    if workflow_id:
        status = client.status(workflow_id)["status"]
        if status != "created":
            return {**done, "status": status}  # it was started before the interruption
        present = _uploaded(client, workflow_id)
    else:
        ctx.progress(0.0, "Creating the workflow")
        created = client.create(request.name, request.specification)
        workflow_id = created["workflow_id"]
        done = {
            "workflow_id": workflow_id,
            "workflow_name": created["workflow_name"],
            "run_number": created["workflow_name"].rpartition(".")[2],
        }
        ctx.record(**done)
    todo = [f for f in files if present.get(f.name) != f.size]
    total = sum(f.size for f in todo) or 1
    sent = 0

    def show(message: str) -> None:
        ctx.progress(0.95 * sent / total, message, often=True)

    for number, item in enumerate(todo, 1):
        message = f"Uploading {number}/{len(todo)}: {item.name}"
        show(message)

        def report(count: int, message=message) -> None:
            nonlocal sent
            sent += count
            show(message)

        with files_api.open_read(item.path.parent, item.path.name) as f:
            client.upload(workflow_id, item.name, CountingReader(f, item.size, report))
    ctx.progress(0.96, "Recording the run's provenance")
    record = reana_provenance(service, request, {**done, "workflow_id": workflow_id})
    client.upload(workflow_id, provenance.FILE_NAME, io.BytesIO(provenance.encode(record)))
    ctx.progress(0.97, "Starting the workflow")
    client.start(workflow_id, {**request.parameters, **_did_values(request)})
    return {**done, "uploaded": len(todo), "status": "queued"}


def reana_provenance(service: WorkflowService, request: RunRequest, done: dict) -> dict:
    """What a run on REANA reads and runs, as `provenance.json` records it in its workspace."""
    specification = request.specification
    defaults = (specification.get("inputs") or {}).get("parameters") or {}
    return provenance.begin(
        root_dir=service.settings.root_dir,
        spec_file=request.source_dir / PurePosixPath(request.path).name,
        specification=specification,
        run={
            "server": request.server,
            "id": done["workflow_id"],
            "name": request.name,
            "run_number": done.get("run_number"),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
        engine={"name": "REANA", "url": service.registry.get(request.server).url},
        parameters={**defaults, **request.parameters, **_did_values(request)},
        steps=provenance.serial_steps(specification),
        inputs=[
            {**provenance.file_entry(item.path.parent, item.path.name), "path": item.name}
            for item in request.files
        ],
        describe_dids=service.dids.describe if service.dids else None,
        run_dids=[{"did": i.did, "instance": i.instance} for i in request.rucio_inputs],
    )


def _did_values(request: RunRequest) -> dict:
    return {item.parameter: item.did for item in request.rucio_inputs}


def run_locally(ctx: JobContext, service: WorkflowService, request: RunRequest) -> dict:
    kind = (request.specification.get("workflow") or {}).get("type")
    copies, values, dids = rucio_inputs.fetch(ctx, service.dids, request.rucio_inputs, kind)
    start = 0.3 if request.rucio_inputs else 0.0
    workflow = service.local.create(
        name=request.name,
        specification=request.specification,
        source_dir=request.source_dir,
        parameters={**request.parameters, **values},
        progress=lambda fraction, message: ctx.progress(start + (0.9 - start) * fraction, message),
        spec_file=request.source_dir / PurePosixPath(request.path).name,
        extra_inputs=copies,
        run_dids=dids,
        checked=True,  # run_request checked the run before its 202
    )
    done = {
        "workflow_id": workflow["id"],
        "workflow_name": f"{workflow['name']}.{workflow['run_number']}",
        "run_number": workflow["run_number"],
    }
    ctx.record(**done)
    started = service.local.start(workflow["id"])
    return {**done, "status": started["status"]}


def run(ctx: JobContext, service: WorkflowService, request: RunRequest, done: dict | None = None):
    if request.server == LOCAL:
        if done and done.get("workflow_id"):
            try:
                status = service.local.get(done["workflow_id"])["status"]
            except NotFound:
                status = None
            if status not in (None, "created"):
                return {**done, "status": status}
            clean_up(service, LOCAL, done)  # a half-copied workspace: copy it again
        return run_locally(ctx, service, request)
    return run_on_reana(ctx, service, request, done)


def clean_up(service: WorkflowService, server: str, done: dict) -> None:
    """Delete what an unfinished run created; a workflow already gone is fine."""
    workflow_id = done.get("workflow_id")
    if not workflow_id:
        return
    try:
        service.delete(server, workflow_id)
    except NotFound:
        pass
    except Conflict:  # a local run still going: stop it first
        service.stop(server, workflow_id)
        service.delete(server, workflow_id)
