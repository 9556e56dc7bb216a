"""Filling a sandbox with the demo catalogue (see ``server_side/demo_catalog.py``), once, and
with bench DIDs in bulk (``server_side/seed_bulk.py``) when asked for more than it has."""

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


def _last_json_line(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def ensure_seeded(paths: SandboxPaths, bulk_dids: int = 0, timeout: float = 600.0) -> bool:
    """Seed unless done before (with at least ``bulk_dids`` bench files); True when it seeded.

    The demo catalogue goes through Rucio's REST API (rucio-clients, the client rucio.cfg); the
    bench files go straight into the database with Rucio's core API (the server rucio.cfg), in
    batches SQLite accepts: 100,000 take seconds. Both add only what is missing."""
    if not needs_seeding(paths, bulk_dids):
        return False
    previous = seed_summary(paths)
    if previous is None:
        output = run_server_script(
            paths,
            "seed_demo.py",
            "--storage",
            str(paths.storage_dir),
            timeout=timeout,
            rucio_config=paths.client_config,
        )
        summary = _last_json_line(output)
    else:
        summary = dict(previous)
    summary.setdefault("bulk_dids", 0)
    if bulk_dids > summary["bulk_dids"]:
        output = run_server_script(
            paths,
            "seed_bulk.py",
            "--count",
            str(bulk_dids),
            timeout=timeout,
            rucio_config=paths.server_config,
        )
        summary.update(_last_json_line(output))
    paths.seeded_marker.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return True
