"""A record's files into a folder of the workspace (a `zenodo-download` job): each file is written
through the confined file API, its MD5 checked against the repository's before it takes its name."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from ..core.errors import BackendError, BadRequest
from ..core.files import write_atomic
from ..core.job_runner import JobContext
from .service import PublishService


def safe_key(key: str) -> PurePosixPath:
    parts = [p for p in PurePosixPath(key).parts if p not in ("/", ".")]
    if not parts or ".." in parts:
        raise BadRequest(f"{key!r} is not a file of the record")
    return PurePosixPath(*parts)


def chosen(entries: list[dict], keys: list[str] | None) -> list[dict]:
    if not keys:
        return entries
    by_key = {entry["key"]: entry for entry in entries}
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise BadRequest(f"The record has no file {missing[0]!r}")
    return [by_key[key] for key in keys]


def _checked(chunks: Iterable[bytes], checksum: str | None, key: str) -> Iterator[bytes]:
    digest = hashlib.md5(usedforsecurity=False)
    for chunk in chunks:
        digest.update(chunk)
        yield chunk
    if checksum and checksum.startswith("md5:") and digest.hexdigest() != checksum[4:]:
        raise BackendError(f"{key} arrived damaged (its checksum does not match); try again")


def download(
    ctx: JobContext,
    service: PublishService,
    repository: str,
    record_id: str,
    entries: list[dict],
    target_dir: Path,
) -> dict:
    root = Path(service.settings.root_dir)
    client = service.client(repository, token_needed=False)
    written = []
    total = max(sum(int(e.get("size") or 0) for e in entries), 1)
    done = 0
    for number, entry in enumerate(entries, 1):
        key = entry["key"]
        ctx.progress(done / total, f"Downloading {number}/{len(entries)}: {key}")
        relative = (target_dir / safe_key(key)).relative_to(root).as_posix()
        chunks = _checked(client.file_content(record_id, key), entry.get("checksum"), key)
        done += write_atomic(root, relative, chunks, lambda: ctx.cancelled)
        written.append(relative)
    return {"destination": target_dir.relative_to(root).as_posix(), "files": written}
