"""Confinement of every path a request names to the server's root directory."""

from pathlib import Path, PurePosixPath

from .errors import BadRequest, Forbidden

MAX_NAME = 255  # bytes in one file name on common file systems; longer ones raise on stat
MAX_PATH = 4096  # PATH_MAX on Linux, in bytes, with the final NUL


def confine(root: str | Path, requested: str) -> Path:
    """Return the real path of `requested` (an API path relative to `root`) if it stays inside
    `root` once `..` and symbolic links are resolved; refuse it otherwise."""
    if not isinstance(requested, str) or "\x00" in requested:
        raise BadRequest("The path is not valid")
    try:
        parts = requested.encode("utf-8", "surrogateescape").split(b"/")
    except UnicodeEncodeError as e:
        raise BadRequest("The path is not valid: it holds a character that is no text") from e
    if PurePosixPath(requested).is_absolute() or Path(requested).is_absolute():
        raise Forbidden("Absolute paths are not allowed; give a path relative to the server root")
    base = Path(root).resolve(strict=True)
    # the whole path, root included, must fit PATH_MAX, or every later stat or open would fail
    whole = len(bytes(base)) + 1 + sum(len(part) + 1 for part in parts)
    if whole >= MAX_PATH or any(len(part) > MAX_NAME for part in parts):
        raise BadRequest("The path is too long")
    try:
        candidate = (base / requested).resolve()
    except OSError as e:  # a link loop, or links that lengthen the path past PATH_MAX
        raise BadRequest("The path cannot be resolved") from e
    if not candidate.is_relative_to(base):
        raise Forbidden("The path leads outside the server root")
    return candidate
