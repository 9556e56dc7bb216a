"""Fetching a workflow's files into a folder of the lab's file tree (a `reana-download` job).

Each file is written as a hidden `.part` next to its final name and renamed only when complete,
so no partial file ever looks like a result.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

from ..core.errors import BadRequest
from ..core.job_runner import JobContext
from ..core.paths import confine
from ..core.streams import file_chunks, write_partial
from .client import stream_chunks
from .servers import LOCAL
from .service import WorkflowService

UNSAFE = re.compile(r"[^\w.\- +=@,()\[\]]")


def safe_relative(name: str) -> PurePosixPath:
    """A workspace file name as a safe relative path: no `..`, no absolute path, no odd
    characters (replaced by `_`), no hidden `.part` clash."""
    parts = [part for part in PurePosixPath(name).parts if part not in ("/", ".")]
    if not parts or ".." in parts:
        raise BadRequest(f"{name!r} is not a workspace file name")
    cleaned = [UNSAFE.sub("_", part).lstrip(".") or "_" for part in parts]
    return PurePosixPath(*cleaned)


def default_destination(workflow: dict) -> str:
    run = f"{workflow['name']}.{workflow['run_number']}".strip(".")
    return str(PurePosixPath("reana-outputs", safe_relative(run)))


def destination_dir(root: Path, destination: str) -> Path:
    target = confine(root, destination)
    if target.exists() and not target.is_dir():
        raise BadRequest(f"{destination!r} is a file, not a folder")
    return target


def _all_workspace(service: WorkflowService, server: str, workflow: str) -> list[dict]:
    items: list[dict] = []
    page = 1
    while True:
        answer = service.workspace(server, workflow, search="", page=page, size=1000)
        items.extend(answer["items"])
        if not answer["items"] or len(items) >= answer["total"]:
            return items
        page += 1


def chosen_files(
    service: WorkflowService, server: str, detail: dict, files: list[str] | None, outputs: bool
) -> list[str]:
    """The names to fetch: the ones asked for, or every output the specification declares."""
    if files:
        return files
    if not outputs:
        raise BadRequest("Give files to download, or outputs: true")
    declared = detail.get("outputs") or []
    present = [item["name"] for item in _all_workspace(service, server, detail["id"])]
    wanted = [
        name
        for name in present
        if any(name == out or name.startswith(out.rstrip("/") + "/") for out in declared)
    ]
    if not wanted:
        raise BadRequest("The workflow has no outputs in its workspace yet")
    return wanted


def download(
    ctx: JobContext,
    service: WorkflowService,
    server: str,
    workflow_id: str,
    names: list[str],
    target_dir: Path,
) -> dict:
    root = Path(service.settings.root_dir).resolve()
    written = []
    for number, name in enumerate(names, 1):
        ctx.progress((number - 1) / len(names), f"Downloading {number}/{len(names)}: {name}")
        # confined again: a folder inside the destination may be a link that leads out
        target = confine(root, (target_dir / safe_relative(name)).relative_to(root).as_posix())
        if server == LOCAL:
            source = service.local.file_path(workflow_id, name)
            write_partial(target, file_chunks(source), lambda: ctx.cancelled)
            shutil.copystat(source, target)
        else:
            response = service.client(server).download(workflow_id, name)
            write_partial(target, stream_chunks(response), lambda: ctx.cancelled)
        written.append(target.relative_to(root).as_posix())
    return {"destination": target_dir.relative_to(root).as_posix(), "files": written}
