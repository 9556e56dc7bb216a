"""Where the chosen files come from: the Rucio DIDs their notebooks imported (the Data panel keeps
them in a notebook's metadata, ``vre_lab.rucio``), as related identifiers of the record
(``urn:rucio:SCOPE:NAME``, *is derived from*, a dataset).

Reading is bounded (so many entries looked at, so many notebooks read, so large a notebook, so
many bytes in all) and never follows a link out of the root: choosing a big folder costs a
moment, not minutes.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from ..core import files
from ..core.errors import VRELabError
from ..core.paths import confine
from .metadata import identifier_is_valid

log = logging.getLogger(__name__)

MAX_ENTRIES = 5000  # files and folders looked at
MAX_NOTEBOOKS = 200
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024  # larger ones (big outputs) are skipped
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # read in all
_DID = re.compile(r"[\w.\-]+:[^\s:][^\s]*")


def dataset_identifier(did: str) -> dict:
    return {
        "identifier": f"urn:rucio:{did}",
        "scheme": "urn",
        "relation_type": {"id": "isderivedfrom"},
        "resource_type": {"id": "dataset"},
    }


def notebook_attachments(notebook: Path) -> list[dict]:
    """The DIDs a notebook imported, in its order, as `{did, instance?}`; nothing when it is not a
    readable notebook (or is a link)."""
    try:
        content = json.loads(files.read_text(notebook.parent, notebook.name, MAX_NOTEBOOK_BYTES))
    except (OSError, ValueError, VRELabError):
        return []
    metadata = content.get("metadata") if isinstance(content, dict) else None
    ours = metadata.get("vre_lab") if isinstance(metadata, dict) else None
    attached = ours.get("rucio") if isinstance(ours, dict) else None
    if not isinstance(attached, list):
        return []
    found = []
    for entry in attached:
        did = entry.get("did") if isinstance(entry, dict) else None
        if isinstance(did, str) and _DID.fullmatch(did):
            instance = entry.get("instance")
            found.append({"did": did, **({"instance": instance} if _named(instance) else {})})
    return found


def _named(instance) -> bool:
    return isinstance(instance, str) and re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", instance) is not None


def _notebooks(root: Path, paths: list[str]):
    """The notebooks among the chosen paths and in the chosen folders (hidden ones skipped)."""
    seen = 0
    for path in paths:
        try:
            chosen = confine(root, path)
        except VRELabError:
            continue
        if files.is_file(root, chosen):
            if chosen.suffix == ".ipynb":
                yield chosen, path
            continue
        for folder, dirs, names in os.walk(chosen):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            seen += len(dirs) + len(names)
            if seen > MAX_ENTRIES:
                log.info("Prefill: stopped looking for notebooks after %d entries", MAX_ENTRIES)
                return
            for name in sorted(names):
                if name.endswith(".ipynb") and not name.startswith("."):
                    source = (Path(folder) / name).relative_to(root).as_posix()
                    try:
                        yield confine(root, source), source
                    except VRELabError:
                        continue  # a link that leads out of the root


def attached_dids(root: Path, paths: list[str]) -> tuple[list[dict], list[str]]:
    """The DIDs the chosen notebooks imported (`{did, instance?}`, each DID once), and the
    notebooks that named any (relative to root)."""
    root = Path(root).resolve()
    found: dict[str, dict] = {}
    sources: list[str] = []
    budget = MAX_TOTAL_BYTES
    for count, (notebook, source) in enumerate(_notebooks(root, paths)):
        if count >= MAX_NOTEBOOKS:
            break
        try:
            size = notebook.stat().st_size
        except OSError:
            continue
        if size > MAX_NOTEBOOK_BYTES:
            continue
        if size > budget:
            log.info("Prefill: stopped reading notebooks after %d bytes", MAX_TOTAL_BYTES - budget)
            break
        budget -= size
        attached = notebook_attachments(notebook)
        if attached:
            sources.append(source)
            for entry in attached:
                found.setdefault(entry["did"], entry)
    return list(found.values()), sources


def related_datasets(root: Path, paths: list[str]) -> tuple[list[dict], list[str]]:
    """The related identifiers of the DIDs the chosen notebooks imported, and the notebooks that
    named any (relative to root)."""
    attached, sources = attached_dids(root, paths)
    related = [dataset_identifier(entry["did"]) for entry in attached]
    return [r for r in related if identifier_is_valid("urn", r["identifier"])], sources


def merge_related(first: list, more: list[dict]) -> list:
    """``first`` (e.g. from CITATION.cff) then those of ``more`` it does not already name."""
    first = [item for item in first if isinstance(item, dict)]
    named = {item.get("identifier") for item in first}
    return first + [item for item in more if item["identifier"] not in named]
