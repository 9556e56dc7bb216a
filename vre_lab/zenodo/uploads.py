"""From files in the lab to a draft in a repository (a `zenodo-upload` job), or to an RO-Crate zip
in the workspace (a `rocrate-export` job). Nothing is published here: the user confirms that.

As soon as the draft exists its id is recorded in the job, so an upload that failed or was
interrupted resumes into the same draft (files already committed are not sent again) or is
discarded; the create call itself is never retried, so retries never make a second draft.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core import files
from ..core.errors import BadRequest, NotFound
from ..core.job_runner import JobContext
from ..core.paths import confine
from ..core.streams import CountingReader
from . import metadata, rocrate, run_crate
from .repositories import ROCRATE
from .service import PublishService

SKIPPED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git"}
ZENODO_MAX_FILES = 100


@dataclass
class LocalFile:
    key: str  # its name in the record
    path: Path
    size: int


@dataclass
class UploadRequest:
    repository: str
    paths: list[str]
    files: list[LocalFile]
    deposit: dict
    draft: str | None = None
    new_version_of: str | None = None
    keep_files: bool = False
    destination: str | None = None

    @property
    def bytes(self) -> int:
        return sum(f.size for f in self.files)

    def params(self) -> dict:
        return {
            "repository": self.repository,
            "paths": self.paths,
            "files": len(self.files),
            "bytes": self.bytes,
            "title": (self.deposit.get("metadata") or {}).get("title", ""),
            "deposit": self.deposit,
            "draft": self.draft,
            "new_version_of": self.new_version_of,
            "keep_files": self.keep_files,
            "destination": self.destination,
        }


def _hidden(name: str) -> bool:
    return name.startswith(".")


def collect_files(root: Path, paths: list[str]) -> list[LocalFile]:
    """Every file the chosen paths name, keyed by its path below their common folder."""
    chosen = [confine(root, path) for path in paths]
    for path, target in zip(paths, chosen, strict=True):
        if not target.exists():
            raise NotFound(f"No file or folder {path!r}")
    parents = [t if t.is_dir() and len(chosen) == 1 else t.parent for t in chosen]
    base = Path(os.path.commonpath([str(p) for p in parents]))
    found: dict[str, LocalFile] = {}

    def add(path: Path) -> None:
        # confined again: a link inside a chosen folder may lead out of the root
        real = confine(root, path.relative_to(root).as_posix())
        key = path.relative_to(base).as_posix()
        found[key] = LocalFile(key, real, real.stat().st_size)

    for target in chosen:
        if target.is_file():
            add(target)
            continue
        for folder, dirs, names in os.walk(target):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not _hidden(d))
            for name in sorted(names):
                if not _hidden(name):
                    add(Path(folder, name))
    if not found:
        raise BadRequest("The chosen folders hold no files to publish")
    return list(found.values())


def zenodo_limits(files: list[LocalFile]) -> None:
    """What Zenodo refuses only once files are sent: refused before anything is."""
    if len(files) > ZENODO_MAX_FILES:
        raise BadRequest(
            f"Zenodo takes at most {ZENODO_MAX_FILES} files per record and these are "
            f"{len(files)}: zip folders first"
        )
    empty = [f.key for f in files if f.size == 0]
    if empty:
        raise BadRequest(f"Zenodo does not accept empty files: {', '.join(empty[:5])}")


def upload_request(service: PublishService, repository: str, body: dict) -> UploadRequest:
    paths = body.get("paths")
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise BadRequest("paths must be a list of files or folders relative to the server root")
    deposit = service.checked(body.get("deposit"), repository)
    options = {key: body.get(key) for key in ("draft", "new_version_of", "destination")}
    for key, value in options.items():
        if value is not None and (not isinstance(value, str) or not value):
            raise BadRequest(f"{key} must be a non-empty string")
    if options["draft"] and options["new_version_of"]:
        raise BadRequest("Give draft or new_version_of, not both")
    keep_files = body.get("keep_files", False)
    if not isinstance(keep_files, bool):
        raise BadRequest("keep_files must be true or false")
    if repository == ROCRATE and (options["draft"] or options["new_version_of"]):
        raise BadRequest("An RO-Crate export has no drafts or versions")
    root = Path(service.settings.root_dir)
    files = collect_files(root, paths)
    runs = run_crate.runs_in(root, [(f.key, f.path) for f in files])
    for key, path in run_crate.workflow_files(root, runs, {f.key for f in files}):
        files.append(LocalFile(key, path, path.stat().st_size))  # the run's reana.yaml
    if repository != ROCRATE and service.registry.get(repository).flavour == "zenodo":
        zenodo_limits(files)
    return UploadRequest(
        repository=repository,
        paths=paths,
        files=files,
        deposit=deposit,
        keep_files=keep_files,
        **options,
    )


class _Progress:
    """Per-file and total progress (per chunk: the job context records it at most so often)."""

    def __init__(self, ctx: JobContext, total_bytes: int, files: int):
        self.ctx = ctx
        self.total = max(total_bytes, 1)
        self.files = files
        self.sent = 0
        self.label = ""

    def file(self, number: int, key: str) -> None:
        self.label = f"{number}/{self.files}: {key}"
        self._record()

    def add(self, amount: int) -> None:
        self.sent += amount
        self._record(often=True)

    def _record(self, often: bool = False) -> None:
        self.ctx.progress(
            min(self.sent / self.total, 1.0),
            f"Uploading {self.label} ({_mb(self.sent)} of {_mb(self.total)})",
            often=often,
        )


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _md5(root: Path, path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    for chunk in files.chunks(root, path):
        digest.update(chunk)
    return digest.hexdigest()


def _already_there(root: Path, entry: dict | None, local: LocalFile) -> bool:
    if not entry or entry.get("status") != "completed" or entry.get("size") != local.size:
        return False
    checksum = str(entry.get("checksum") or "")
    return not checksum.startswith("md5:") or checksum[4:] == _md5(root, local.path)


def _open_draft(ctx: JobContext, client, request: UploadRequest, done: dict) -> dict:
    draft_id = done.get("draft") or request.draft
    if draft_id:
        return client.draft(draft_id)
    if request.new_version_of:
        record = client.new_version(request.new_version_of)
        ctx.record(draft=str(record["id"]))
        if request.keep_files:
            client.import_files(str(record["id"]))
        return record
    record = client.create_draft(metadata.draft_body(request.deposit))
    ctx.record(draft=str(record["id"]))
    return record


def upload(
    ctx: JobContext, service: PublishService, request: UploadRequest, done: dict | None = None
) -> dict:
    client = service.client(request.repository)
    ctx.progress(0.0, "Creating the draft")
    record = _open_draft(ctx, client, request, done or {})
    draft_id = str(record["id"])
    html = (record.get("links") or {}).get("self_html")
    ctx.record(draft=draft_id, html=html)
    client.update_draft(draft_id, metadata.draft_body(request.deposit))
    service.keep_communities(request.repository, draft_id, request.deposit.get("communities", []))
    present = {entry["key"]: entry for entry in client.draft_files(draft_id)}
    progress = _Progress(ctx, request.bytes, len(request.files))
    root = Path(service.settings.root_dir)
    crate = _run_crate(root, request)
    skipped = 0
    for number, local in enumerate(request.files, 1):
        progress.file(number, local.key)
        if crate is not None and local.key == rocrate.METADATA:
            # a crate among the chosen files (say, a reproduced record's): the one made for
            # this record describes the same files and runs, and takes its place
            progress.add(local.size)
            continue
        entry = present.get(local.key)
        if _already_there(root, entry, local):
            progress.add(local.size)
            skipped += 1
            continue
        if entry:  # half sent, or a changed file of the previous version
            client.delete_draft_file(draft_id, local.key)
        client.start_files(draft_id, [local.key])
        with files.open_read(root, local.path) as f:
            client.upload_content(draft_id, local.key, CountingReader(f, local.size, progress.add))
        client.commit_file(draft_id, local.key)
    if crate is not None:  # the record describes its runs as a Workflow Run Crate too
        if rocrate.METADATA in present:
            client.delete_draft_file(draft_id, rocrate.METADATA)
        client.start_files(draft_id, [rocrate.METADATA])
        client.upload_content(draft_id, rocrate.METADATA, io.BytesIO(crate))
        client.commit_file(draft_id, rocrate.METADATA)
    service.remember(request.deposit)
    return {
        "repository": request.repository,
        "draft": draft_id,
        "html": html,
        "files": len(request.files),
        "bytes": request.bytes,
        "skipped": skipped,
    }


def _run_crate(root: Path, request: UploadRequest) -> bytes | None:
    runs = run_crate.runs_in(root, [(f.key, f.path) for f in request.files])
    if not runs:
        return None
    sizes = [(f.key, f.size) for f in request.files]
    described = rocrate.crate_metadata(sizes, request.deposit, runs, with_deposit=False)
    return json.dumps(described, indent=2, ensure_ascii=False).encode("utf-8")


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")[:80].lower() or "publication"


def export_destination(service: PublishService, request: UploadRequest) -> Path:
    root = Path(service.settings.root_dir)
    if request.destination:
        if not request.destination.endswith(".zip"):
            raise BadRequest("destination must name a .zip file")
        target = files.writable_target(root, request.destination)
        if target.exists():
            raise BadRequest(f"{request.destination!r} exists already")
        return target
    folder = Path(service.settings.export_dir)
    name = _slug(request.deposit["metadata"].get("title", ""))
    for number in range(1, 1000):
        candidate = folder / (f"{name}.zip" if number == 1 else f"{name}-{number}.zip")
        target = files.writable_target(root, candidate.as_posix())
        if not target.exists():
            return target
    raise BadRequest("Too many exports of this title; choose a destination")


def export(ctx: JobContext, service: PublishService, request: UploadRequest, target: Path) -> dict:
    progress = _Progress(ctx, request.bytes, len(request.files))
    progress.label = "into the RO-Crate"

    def report(done: int, total: int) -> None:
        progress.add(done - progress.sent)

    files = [(f.key, f.path) for f in request.files]
    root = Path(service.settings.root_dir)
    result = rocrate.export_crate(
        files, request.deposit, target, root, progress=report, cancelled=lambda: ctx.cancelled
    )
    service.remember(request.deposit)
    return {**result, "path": Path(result["path"]).relative_to(root).as_posix()}


def discard(service: PublishService, repository: str, result: dict) -> None:
    """Discard the draft an unfinished upload made; a draft already gone is fine."""
    draft = result.get("draft")
    if not draft or not service.registry.is_known(repository) or repository == ROCRATE:
        return
    with contextlib.suppress(NotFound):
        service.client(repository).discard_draft(draft)
