"""The one confined file API: every read and write of a path a user named goes through here.

A path is resolved inside the root (`confine`); a read opens the resolved file with `O_NOFOLLOW`
and checks, on the open descriptor, that it is a regular file still inside the root; a write never
follows a link at its final name, writes into a temporary with a unique name from `tempfile` in
the target folder (created with `O_EXCL`, so a planted file or link is never opened) and renames
it into place only when complete, so no partial file ever looks like a result."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .atomic import replacing
from .errors import BadRequest, Forbidden, NotFound
from .job_runner import JobCancelled
from .paths import confine

CHUNK = 1024 * 1024
FILE_MODE = 0o644


def relative_to_root(root: str | Path, path: str | Path) -> str:
    """`path` (relative, or absolute inside `root`) as the API path relative to `root`."""
    if isinstance(path, Path) and path.is_absolute():
        base = Path(root).resolve()
        if not path.is_relative_to(base):
            raise Forbidden("The path leads outside the server root")
        return path.relative_to(base).as_posix()
    return str(path)


def _inside(root: Path, fd: int) -> bool:
    real = os.path.realpath(f"/proc/self/fd/{fd}")
    return not os.path.exists(f"/proc/self/fd/{fd}") or Path(real).is_relative_to(root)


@contextmanager
def open_read(root: str | Path, path: str | Path) -> Iterator[IO[bytes]]:
    """The confined file `path` open for reading; links out of the root, folders and devices
    are refused."""
    base = Path(root).resolve()
    target = confine(base, relative_to_root(base, path))
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError as e:
        raise NotFound(f"{relative_to_root(base, path)!r} does not exist") from e
    except OSError as e:
        raise Forbidden(f"{relative_to_root(base, path)!r} cannot be read") from e
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BadRequest(f"{relative_to_root(base, path)!r} is not a file")
        if not _inside(base, fd):
            raise Forbidden("The path leads outside the server root")
        os.set_blocking(fd, True)
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        yield file


def is_file(root: str | Path, path: str | Path) -> bool:
    """Whether `path` is a regular file inside the root (a link out of it is not)."""
    try:
        with open_read(root, path):
            return True
    except (BadRequest, Forbidden, NotFound):
        return False


def read_bytes(root: str | Path, path: str | Path, limit: int | None = None) -> bytes:
    """The content of a confined file; `limit` refuses files larger than that many bytes."""
    with open_read(root, path) as f:
        if limit is not None and os.fstat(f.fileno()).st_size > limit:
            raise BadRequest(f"{Path(str(path)).name} is larger than {limit} bytes")
        return f.read()


def read_text(root: str | Path, path: str | Path, limit: int | None = None) -> str:
    return read_bytes(root, path, limit).decode("utf-8")


def chunks(root: str | Path, path: str | Path) -> Iterator[bytes]:
    with open_read(root, path) as f:
        while chunk := f.read(CHUNK):
            yield chunk


def writable_target(root: str | Path, path: str | Path) -> Path:
    """Where a write of `path` lands: its folder confined (and created), the final name taken
    literally and refused when it is a link or a folder. Call it before answering 202."""
    base = Path(root).resolve()
    relative = relative_to_root(base, path).rstrip("/")
    folder_part, _, name = relative.rpartition("/")
    if not name or name in (".", ".."):
        raise BadRequest(f"{relative!r} is not a file name")
    confine(base, relative)  # length, NUL, absolute and `..` checks on the whole path
    folder = confine(base, folder_part) if folder_part else base
    if folder.exists() and not folder.is_dir():
        raise BadRequest(f"{folder_part!r} is a file, not a folder")
    target = folder / name
    if target.is_symlink():
        raise Forbidden(f"{relative!r} is a symbolic link; vre-lab does not write through links")
    if target.is_dir():
        raise BadRequest(f"{relative!r} is a folder")
    return target


@contextmanager
def atomic_file(root: str | Path, path: str | Path, mode: int = FILE_MODE) -> Iterator[IO[bytes]]:
    """A new file for the confined `path`: a unique hidden temporary in the target folder, renamed
    into place when the block ends without an error and removed otherwise. Concurrent writes
    never share a temporary."""
    target = writable_target(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target = writable_target(root, path)  # again: the folders now exist and may not be links
    with replacing(target, mode) as f:
        yield f


def write_atomic(
    root: str | Path,
    path: str | Path,
    content: Iterable[bytes],
    cancelled: Callable[[], bool] = lambda: False,
    mode: int = FILE_MODE,
) -> int:
    """Write `content` to the confined `path` (see `atomic_file`); returns the bytes written."""
    written = 0
    with atomic_file(root, path, mode) as f:
        for chunk in content:
            if cancelled():
                raise JobCancelled()
            f.write(chunk)
            written += len(chunk)
    return written


def write_text(root: str | Path, path: str | Path, text: str, mode: int = FILE_MODE) -> int:
    return write_atomic(root, path, [text.encode("utf-8")], mode=mode)


def make_folder(root: str | Path, path: str | Path) -> Path:
    """Create the confined folder `path` (and its parents); refuses a file in the way."""
    base = Path(root).resolve()
    relative = relative_to_root(base, path)
    folder = confine(base, relative)
    if folder.exists() and not folder.is_dir():
        raise BadRequest(f"{relative!r} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    return confine(base, relative)
