# Long on purpose: a strict test double mirroring one API, one method per operationId of
# REANA's spec in the spec's order, so that each answer is read next to the operation it mirrors.
"""What the double answers, one method per operationId of the spec.

Answers follow REANA 0.9 (reana-server 0.9.4 in front of reana-workflow-controller 0.9.4),
including where REANA's own status codes are surprising:

- an unknown workflow is 404 where reana-server asks the workflow controller (status, logs,
  parameters, workspace, stop, delete) but 403 where reana-server looks it up itself
  (``start``, ``specification``, ``PUT status=start``);
- starting a workflow that is not ``created`` is 403, stopping one that is not running 409;
- deleting a running workflow is 500 (the controller's deletion error is not mapped);
- a workflow name with ``.`` is 403, a UUID as name 400;
- ``search`` (workflow list and workspace listing) is JSON, ``{"name": ["text"]}``; anything
  else is 400 ``Malformed request.``
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import workspace as ws
from .engine import ENGINES, WorkflowConflict, WorkflowNotFound, human_size, is_uuid, timestamp

if TYPE_CHECKING:
    from .server import ReanaDouble
    from .validation import Operation

REANA_SERVER_VERSION = "0.9.4"
RUN_STATUSES = (
    "created",
    "running",
    "finished",
    "failed",
    "deleted",
    "stopped",
    "queued",
    "pending",
)
SERIAL_OPTIONS = ("CACHE", "FROM", "TARGET")


@dataclass
class Call:
    operation: Operation
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    upload: Path | None = None


@dataclass
class Reply:
    status: int
    body: Any = None


@dataclass
class FileReply:
    path: Path
    download_name: str
    content_type: str = "application/octet-stream"
    temporary: bool = False


class NotImplementedByDouble(Exception):
    pass


def message(status: int, text: str) -> Reply:
    return Reply(status, {"message": text})


def paginate(items: list, page: int | None, size: int | None) -> dict:
    """reana-workflow-controller's pagination keys."""
    page = page or 1
    result: dict[str, Any] = {"page": page, "total": len(items)}
    has_prev = has_next = False
    if size:
        start, end = (page - 1) * size, page * size
        result.update(size=size, from_idx=start, to_idx=end)
        result["links"] = {
            "prev": {"page": page - 1},
            "self": {"page": page},
            "next": {"page": page + 1},
        }
        has_prev, has_next = start > 0, end < len(items)
        items = items[start:end]
    result.update(items=items, has_prev=has_prev, has_next=has_next)
    return result


def parse_search(raw: str | None) -> dict[str, list[str]] | None:
    if not raw:
        return None
    try:
        search = json.loads(raw)
    except ValueError:
        raise ValueError("Malformed request.") from None
    valid = isinstance(search, dict) and all(
        isinstance(values, list) and all(isinstance(v, str) for v in values)
        for values in search.values()
    )
    if not valid:
        raise ValueError("Malformed request.")
    return search


