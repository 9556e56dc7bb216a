"""Where Rucio files are readable on this machine: through the destination RSE's mount (replica
mode) or in the per-user download folder (download mode)."""

from __future__ import annotations

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

    def downloaded(self, scope: str, name: str, size: int | None) -> Path | None:
        """The local path if the file is there complete (rucio-clients writes `.part` files
        and renames them only after the checksum matched); else None."""
        path = self.download_path(scope, name)
        try:
            stat = path.stat()
        except OSError:
            return None
        return path if size is None or stat.st_size == size else None

    def replica_path(self, pfn: str) -> Path:
        """The mounted path of a PFN on the destination RSE: the PFN's path with the configured
        `rse_path_prefix` replaced by `rse_mount_path`."""
        path = urlparse(pfn).path
        prefix = self.instance.rse_path_prefix.rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :]
        return Path(self.instance.rse_mount_path or "/") / path.lstrip("/")
