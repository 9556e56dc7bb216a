"""Files of a workflow's workspace, addressed as REANA addresses them (relative paths, globs)."""

from __future__ import annotations

import glob
import os
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from .engine import TIME_FORMAT, human_size


class WorkspaceError(ValueError):
    """A path that leaves the workspace (REANA answers 400)."""


def relative(path: str) -> PurePosixPath:
    """``path`` made relative to the workspace; absolute paths count from its root."""
    pure = PurePosixPath(path.lstrip("/"))
    if not pure.parts or ".." in pure.parts:
        raise WorkspaceError(f"Path {path} is not valid: it must stay inside the workspace.")
    return pure


def file_info(root: Path, name: str) -> dict:
    stat = (root / name).lstat()
    return {
        "name": name,
        "size": {"raw": stat.st_size, "human_readable": human_size(stat.st_size)},
        "last-modified": datetime.fromtimestamp(stat.st_mtime, timezone.utc).strftime(TIME_FORMAT),
    }


def walk_files(root: Path, below: Path | None = None) -> list[str]:
    """Every file under ``below`` (default: the whole workspace), relative, sorted."""
    start = below or root
    names = []
    for folder, _dirs, files in os.walk(start):
        for file in files:
            names.append(Path(folder, file).relative_to(root).as_posix())
    return sorted(names)


def matching_files(root: Path, pattern: str) -> list[str]:
    """REANA's glob_or_walk_directory: a folder means all files in it, else a glob."""
    pattern = relative(pattern).as_posix()
    target = root / pattern
    if target.is_dir():
        return walk_files(root, target)
    found = glob.glob(pattern, root_dir=root, recursive=True)
    return sorted(name for name in found if (root / name).is_file())


def matches_search(info: dict, search: dict[str, list[str]]) -> bool:
    fields = {
        "name": info["name"],
        "size": str(info["size"]["raw"]),
        "last-modified": info["last-modified"],
    }
    return all(
        needle.casefold() in fields.get(key, "").casefold()
        for key, needles in search.items()
        for needle in needles
    )


def size_of(root: Path) -> int:
    return sum((root / name).lstat().st_size for name in walk_files(root)) if root.exists() else 0


def zip_files(root: Path, names: list[str], scratch: Path) -> Path:
    """A zip of ``names`` in a temporary file under ``scratch`` (the caller deletes it)."""
    scratch.mkdir(parents=True, exist_ok=True)
    fd, path = tempfile.mkstemp(dir=scratch, suffix=".zip")
    os.close(fd)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.write(root / name, arcname=name)
    return Path(path)
