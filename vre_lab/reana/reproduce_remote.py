"""A reproduction re-run on a REANA server the user picked: the crate's reana.yaml is created,
its inputs uploaded and started with the recorded parameters as any run on REANA is
(`runs.run_on_reana`), followed until it ends, and its declared outputs (with the run's
completed provenance) are fetched into the reproduction's folder to be compared.
"""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

from ..core.errors import BadRequest
from ..core.job_runner import JobCancelled, JobContext
from . import downloads, runs, shapes
from .service import WorkflowService

ENDED = ("finished", "failed", "stopped", "deleted")
FETCHED = "reana-run"  # the run's outputs, in the reproduction's folder
POLL_SECONDS = (0.2, 5.0)  # from the first look to the slowest


def rerun_on_reana(
    ctx: JobContext, service: WorkflowService, server: str, where: Path, record: dict, folder: str
) -> dict:
    """The run's detail once it ended, its `workspace_path` the folder its outputs were
    fetched into."""
    root = Path(service.settings.root_dir).resolve()
    name = PurePosixPath((record.get("workflow") or {}).get("path") or "reana.yaml").name
    if not (where / name).is_file():
        raise BadRequest(f"The crate holds no {name}: there is no workflow to run")
    body = {
        "path": (where / name).relative_to(root).as_posix(),
        "name": str((record.get("run") or {}).get("name") or "reproduction"),
        "parameters": record.get("parameters") or {},
    }
    request = runs.run_request(root, server, body, service.local.engines)
    started = runs.run_on_reana(ctx.part(0.3, 0.5), service, request)
    workflow_id = started["workflow_id"]
    detail = _followed(ctx, service, server, workflow_id, started["workflow_name"])
    target = root / folder / FETCHED
    try:
        names = downloads.chosen_files(service, server, detail, None, outputs=True)
    except BadRequest:  # a failed run may have made none
        names = []
    downloads.download(ctx.part(0.9, 0.95), service, server, workflow_id, names, target, detail)
    return {**detail, "server": server, "workspace_path": target.relative_to(root).as_posix()}


def _followed(
    ctx: JobContext, service: WorkflowService, server: str, workflow_id: str, label: str
) -> dict:
    wait, slowest = POLL_SECONDS
    client = service.client(server)
    # one status call per look (the full detail costs REANA two); the detail once it ended
    while (now := shapes.workflow_from_reana(client.status(workflow_id), server))[
        "status"
    ] not in ENDED:
        if ctx.cancelled:
            service.stop(server, workflow_id)
            raise JobCancelled()
        progress = now.get("progress") or {}
        total, done = progress.get("total") or 0, progress.get("finished") or 0
        ctx.progress(0.5 + 0.4 * (done / total if total else 0), f"Running {label} on {server}")
        time.sleep(wait)
        wait = min(slowest, wait * 1.5)
    return service.workflow(server, workflow_id)