class ReanaApi:
    def __init__(self, double: ReanaDouble):
        self.double = double
        self.engine = double.engine

    def __call__(self, call: Call) -> Reply | FileReply:
        method = getattr(self, call.operation.operation_id, None)
        if method is None:
            raise NotImplementedByDouble(call.operation.label)
        for name in ("page", "size"):
            if call.query.get(name) is not None and call.query[name] < 1:
                return message(400, f"{name} must be at least 1.")
        try:
            return method(call)
        except ws.WorkspaceError as error:
            return message(400, str(error))

    # -- helpers -------------------------------------------------------------------------

    @property
    def user_id(self) -> str:
        return self.double.user["id"]

    def _workflow(self, call: Call, *, missing: int = 404):
        try:
            return self.engine.find(call.path["workflow_id_or_name"]), None
        except WorkflowNotFound as error:
            return None, message(missing, str(error))

    def _summary(self, workflow, *, progress: bool, size: bool) -> dict:
        item = {
            "id": workflow.id,
            "name": workflow.full_name,
            "status": workflow.status,
            "user": self.user_id,
            "launcher_url": None,
            "created": timestamp(workflow.created),
            "progress": self.engine.progress(workflow, progress),
            "size": {"raw": -1, "human_readable": ""},
        }
        if size:
            raw = ws.size_of(workflow.workspace)
            item["size"] = {"raw": raw, "human_readable": human_size(raw)}
        return item

    # -- server and user -----------------------------------------------------------------

    def ping(self, call: Call) -> Reply:
        return Reply(200, {"message": "OK", "status": "200"})

    def get_you(self, call: Call) -> Reply:
        user = self.double.user
        disk = sum(ws.size_of(w.workspace) for w in self.engine.all())
        return Reply(
            200,
            {
                "email": user["email"],
                "full_name": user["full_name"],
                "username": user["username"],
                "reana_server_version": REANA_SERVER_VERSION,
                "reana_token": {
                    "value": self.double.token,
                    "status": "active",
                    "requested_at": "2024-01-01T00:00:00",
                },
                "quota": {
                    "cpu": {"usage": {"raw": 0, "human_readable": "0s"}, "health": "healthy"},
                    "disk": {
                        "usage": {"raw": disk, "human_readable": human_size(disk)},
                        "health": "healthy",
                    },
                },
            },
        )

    def info(self, call: Call) -> Reply:
        def entry(title: str, value: Any) -> dict:
            return {"title": title, "value": value}

        return Reply(
            200,
            {
                "workspaces_available": entry("List of available workspaces", ["/var/reana"]),
                "default_workspace": entry("Default workspace", "/var/reana"),
                "compute_backends": entry("List of supported compute backends", ["kubernetes"]),
                "default_kubernetes_memory_limit": entry(
                    "Default memory limit for Kubernetes jobs", "3Gi"
                ),
                "kubernetes_max_memory_limit": entry(
                    "Maximum allowed memory limit for Kubernetes jobs", None
                ),
                "maximum_workspace_retention_period": entry(
                    "Maximum retention period in days for workspace files", None
                ),
                "default_kubernetes_jobs_timeout": entry(
                    "Default timeout for Kubernetes jobs", "604800"
                ),
                "maximum_kubernetes_jobs_timeout": entry(
                    "Maximum timeout for Kubernetes jobs", "1209600"
                ),
                "maximum_interactive_session_inactivity_period": entry(
                    "Maximum inactivity period in days before automatic closure of "
                    "interactive sessions",
                    None,
                ),
            },
        )

    # -- workflows -----------------------------------------------------------------------

    def get_workflows(self, call: Call) -> Reply:
        query = call.query
        statuses = query.get("status") or []
        if any(status not in RUN_STATUSES for status in statuses):
            return message(400, "Malformed request.")
        try:
            search = parse_search(query.get("search"))
        except ValueError as error:
            return message(400, str(error))
        verbose = bool(query.get("verbose"))
        progress = query.get("include_progress", verbose)
        size = query.get("include_workspace_size", verbose)
        workflows = self.engine.all()
        if statuses:
            workflows = [w for w in workflows if w.status in statuses]
        if search and search.get("name"):
            needle = search["name"][0].casefold()
            workflows = [w for w in workflows if needle in w.name.casefold()]
        wanted = query.get("workflow_id_or_name")
        if wanted:
            workflows = [w for w in workflows if wanted in (w.id, w.name)]
        workflows.sort(key=lambda w: w.created, reverse=query.get("sort", "desc") != "asc")
        if query["type"] == "interactive":
            workflows = []  # the double opens no interactive sessions
        body = paginate(workflows, query.get("page"), query.get("size"))
        body["items"] = [self._summary(w, progress=progress, size=size) for w in body["items"]]
        body["user_has_workflows"] = bool(self.engine.all())
        return Reply(200, body)

    def create_workflow(self, call: Call) -> Reply:
        name = call.query["workflow_name"]
        if call.query.get("spec"):
            return Reply(501, "Not implemented")
        specification = call.body
        if not isinstance(specification, dict):
            return message(
                500, "Either remote repository or REANA specification needs to be provided"
            )
        if "." in name:
            return message(403, f'Workflow name {name} contains illegal character "."')
        if is_uuid(name):
            return message(400, "Workflow name cannot be a valid UUIDv4.")
        if not name.isascii():
            return message(400, f"Workflow name {name} is not valid.")
        workflow = specification.get("workflow")
        if not isinstance(workflow, dict) or "type" not in workflow:
            return message(400, "'workflow'" if not isinstance(workflow, dict) else "'type'")
        if workflow["type"] not in ENGINES:
            return message(500, "Unknown workflow type.")
        created = self.engine.create(name or "workflow", specification)
        return Reply(
            201,
            {
                "message": "Workflow workspace created",
                "workflow_id": created.id,
                "workflow_name": created.full_name,
            },
        )

    def get_workflow_status(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        return Reply(
            200,
            {
                "id": workflow.id,
                "name": workflow.full_name,
                "created": timestamp(workflow.created),
                "status": workflow.status,
                "progress": self.engine.progress(workflow, True),
                "user": self.user_id,
                "logs": json.dumps(self.engine.job_logs(workflow)),
            },
        )

    def _start(self, call: Call, parameters: dict) -> Reply:
        workflow, error = self._workflow(call, missing=403)
        if error:
            return error
        if parameters.get("restart"):
            raise NotImplementedByDouble("restarting a workflow")
        if workflow.status != "created":
            return message(
                403,
                f"Workflow {workflow.full_name} is already {workflow.status} and cannot be "
                "started again.",
            )
        inputs = parameters.get("input_parameters") or {}
        options = parameters.get("operational_options") or {}
        unknown = sorted(set(inputs) - set(workflow.parameters))
        if unknown:
            return message(400, f'Input parameter "{unknown[0]}" is not present in reana.yaml')
        for option in options:
            if option not in SERIAL_OPTIONS or workflow.type != "serial":
                return message(400, f'==> ERROR: Operational option "{option}" not supported.')
        self.engine.start(workflow, inputs, options)
        return Reply(
            200,
            {
                "message": "Workflow submitted.",
                "workflow_id": workflow.id,
                "workflow_name": workflow.name,
                "status": "queued",
                "run_number": workflow.run_number,
                "user": self.user_id,
            },
        )

    def start_workflow(self, call: Call) -> Reply:
        return self._start(call, call.body or {})

    def set_workflow_status(self, call: Call) -> Reply:
        status = call.query["status"]
        parameters = call.body or {}
        if status == "start":
            reply = self._start(call, parameters)
            if isinstance(reply.body, dict):
                reply.body.pop("run_number", None)
            return reply
        workflow, error = self._workflow(call)
        if error:
            return error
        answer = {"workflow_id": workflow.id, "workflow_name": workflow.full_name}
        if status == "stop":
            try:
                self.engine.stop(workflow)
            except WorkflowConflict as conflict:
                return message(409, str(conflict))
            text = "Workflow successfully stopped"
        else:
            if not parameters.get("workspace", True):
                return message(400, "Workspace must always be deleted when deleting a workflow.")
            all_runs = bool(parameters.get("all_runs"))
            try:
                self.engine.delete(workflow, all_runs)
            except WorkflowConflict as conflict:
                return message(500, str(conflict))
            text = (
                f"All workflows named {workflow.name} successfully deleted."
                if all_runs
                else "Workflow successfully deleted."
            )
        return Reply(
            200, {"message": text, **answer, "status": workflow.status, "user": self.user_id}
        )

    def get_workflow_logs(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        steps = call.body or None
        logs = {
            "workflow_logs": None if steps else self.engine.workflow_logs(workflow),
            "job_logs": self.engine.job_logs(
                workflow, steps, call.query.get("page"), call.query.get("size")
            ),
            "engine_specific": None,
        }
        return Reply(
            200,
            {
                "workflow_id": workflow.id,
                "workflow_name": workflow.full_name,
                "logs": json.dumps(logs),
                "user": self.user_id,
            },
        )

    def get_workflow_specification(self, call: Call) -> Reply:
        workflow, error = self._workflow(call, missing=403)
        if error:
            return error
        return Reply(
            200,
            {
                "specification": workflow.specification,
                "parameters": workflow.input_parameters or {},
            },
        )

    def get_workflow_parameters(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        return Reply(
            200,
            {
                "id": workflow.id,
                "name": workflow.full_name,
                "type": workflow.type,
                "parameters": workflow.parameters,
            },
        )

    def get_workflow_retention_rules(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        return Reply(
            200,
            {
                "workflow_id": workflow.id,
                "workflow_name": workflow.full_name,
                "retention_rules": [],
            },
        )

    # -- workspace -----------------------------------------------------------------------

    def upload_file(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        file_name = call.query["file_name"]
        target = workflow.workspace / ws.relative(file_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if call.upload is None:  # pragma: no cover - the handler always streams uploads
            target.write_bytes(b"")
        else:
            os.replace(call.upload, target)
        return message(200, f"{file_name} has been successfully uploaded.")

    def get_files(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        try:
            search = parse_search(call.query.get("search"))
        except ValueError as problem:
            return message(400, str(problem))
        root = workflow.workspace
        if not root.is_dir():
            return message(404, "Workspace does not exist.")
        pattern = call.query.get("file_name")
        names = ws.matching_files(root, pattern) if pattern else ws.walk_files(root)
        infos = [ws.file_info(root, name) for name in names]
        if search:
            infos = [info for info in infos if ws.matches_search(info, search)]
        return Reply(200, paginate(infos, call.query.get("page"), call.query.get("size")))

    def download_file(self, call: Call) -> Reply | FileReply:
        workflow, error = self._workflow(call)
        if error:
            return error
        root = workflow.workspace
        pattern = call.path["file_name"]
        names = ws.matching_files(root, pattern) if root.is_dir() else []
        if not names:
            return message(404, f"{pattern} does not exist.")
        if len(names) == 1 and not (root / ws.relative(pattern)).is_dir():
            return FileReply(root / names[0], names[0])
        archive = ws.zip_files(root, names, self.double.scratch_dir)
        base = os.path.basename(pattern.rstrip("/")) or "workspace"
        return FileReply(
            archive,
            f"download_{workflow.full_name}_{base}.zip",
            content_type="application/zip",
            temporary=True,
        )

    def delete_file(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        root = workflow.workspace
        names = ws.matching_files(root, call.path["file_name"]) if root.is_dir() else []
        deleted, failed = {}, {}
        for name in names:
            try:
                size = (root / name).lstat().st_size
                (root / name).unlink()
                deleted[name] = {"size": size}
            except OSError as problem:
                failed[name] = {"error": str(problem)}
        return Reply(200, {"deleted": deleted, "failed": failed})

    def move_files(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        if workflow.status == "running":
            return message(
                409, "Workflow is currently running, files cannot be moved while running."
            )
        root = workflow.workspace
        source = root / ws.relative(call.query["source"])
        target = root / ws.relative(call.query["target"])
        if not source.exists():
            return message(409, f"Path {call.query['source']} does not exist")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        return Reply(
            200,
            {
                "message": f"File(s) {call.query['source']} were successfully moved",
                "workflow_id": workflow.id,
                "workflow_name": workflow.full_name,
            },
        )

    def get_workflow_disk_usage(self, call: Call) -> Reply:
        workflow, error = self._workflow(call)
        if error:
            return error
        parameters = call.body or {}
        root = workflow.workspace
        if parameters.get("summarize"):
            raw = ws.size_of(root)
            usage = [{"name": "", "size": {"raw": raw, "human_readable": human_size(raw)}}]
        else:
            usage = [
                {"name": f"/{info['name']}", "size": info["size"]}
                for info in (ws.file_info(root, n) for n in ws.walk_files(root))
                if not parameters.get("search") or parameters["search"] in info["name"]
            ]
        return Reply(
            200,
            {
                "workflow_id": workflow.id,
                "workflow_name": workflow.full_name,
                "user": self.user_id,
                "disk_usage_info": usage,
            },
        )

    # -- secrets -------------------------------------------------------------------------

    def get_secrets(self, call: Call) -> Reply:
        with self.engine.lock:
            secrets = self.double.secrets
            return Reply(200, [{"name": n, "type": s["type"]} for n, s in sorted(secrets.items())])

    def add_secrets(self, call: Call) -> Reply:
        with self.engine.lock:
            secrets = self.double.secrets
            existing = sorted(set(call.body) & set(secrets))
            if existing and not call.query.get("overwrite"):
                return message(
                    409,
                    f"Operation cancelled. Secret(s) {', '.join(existing)} already exist. "
                    "If you want to change it use overwrite",
                )
            for name, secret in call.body.items():
                secrets[name] = {"type": secret.get("type", "env"), "value": secret.get("value")}
        return message(201, "Secret(s) successfully added.")

    def delete_secrets(self, call: Call) -> Reply:
        with self.engine.lock:
            secrets = self.double.secrets
            missing = [name for name in call.body if name not in secrets]
            if missing:
                return Reply(404, missing)
            for name in call.body:
                secrets.pop(name, None)
        return Reply(200, list(call.body))
