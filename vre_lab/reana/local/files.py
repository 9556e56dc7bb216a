"""Files of local runs: the inputs copied into a new workspace, and the workspace's contents.

Inputs are named relative to the folder of reana.yaml, as reana-client uploads them, and keep that
relative path in the workspace. Every input must stay inside that folder and the server root once
symbolic links are followed: `../`, absolute paths and links that lead out are refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ...core import files as core_files
from ...core.errors import BadRequest, NotFound


@dataclass
class CopyItem:
    source: Path  # the real path of the file
    target: PurePosixPath  # relative to the workspace
    size: int


@dataclass
class CopyPlan:
    root: Path  # the server root: every source is read confined to it
    files: list[CopyItem]
    directories: list[PurePosixPath]  # to create even when empty

    @property
    def total_bytes(self) -> int:
        return sum(item.size for item in self.files)


def _relative(given: object, what: str) -> PurePosixPath:
    if not isinstance(given, str) or not given.strip() or "\x00" in given:
        raise BadRequest(f"An entry of inputs.{what} is not a valid path: {given!r}")
    path = PurePosixPath(given)
    if path.is_absolute() or Path(given).is_absolute() or given.startswith("~"):
        raise BadRequest(
            f"Input {given!r} is an absolute path; name inputs relative to the folder of reana.yaml"
        )
    if ".." in path.parts:
        raise BadRequest(f"Input {given!r} leads out of the folder of reana.yaml ('..')")
    return PurePosixPath(*[part for part in path.parts if part != "."])


def _inside(path: Path, *bases: Path) -> bool:
    return all(path == base or path.is_relative_to(base) for base in bases)


def _skipped(path: Path, skip: tuple[Path, ...]) -> bool:
    return any(path == s or path.is_relative_to(s) for s in skip)


def plan_copy(
    source_dir: Path,
    root_dir: Path,
    files: object,
    directories: object,
    skip: tuple[Path, ...] = (),
) -> CopyPlan:
    """Check every input and list what to copy. `source_dir` and `root_dir` are resolved; paths
    inside `skip` (the runs' own folders) are left out of copied directories."""
    plan = CopyPlan(root=root_dir, files=[], directories=[])
    for key, value in (("files", files), ("directories", directories)):
        if value is not None and not isinstance(value, list):
            raise BadRequest(f"inputs.{key} must be a list of paths")

    def resolve(given: str, rel: PurePosixPath) -> Path:
        real = (source_dir / rel).resolve()
        if not _inside(real, source_dir, root_dir):
            raise BadRequest(
                f"Input {given!r} is a symbolic link that leads out of the folder of reana.yaml"
            )
        if not real.exists():
            raise BadRequest(f"Input {given!r} does not exist next to reana.yaml")
        return real

    for given in files or []:
        rel = _relative(given, "files")
        if not rel.parts:
            raise BadRequest(f"Input file {given!r} is a directory; list it in inputs.directories")
        real = resolve(given, rel)
        if not real.is_file():
            raise BadRequest(
                f"Input file {given!r} is not a file; list folders in inputs.directories"
            )
        plan.files.append(CopyItem(real, rel, real.stat().st_size))

    for given in directories or []:
        rel = _relative(given, "directories")
        real = resolve(given, rel)
        if not real.is_dir():
            raise BadRequest(f"Input directory {given!r} is not a directory")
        plan.directories.append(rel)
        _walk(real, rel, given, source_dir, root_dir, skip, plan, {real})
    return plan


def _walk(
    directory: Path,
    rel: PurePosixPath,
    given: str,
    source_dir: Path,
    root_dir: Path,
    skip: tuple[Path, ...],
    plan: CopyPlan,
    seen: set[Path],
) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as e:
        raise BadRequest(f"Input directory {given!r} cannot be read: {e.strerror}") from e
    for entry in entries:
        path = Path(entry.path)
        real = path.resolve()
        target = rel / entry.name
        if not _inside(real, source_dir, root_dir):
            raise BadRequest(
                f"{target} (in input directory {given!r}) is a symbolic link that leads out of"
                " the folder of reana.yaml"
            )
        if _skipped(real, skip):
            continue
        if real.is_dir():
            if real in seen:  # a link back up: a loop
                continue
            plan.directories.append(target)
            _walk(real, target, given, source_dir, root_dir, skip, plan, seen | {real})
        elif real.is_file():
            plan.files.append(CopyItem(real, target, real.stat().st_size))
        # sockets, fifos, devices and broken links are not data: left out


def copy_inputs(
    plan: CopyPlan, workspace: Path, progress: Callable[[float, str], None] | None = None
) -> None:
    total = plan.total_bytes
    count = len(plan.files)
    for rel in plan.directories:
        (workspace / rel).mkdir(parents=True, exist_ok=True)
    done = 0
    for number, item in enumerate(plan.files, start=1):
        # read and written through the confined file API: a source swapped for a link out of the
        # root since it was planned is refused, and the copy is complete or absent
        info = item.source.stat(follow_symlinks=False)
        content = core_files.chunks(plan.root, item.source)
        target = item.target.as_posix()
        core_files.write_atomic(workspace, target, content, mode=stat.S_IMODE(info.st_mode))
        os.utime(workspace / target, ns=(info.st_atime_ns, info.st_mtime_ns))  # as copy2 kept
        done += item.size
        if progress:
            fraction = done / total if total else number / count
            progress(fraction, f"Copying inputs: {number} of {count} files ({item.target})")


def iso_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="milliseconds")


def walk_files(workspace: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file below `workspace` (not following links to folders), named relative to it."""
    if not workspace.is_dir():
        return
    for folder, dirs, names in os.walk(workspace):
        dirs.sort()
        base = Path(folder)
        for name in names:
            path = base / name
            try:
                info = path.lstat()
            except OSError:
                continue  # removed meanwhile
            yield path.relative_to(workspace).as_posix(), info


def tree_size(workspace: Path) -> int:
    return sum(info.st_size for _, info in walk_files(workspace))


def list_workspace(workspace: Path, search: str = "") -> list[dict]:
    needle = search.casefold()
    items = [
        {"name": name, "size": info.st_size, "last_modified": iso_time(info.st_mtime)}
        for name, info in walk_files(workspace)
        if needle in name.casefold()
    ]
    items.sort(key=lambda item: item["name"])
    return items


def workspace_file(workspace: Path, name: object) -> Path:
    """The real path of a workspace file; it must stay inside the workspace."""
    if not isinstance(name, str) or not name or "\x00" in name:
        raise BadRequest("The file name is not valid")
    if PurePosixPath(name).is_absolute() or Path(name).is_absolute():
        raise BadRequest("Give the file's path relative to the workspace, not an absolute path")
    if not workspace.is_dir():
        raise NotFound("The run's workspace no longer exists")
    base = workspace.resolve()
    candidate = (base / name).resolve()
    if not _inside(candidate, base):
        raise BadRequest("The path leads outside the run's workspace")
    if not candidate.is_file():
        raise NotFound(f"There is no file {name!r} in the run's workspace")
    return candidate
