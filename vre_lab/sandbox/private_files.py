"""Files that may hold the sandbox password: owner-only, written atomically."""

from __future__ import annotations

import secrets
from pathlib import Path

from ..core.atomic import replace_file


def make_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)


def write_private_text(path: Path, text: str) -> None:
    make_private_dir(path.parent)
    replace_file(path, text, mode=0o600)


def load_or_create_password(path: Path) -> str:
    """A random password per sandbox home, created once and kept in a 0600 file."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(24)
    write_private_text(path, password + "\n")
    return password
