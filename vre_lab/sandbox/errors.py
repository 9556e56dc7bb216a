"""The one exception type the sandbox raises for problems a user can act on."""

from pathlib import Path


class SandboxError(RuntimeError):
    pass


def tail(path: Path, lines: int = 20) -> str:
    """The last lines of a log file, to explain a failure without sending the user hunting."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
