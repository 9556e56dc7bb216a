"""Fetching a workflow's files into a folder of the lab's file tree (a `reana-download` job).

Each file is written through the confined file API (a unique hidden temporary renamed into place
when complete), so no partial file ever looks like a result and no link is written through.
"""

from __future__ import annotations

import re
import shutil
from itertools import islice
from pathlib import Path, PurePosixPath

from ..core.errors import BadRequest, NotFound
from ..core.files import CHUNK, chunks, write_atomic
from ..core.job_runner import JobContext
from ..core.paths import confine
from . import provenance
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


def all_workspace(service: WorkflowService, server: str, workflow: str) -> list[dict]:
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
    present = [item["name"] for item in all_workspace(service, server, detail["id"])]
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
    detail: dict | None = None,
) -> dict:
    """Fetch `names` into `target_dir`; with the workflow's `detail` (all its outputs asked for),
    also its provenance, completed with the outputs' checksums and how the run ended."""
    root = Path(service.settings.root_dir).resolve()
    written = []
    for number, name in enumerate(names, 1):
        ctx.progress((number - 1) / len(names), f"Downloading {number}/{len(names)}: {name}")
        relative = (target_dir / safe_relative(name)).relative_to(root).as_posix()
        if server == LOCAL:
            source = service.local.file_path(workflow_id, name)
            write_atomic(root, relative, chunks(source.parent, source.name), lambda: ctx.cancelled)
            shutil.copystat(source, root / relative, follow_symlinks=False)
        else:
            response = service.client(server).download(workflow_id, name)
            write_atomic(root, relative, stream_chunks(response), lambda: ctx.cancelled)
        written.append(relative)
    if detail is not None and (record := run_provenance(service, server, workflow_id)):
        _complete(target_dir, record, detail, names)
        written.append((target_dir / provenance.FILE_NAME).relative_to(root).as_posix())
    return {"destination": target_dir.relative_to(root).as_posix(), "files": written}


def run_provenance(service: WorkflowService, server: str, workflow_id: str) -> dict | None:
    """The `provenance.json` the run's workspace holds, if any."""
    try:
        if server == LOCAL:
            workspace = service.local.file_path(workflow_id, provenance.FILE_NAME).parent
            return provenance.read(workspace)
        response = service.client(server).download(workflow_id, provenance.FILE_NAME)
        data = b"".join(islice(stream_chunks(response), provenance.MAX_BYTES // CHUNK + 1))
    except NotFound:
        return None
    return provenance.parse(data) if len(data) <= provenance.MAX_BYTES else None


def _complete(target_dir: Path, record: dict, detail: dict, names: list[str]) -> None:
    outputs = [
        {**provenance.file_entry(target_dir, safe_relative(name).as_posix()), "path": name}
        for name in names
    ]
    record = {
        **record,
        "outputs": outputs,
        **{key: detail.get(key) for key in ("status", "started", "finished")},
    }
    provenance.write(target_dir, record)
