"""A request to register a finished workflow run's outputs in Rucio, checked before any job
starts: which workspace files, under which DIDs, on which RSE, in which dataset, and the metadata
that names the run.

Rucio keeps each file as `SCOPE:DATASET_NAME/PATH` (the dataset's name, then the file's path in
the run's workspace), so the outputs of two runs never clash and registering one run again finds
its own files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.errors import BadRequest, Conflict
from ..reana import downloads
from ..reana.servers import LOCAL
from ..reana.service import WorkflowService
from .dids import DID, parse_did
from .service import RucioService

MAX_FILES = 5000
NAME_LENGTH = 250  # Rucio's generic schema
_UNSAFE = re.compile(r"[^A-Za-z0-9._\-/]")
# Rucio's default metadata plugin takes only columns of its DID table (the JSON plugin is off
# with SQLite and on many deployments): these, with their column widths.
METADATA_LIMITS = {"campaign": 50, "version": 50, "prod_step": 50, "stream_name": 70}
DATATYPE = "workflow_outputs"


@dataclass(frozen=True)
class Output:
    path: str  # in the run's workspace
    did: DID
    size: int | None = None


@dataclass
class Registration:
    instance: str
    server: str
    workflow_id: str
    run: str  # NAME.NUMBER
    rse: str
    dataset: DID
    outputs: list[Output] = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    @property
    def local(self) -> bool:
        return self.server == LOCAL

    def params(self) -> dict:
        return {
            "server": self.server,
            "workflow": self.workflow_id,
            "run": self.run,
            "rse": self.rse,
            "dataset": str(self.dataset),
            "files": len(self.outputs),
        }


def rucio_name(text: str) -> str:
    """`text` with every character Rucio's generic schema refuses in a name replaced by `_`."""
    cleaned = _UNSAFE.sub("_", text).strip("/")
    return cleaned if cleaned[:1].isalnum() else f"_{cleaned}"


def run_label(detail: dict) -> str:
    return f"{detail['name']}.{detail['run_number']}".strip(".")


def registration_request(
    rucio: RucioService, workflows: WorkflowService, instance: str, body: dict
) -> Registration:
    """The checked request, or a 4xx saying what is wrong. Blocking (asks the workflow's
    server for its detail and workspace, and Rucio for its RSEs)."""
    server, workflow = body.get("server") or LOCAL, body.get("workflow")
    if server != LOCAL and not workflows.registry.is_known(server):
        workflows.registry.get(server)  # the NotFound that lists them
    if not isinstance(workflow, str) or not workflow:
        raise BadRequest("workflow must name a run", code="bad_registration")
    detail = workflows.workflow(server, workflow)
    if detail.get("status") != "finished":
        raise Conflict(
            f"Only a finished run's outputs can be registered; {run_label(detail)} is "
            f"{detail.get('status')}",
            code="run_not_finished",
        )
    sizes = _workspace(workflows, server, detail["id"])
    paths = _chosen(sizes, body.get("files"), detail.get("outputs") or [])
    scope = body.get("scope")
    if not isinstance(scope, str) or not scope:
        raise BadRequest("scope is required", code="bad_registration")
    dataset = parse_did(
        body.get("dataset") or rucio_name(run_label(detail)), default_scope=scope.strip()
    )
    rse = body.get("rse") or rucio.registry.get(instance).destination_rse
    if not isinstance(rse, str) or not rse.strip():
        raise BadRequest(
            "Choose an RSE: this Rucio instance has no destination RSE configured",
            code="bad_registration",
        )
    rse = rse.strip()
    if rse not in rucio.rses(instance):
        raise BadRequest(f"Rucio has no RSE {rse!r}", code="rse_not_found")
    outputs = _outputs(paths, sizes, dataset, parse_did(f"{scope}:x").scope)
    return Registration(
        instance=instance,
        server=server,
        workflow_id=detail["id"],
        run=run_label(detail),
        rse=rse,
        dataset=dataset,
        outputs=outputs,
        detail=detail,
    )


def _workspace(workflows: WorkflowService, server: str, workflow_id: str) -> dict[str, int | None]:
    return {
        item["name"]: item.get("size")
        for item in downloads.all_workspace(workflows, server, workflow_id)
    }


def _chosen(sizes: dict[str, int | None], files: object, declared: list[str]) -> list[str]:
    """The workspace files asked for (a folder stands for the files in it), or by default every
    declared output present."""
    wanted = files if files else declared
    if not isinstance(wanted, list) or not all(isinstance(name, str) for name in wanted):
        raise BadRequest("files must be a list of workspace paths", code="bad_registration")
    chosen: list[str] = []
    for name in wanted:
        parts = PurePosixPath(name).parts
        if not parts or "\x00" in name or name.startswith("/") or ".." in parts:
            raise BadRequest(f"{name!r} is not a workspace file name", code="bad_registration")
        clean = PurePosixPath(*parts).as_posix()
        found = [p for p in sizes if p == clean or p.startswith(clean + "/")]
        if not found and files:
            raise BadRequest(f"{name!r} is not in the run's workspace", code="not_in_workspace")
        chosen.extend(p for p in sorted(found) if p not in chosen)
    if not chosen:
        raise BadRequest("The run has no declared outputs in its workspace", code="no_outputs")
    if len(chosen) > MAX_FILES:
        raise BadRequest(f"At most {MAX_FILES} files can be registered at once", code="too_many")
    return chosen


def _outputs(
    paths: list[str], sizes: dict[str, int | None], dataset: DID, scope: str
) -> list[Output]:
    outputs, seen = [], {}
    for path in paths:
        name = f"{dataset.name}/{rucio_name(path)}"
        if len(name) > NAME_LENGTH:
            raise BadRequest(
                f"{scope}:{name} is longer than Rucio's {NAME_LENGTH} characters; choose a "
                "shorter dataset name",
                code="name_too_long",
            )
        if name in seen:
            raise BadRequest(
                f"{seen[name]!r} and {path!r} would both be {scope}:{name}",
                code="name_clash",
            )
        seen[name] = path
        outputs.append(Output(path=path, did=parse_did(f"{scope}:{name}"), size=sizes.get(path)))
    return outputs


def run_metadata(registration: Registration, reana_yaml_sha256: str | None) -> dict:
    """The metadata naming the run: the workflow's name (`campaign`), its run number
    (`run_number`, and `version` NAME.NUMBER as the panel shows it), where it ran (`prod_step`:
    `local` or the REANA server's name), the reana.yaml's sha256 (`stream_name`) and
    `datatype` workflow_outputs."""
    detail = registration.detail
    number = str(detail.get("run_number") or "").split(".")[0]
    values = {
        "datatype": DATATYPE,
        "campaign": str(detail.get("name") or ""),
        "version": registration.run,
        "prod_step": registration.server,
        "stream_name": reana_yaml_sha256,
        "run_number": int(number) if number.isdigit() else None,
    }
    return {
        key: value[: METADATA_LIMITS.get(key, len(value))] if isinstance(value, str) else value
        for key, value in values.items()
        if value not in (None, "")
    }


def reana_yaml_sha256(provenance_record: dict | None) -> str | None:
    workflow = (provenance_record or {}).get("workflow") or {}
    digest = workflow.get("sha256")
    return digest if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest) else None


def local_source(workflows: WorkflowService, registration: Registration, path: str) -> Path:
    """The real path of a local run's workspace file (it must stay inside the workspace)."""
    return workflows.local.file_path(registration.workflow_id, path)
