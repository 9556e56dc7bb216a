"""What a sandbox remembers between commands (the port it last listened on)."""

from __future__ import annotations

import json

from .paths import SandboxPaths


def read_state(paths: SandboxPaths) -> dict:
    try:
        return json.loads(paths.state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def remembered_port(paths: SandboxPaths) -> int | None:
    port = read_state(paths).get("port")
    return port if isinstance(port, int) else None


def remember_port(paths: SandboxPaths, port: int) -> None:
    state = read_state(paths) | {"port": port}
    paths.state_file.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
