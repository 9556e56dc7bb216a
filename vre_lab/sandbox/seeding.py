"""Filling a sandbox with the demo catalogue (see ``server_side/demo_catalog.py``), once."""

from __future__ import annotations

import json

from .paths import SandboxPaths
from .server_scripts import run_server_script


def seed_summary(paths: SandboxPaths) -> dict | None:
    """What the last complete seeding registered, or None when it never completed."""
    try:
        return json.loads(paths.seeded_marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def needs_seeding(paths: SandboxPaths, bulk_dids: int = 0) -> bool:
    previous = seed_summary(paths)
    return previous is None or previous.get("bulk_dids", 0) < bulk_dids


def ensure_seeded(paths: SandboxPaths, bulk_dids: int = 0, timeout: float = 600.0) -> bool:
    """Seed unless done before (with at least ``bulk_dids`` bench files); True when it seeded."""
    if not needs_seeding(paths, bulk_dids):
        return False
    previous = seed_summary(paths)
    extra = ["--bulk-dids", str(bulk_dids)] if bulk_dids else []
    output = run_server_script(
        paths,
        "seed_demo.py",
        "--storage",
        str(paths.storage_dir),
        *extra,
        timeout=timeout,
        rucio_config=paths.client_config,
    )
    summary = json.loads(output.strip().splitlines()[-1])
    summary["bulk_dids"] = max(bulk_dids, (previous or {}).get("bulk_dids", 0))
    paths.seeded_marker.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return True
