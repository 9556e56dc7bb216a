"""Confinement of every path a request names to the server's root directory."""

from pathlib import Path, PurePosixPath

from .errors import BadRequest, Forbidden


def confine(root: str | Path, requested: str) -> Path:
    """Return the real path of `requested` (an API path relative to `root`) if it stays inside
    `root` once `..` and symbolic links are resolved; refuse it otherwise."""
    if not isinstance(requested, str) or "\x00" in requested:
        raise BadRequest("The path is not valid")
    if PurePosixPath(requested).is_absolute() or Path(requested).is_absolute():
        raise Forbidden("Absolute paths are not allowed; give a path relative to the server root")
    base = Path(root).resolve(strict=True)
    candidate = (base / requested).resolve()
    if not candidate.is_relative_to(base):
        raise Forbidden("The path leads outside the server root")
    return candidate
