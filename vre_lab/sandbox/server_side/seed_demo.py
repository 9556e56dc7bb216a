"""Seed a sandbox with the demo catalogue through Rucio's REST API; safe to run again.

Run with the server venv's Python and RUCIO_CONFIG pointing at the sandbox's client rucio.cfg:
    python seed_demo.py --storage <home>/storage
Prints a JSON summary on stdout. Bench DIDs (``--bulk-dids``) are seeded by seed_bulk.py.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlparse

import demo_catalog as catalog
from rucio.client import Client
from rucio.common.exception import (
    DataIdentifierAlreadyExists,
    Duplicate,
    DuplicateContent,
    DuplicateRule,
    FileAlreadyExists,
)

ALREADY_THERE = (
    Duplicate,
    DataIdentifierAlreadyExists,
    DuplicateContent,
    DuplicateRule,
    FileAlreadyExists,
)
QUOTA_BYTES = 1_000_000_000_000


def tolerate_existing(call, *args, **kwargs) -> bool:
    """Run a create call; False when the thing was there already (seeding again)."""
    try:
        call(*args, **kwargs)
    except ALREADY_THERE:
        return False
    return True


def ensure_rse(client: Client, rse: str, prefix: Path) -> None:
    prefix.mkdir(parents=True, exist_ok=True)
    tolerate_existing(client.add_rse, rse, deterministic=True)
    if not any(p["scheme"] == "file" for p in client.get_rse(rse)["protocols"]):
        all_operations = {"read": 1, "write": 1, "delete": 1}
        client.add_protocol(
            rse,
            {
                "scheme": "file",
                "impl": "rucio.rse.protocols.posix.Default",
                "hostname": "",
                "port": 0,
                "prefix": f"{prefix}/",
                "domains": {"lan": all_operations, "wan": all_operations},
            },
        )
    client.set_local_account_limit(catalog.ACCOUNT, rse, QUOTA_BYTES)


def physical_path(client: Client, rse: str, scope: str, name: str) -> Path:
    """Where the RSE keeps this file: the server derives it from the name (lfn2pfn 'hash')."""
    pfns = client.lfns2pfns(rse, [f"{scope}:{name}"], operation="write", scheme="file")
    return Path(urlparse(next(iter(pfns.values()))).path)


def seed_dataset(client: Client, dataset: catalog.DemoDataset) -> int:
    """Write the dataset's files onto the RSE and register them; returns its total bytes."""
    tolerate_existing(client.add_dataset, dataset.scope, dataset.name)
    client.set_metadata_bulk(dataset.scope, dataset.name, dataset.metadata)
    replicas = []
    for name in dataset.file_names():
        data = catalog.event_csv(dataset, name)
        path = physical_path(client, catalog.RSE, dataset.scope, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        replicas.append(
            {
                "scope": dataset.scope,
                "name": name,
                "bytes": len(data),
                "adler32": catalog.adler32(data),
                "md5": catalog.md5(data),
                "meta": {"events": catalog.EVENTS_PER_FILE},
            }
        )
    tolerate_existing(client.add_replicas, catalog.RSE, replicas)
    if client.get_did(dataset.scope, dataset.name)["open"]:  # closed: seeded before
        files = [{"scope": r["scope"], "name": r["name"]} for r in replicas]
        tolerate_existing(client.attach_dids, dataset.scope, dataset.name, files)
        client.close(dataset.scope, dataset.name)  # fills bytes and length (no daemons run)
    return sum(r["bytes"] for r in replicas)


def seed_rules(client: Client) -> None:
    existing = {
        (rule["name"], rule["rse_expression"])
        for rule in client.list_account_rules(catalog.ACCOUNT)
    }
    wanted = [
        ("demo", catalog.CONTAINER, catalog.RSE, "demo: container pinned on the sandbox disk"),
        (catalog.USER_DATASET.scope, catalog.USER_DATASET.name, catalog.RSE, "user skim"),
        # never completes (no transfer daemons run): shows how a pending transfer looks
        ("demo", catalog.DATASETS[2].name, catalog.SCRATCH_RSE, "demo: waiting for transfer"),
    ]
    for scope, name, rse, comment in wanted:
        if (name, rse) not in existing:
            tolerate_existing(
                client.add_replication_rule,
                [{"scope": scope, "name": name}],
                copies=1,
                rse_expression=rse,
                comment=comment,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--storage", type=Path, required=True)
    args = parser.parse_args()

    client = Client()
    for rse in (catalog.RSE, catalog.SCRATCH_RSE):
        ensure_rse(client, rse, args.storage / rse)
    for scope in catalog.SCOPES:
        tolerate_existing(client.add_scope, catalog.ACCOUNT, scope)
    total_bytes = sum(seed_dataset(client, dataset) for dataset in catalog.ALL_DATASETS)
    tolerate_existing(client.add_container, "demo", catalog.CONTAINER)
    client.set_metadata_bulk("demo", catalog.CONTAINER, {"project": "higgs4l-open-data"})
    datasets = [{"scope": d.scope, "name": d.name} for d in catalog.CONTAINER_DATASETS]
    tolerate_existing(client.attach_dids, "demo", catalog.CONTAINER, datasets)
    seed_rules(client)
    summary = {
        "rses": [catalog.RSE, catalog.SCRATCH_RSE],
        "scopes": list(catalog.SCOPES),
        "container": f"demo:{catalog.CONTAINER}",
        "datasets": [d.did for d in catalog.ALL_DATASETS],
        "files": sum(d.files for d in catalog.ALL_DATASETS),
        "bytes": total_bytes,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
