"""Where Rucio files are readable on this machine: through the destination RSE's mount (replica
mode) or in the per-user download folder (download mode)."""

from __future__ import annotations

import functools
import hashlib
import zlib
from pathlib import Path
from urllib.parse import urlparse

from ..core.errors import BadRequest
from .instances import RucioInstance


class LocalLayout:
    def __init__(self, instance: RucioInstance, download_dir: Path):
        self.instance = instance
        self.download_dir = Path(download_dir).expanduser()

    def download_path(self, scope: str, name: str) -> Path:
        """`<download dir>/<scope>/<name>`: the same file always lands in the same place."""
        base = self.download_dir / scope
        path = base / name
        if ".." in Path(name).parts or not path.resolve().is_relative_to(base.resolve()):
            raise BadRequest(f"The Rucio name {name!r} cannot be stored locally", code="bad_did")
        return path

    def downloaded(
        self,
        scope: str,
        name: str,
        size: int | None,
        adler32: str | None = None,
        md5: str | None = None,
    ) -> Path | None:
        """The local path if the file is there whole: the size Rucio knows and, when Rucio knows
        one, its checksum (a copy damaged after the download must be fetched again); else None.
        The checksum verdict is kept for as long as the file's size and mtime stay the same."""
        path = self.download_path(scope, name)
        try:
            stat = path.stat()
        except OSError:
            return None
        if size is not None and stat.st_size != size:
            return None
        if adler32 or md5:
            key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
            if not _checksums_match(key, (adler32 or "").lower(), (md5 or "").lower()):
                return None
        return path

    def downloaded_entry(self, entry: dict) -> Path | None:
        """`downloaded` for a file as Rucio lists it (scope, name, bytes, adler32, md5)."""
        return self.downloaded(
            entry["scope"],
            entry["name"],
            entry.get("bytes"),
            entry.get("adler32"),
            entry.get("md5"),
        )

    def replica_path(self, pfn: str) -> Path:
        """The mounted path of a PFN on the destination RSE: the PFN's path with the configured
        `rse_path_prefix` replaced by `rse_mount_path`."""
        path = urlparse(pfn).path
        prefix = self.instance.rse_path_prefix.rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :]
        return Path(self.instance.rse_mount_path or "/") / path.lstrip("/")


@functools.lru_cache(maxsize=100_000)
def _checksums_match(key: tuple, adler32: str, md5: str) -> bool:
    """Whether the file (`key` = path, size, mtime, inode) has these checksums (adler32 first:
    Rucio always has it and it is the cheaper)."""
    running, digest = 1, hashlib.md5(usedforsecurity=False)
    try:
        with open(key[0], "rb") as f:
            while chunk := f.read(1024 * 1024):
                if adler32:
                    running = zlib.adler32(chunk, running)
                else:
                    digest.update(chunk)
    except OSError:
        return False
    if adler32:
        return f"{running:08x}" == adler32.zfill(8)
    return digest.hexdigest() == md5
