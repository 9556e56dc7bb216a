"""Where the chosen files come from: the Rucio DIDs their notebooks imported, as related
identifiers of the record (``urn:rucio:SCOPE:NAME``, *is derived from*, a dataset). A notebook
imports a DID in two ways: attached in the Data panel (kept in its metadata, ``vre_lab.rucio``)
or fetched in a cell with ``%rucio get SCOPE:NAME`` (read from the cell's source: a DID written
as a Python value, ``{found[0]}``, is not known before the cell runs and is not named).

Reading is bounded (so many entries looked at, so many notebooks read, so large a notebook, so
many bytes in all) and never follows a link out of the root: choosing a big folder costs a
moment, not minutes.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
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
_MAGIC_GET = re.compile(r"^(?:[^#'\"]*=\s*)?%rucio\s+get\s+(.*)$")


def dataset_identifier(did: str) -> dict:
    return {
        "identifier": f"urn:rucio:{did}",
        "scheme": "urn",
        "relation_type": {"id": "isderivedfrom"},
        "resource_type": {"id": "dataset"},
    }


def notebook_attachments(notebook: Path) -> list[dict]:
    """The DIDs a notebook imported, in its order (attached ones, then those its cells get), as
    `{did, instance?}`; nothing when it is not a readable notebook (or is a link)."""
    try:
        content = json.loads(files.read_text(notebook.parent, notebook.name, MAX_NOTEBOOK_BYTES))
    except (OSError, ValueError, VRELabError):
        return []
    if not isinstance(content, dict):
        return []
    return [
        entry
        for entry in [*_attached(content), *_fetched(content)]
        if isinstance(entry.get("did"), str) and _DID.fullmatch(entry["did"])
    ]


def _attached(content: dict):
    metadata = content.get("metadata")
    ours = metadata.get("vre_lab") if isinstance(metadata, dict) else None
    attached = ours.get("rucio") if isinstance(ours, dict) else None
    for entry in attached if isinstance(attached, list) else []:
        if isinstance(entry, dict):
            yield _entry(entry.get("did"), entry.get("instance"))


def _fetched(content: dict):
    """The DIDs of the `%rucio get` lines of the code cells."""
    cells = content.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        text = "".join(source) if isinstance(source, list) else source
        for line in text.splitlines() if isinstance(text, str) else []:
            match = _MAGIC_GET.match(line.strip())
            if match:
                yield from _magic_did(match.group(1))


def _magic_did(arguments: str):
    try:
        words = shlex.split(arguments, comments=True)
    except ValueError:
        return
    did, instance = None, None
    for index, word in enumerate(words):
        if word == "--instance" and index + 1 < len(words):
            instance = words[index + 1]
        elif word.startswith("--instance="):
            instance = word.partition("=")[2]
        elif did is None and not word.startswith("-") and words[index - 1 : index] != ["--mode"]:
            did = word
    if did is not None:
        yield _entry(did, instance)


def _entry(did, instance) -> dict:
    return {"did": did, **({"instance": instance} if _named(instance) else {})}


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
