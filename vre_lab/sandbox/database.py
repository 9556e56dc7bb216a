"""Creating the sandbox's SQLite database, once per home."""

from __future__ import annotations

from .paths import SandboxPaths
from .server_scripts import run_server_script


def ensure_database(paths: SandboxPaths, timeout: float = 120.0) -> bool:
    """Build the schema, VO and root account once; True when it did. A half-built one is redone."""
    if paths.database_ready_marker.exists():
        return False
    paths.database.unlink(missing_ok=True)
    run_server_script(
        paths, "bootstrap_database.py", timeout=timeout, rucio_config=paths.server_config
    )
    paths.database_ready_marker.write_text("", encoding="utf-8")
    return True
