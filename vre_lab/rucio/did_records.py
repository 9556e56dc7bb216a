"""What the workflow slice asks of Rucio about the data a run read: each DID as Rucio describes it
now (type, bytes, file count, a file's adler32 and md5, and for a collection a sha256 over its
files' names and checksums), compared with what a run recorded, and made available again before
a reproduction re-runs it.

Every method blocks (it talks to Rucio); callers are job threads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ..core.errors import NotFound, VRELabError
from .dids import parse_did
from .service import RucioService
from .transfers import make_available

MAX_LISTED_FILES = 10_000  # beyond this a collection is recorded by its size and count only
COMPARED = ("type", "bytes", "files", "adler32", "md5", "files_sha256")


class DidRecords:
    def __init__(self, service: RucioService):
        self.service = service

    def instance_for(self, named: str | None) -> str | None:
        """The instance a record names when it is configured here, else the default one."""
        registry = self.service.registry
        if named and registry.instances.get(named) is not None:
            return named
        return registry.default if registry.instances else None

    def describe(self, entries: list[dict]) -> list[dict]:
        """Each `{did, instance?}` as Rucio describes it now; `missing: true` when Rucio does not
        know it, `unresolved: why` when Rucio could not be asked (the run goes on)."""
        return [self.describe_one(entry) for entry in entries]

    def describe_one(self, entry: dict) -> dict:
        did = str(entry["did"])
        instance = self.instance_for(entry.get("instance"))
        if instance is None:
            return {"did": did, "unresolved": "No Rucio instance is configured here"}
        found = {"did": did, "instance": instance}
        try:
            parsed = parse_did(did)
            with self.service.gateway(instance).session() as client:
                info = client.get_did(parsed.scope, parsed.name, dynamic_depth="FILE")
                kind = str(info.get("type") or "").lower()
                found.update(type=kind, bytes=info.get("bytes"), files=info.get("length"))
                if kind == "file":
                    found.update(files=1, adler32=info.get("adler32"), md5=info.get("md5"))
                elif (info.get("length") or 0) <= MAX_LISTED_FILES:
                    found["files_sha256"] = _files_digest(client.list_files(*_split(did)))
        except NotFound:
            return {**found, "missing": True}
        except VRELabError as e:
            return {**found, "unresolved": e.message}
        return found

    def compare(self, recorded: dict) -> dict:
        """The recorded DID against Rucio now: `same`, `differs` (with both), `missing`,
        `found` (nothing recorded to compare) or `unchecked` (Rucio could not be asked)."""
        now = self.describe_one(recorded)
        verdict = {"did": recorded["did"], "instance": now.get("instance"), "recorded": recorded}
        if now.get("missing"):
            return {**verdict, "verdict": "missing"}
        if now.get("unresolved"):
            return {**verdict, "verdict": "unchecked", "why": now["unresolved"]}
        keys = [k for k in COMPARED if recorded.get(k) is not None and now.get(k) is not None]
        if not keys:
            return {**verdict, "verdict": "found", "now": now}
        same = all(recorded[k] == now[k] for k in keys)
        return {**verdict, "verdict": "same" if same else "differs", "now": now}

    def make_available(
        self, instance: str, did: str, progress: Callable[[float | None, str | None], None]
    ) -> dict:
        return make_available(self.service, instance, did, None, progress)


def _split(did: str) -> tuple[str, str]:
    parsed = parse_did(did)
    return parsed.scope, parsed.name


def _files_digest(rows) -> str:
    """sha256 over the sorted `scope:name adler32 bytes` lines of a collection's files: equal
    exactly when the collection holds the same files with the same content."""
    lines = sorted(
        f"{row['scope']}:{row['name']} {row.get('adler32')} {row.get('bytes')}\n" for row in rows
    )
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
    return digest.hexdigest()
