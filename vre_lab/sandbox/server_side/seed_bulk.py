"""Register N bench file DIDs in scope ``bench`` in bulk, straight into the database; safe to
run again (only what is missing is added).

Run with the server venv's Python and RUCIO_CONFIG pointing at the sandbox's *server* rucio.cfg
(its database), while the server runs or not:
    python seed_bulk.py --count N [--rse SANDBOX_DISK]
Prints a JSON summary on stdout.

The files are ``bench:bulk.file_NNNNNNN.root`` (1024 bytes, adler32 00000001, no bytes on disk),
each with an AVAILABLE replica on the RSE and attached to the open dataset ``bench:bulk-dids``:
what ``add_replicas`` and ``attach_dids`` through the REST API register, without 250-row
chunks (SQLite rejects Rucio's OR-ed lookups beyond that) and one HTTP round trip per chunk.
DIDs and replicas are inserted with executemany into Rucio's own tables (the rows
``rucio.core.replica.add_replicas`` writes for new files, without its ORM object per file);
attaching goes through ``rucio.core.did.attach_dids`` (a temporary table, no OR-ed lookup), so
its checks and its rule re-evaluation entry stay Rucio's. On a 2-CPU machine 100,000 files take
about 10 s (through the REST API in chunks of 250: 65 s).
"""

from __future__ import annotations

import argparse
import json
import time

import demo_catalog as catalog
from rucio.common.types import InternalAccount, InternalScope
from rucio.core.did import add_did, attach_dids
from rucio.core.rse import get_rse_id
from rucio.core.rse_counter import increase
from rucio.core.scope import add_scope
from rucio.db.sqla import models
from rucio.db.sqla.constants import DIDType, ReplicaState
from rucio.db.sqla.session import transactional_session
from sqlalchemy import insert, select

SCOPE = "bench"
DATASET = "bulk-dids"
NAME = "bulk.file_{:07d}.root"
BYTES = 1024
ADLER32 = "00000001"
BATCH = 50_000  # files per transaction: bounded statements for millions, 2 commits for 100k


@transactional_session
def ensure_scope_and_dataset(scope, account, *, session) -> None:
    if session.get(models.Scope, scope) is None:
        add_scope(scope, account, session=session)
    if session.get(models.DataIdentifier, (scope, DATASET)) is None:
        add_did(scope, DATASET, DIDType.DATASET, account, session=session)


@transactional_session
def present(scope, rse_id, *, session) -> tuple[set[str], set[str], set[str]]:
    """Names of the scope's file DIDs, of its replicas on the RSE, and of the dataset's files."""
    dids = select(models.DataIdentifier.name).where(
        models.DataIdentifier.scope == scope, models.DataIdentifier.did_type == DIDType.FILE
    )
    replicas = select(models.RSEFileAssociation.name).where(
        models.RSEFileAssociation.scope == scope, models.RSEFileAssociation.rse_id == rse_id
    )
    attached = select(models.DataIdentifierAssociation.child_name).where(
        models.DataIdentifierAssociation.scope == scope,
        models.DataIdentifierAssociation.name == DATASET,
    )
    return tuple(set(session.execute(stmt).scalars()) for stmt in (dids, replicas, attached))


@transactional_session
def add_batch(names, scope, account, rse_id, have, *, session) -> int:
    """One transaction: the batch's missing DIDs, replicas and attachments. Returns how many
    of the names were not attached before."""
    dids, replicas, attached = have
    new_dids = [
        {"scope": scope, "name": name, "account": account, "did_type": DIDType.FILE,
         "bytes": BYTES, "adler32": ADLER32, "is_new": None}
        for name in names if name not in dids
    ]  # fmt: skip
    if new_dids:
        session.execute(insert(models.DataIdentifier.__table__), new_dids)
    new_replicas = [
        {"rse_id": rse_id, "scope": scope, "name": name, "bytes": BYTES, "adler32": ADLER32,
         "state": ReplicaState.AVAILABLE, "lock_cnt": 0, "tombstone": None}
        for name in names if name not in replicas
    ]  # fmt: skip
    if new_replicas:
        session.execute(insert(models.RSEFileAssociation.__table__), new_replicas)
        increase(rse_id, files=len(new_replicas), bytes_=BYTES * len(new_replicas), session=session)
    to_attach = [{"scope": scope, "name": name} for name in names if name not in attached]
    if to_attach:
        attach_dids(scope, DATASET, to_attach, account, session=session)
    return len(to_attach)


def seed(count: int, rse: str) -> dict:
    started = time.perf_counter()
    scope, account = InternalScope(SCOPE), InternalAccount(catalog.ACCOUNT)
    ensure_scope_and_dataset(scope, account)
    rse_id = get_rse_id(rse=rse)
    have = present(scope, rse_id)
    names = [NAME.format(index) for index in range(count)]
    missing = [n for n in names if not all(n in names_set for names_set in have)]
    added = 0
    for start in range(0, len(missing), BATCH):
        added += add_batch(missing[start : start + BATCH], scope, account, rse_id, have)
    return {
        "bulk_dids": count,
        "bulk_dids_added": added,
        "bulk_seconds": round(time.perf_counter() - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--rse", default=catalog.RSE)
    args = parser.parse_args()
    print(json.dumps(seed(args.count, args.rse)))


if __name__ == "__main__":
    main()
