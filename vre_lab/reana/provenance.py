"""The provenance of a workflow run, written at run time into its workspace as `provenance.json`:
what it ran (the reana.yaml and the workflow files it names, with sha256), with which parameters
and images, on which engine, what it read (every input file with size and sha256, the Rucio DIDs
the notebooks next to the reana.yaml imported) and what it made (every declared output with size
and sha256), when, and how it ended. A reproduction compares its outputs with these.

Files are hashed as streams (1 MiB at a time), so a large output costs time, not memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import __version__
from ..core import files
from ..core.errors import VRELabError
from ..zenodo.metadata import identifier_is_valid
from ..zenodo.provenance import attached_dids, dataset_identifier

FILE_NAME = "provenance.json"
FORMAT = "vre-lab/run-provenance/1"
MAX_BYTES = 16 * 2**20  # a record with 100,000 files


def file_entry(root: Path, path: str) -> dict:
    """`{path, size, sha256}` of the file `path` under `root`, or `{path, missing: true}`."""
    digest, size = hashlib.sha256(), 0
    try:
        for chunk in files.chunks(root, path):
            digest.update(chunk)
            size += len(chunk)
    except VRELabError:
        return {"path": path, "missing": True}
    return {"path": path, "size": size, "sha256": digest.hexdigest()}


def _tree(root: Path, declared: Iterable[str]) -> list[str]:
    """The declared paths, each folder replaced by the files in it (sorted, links skipped)."""
    found: list[str] = []
    for name in declared:
        folder = root / name
        if folder.is_dir() and not folder.is_symlink():
            found.extend(
                sorted(
                    p.relative_to(root).as_posix()
                    for p in folder.rglob("*")
                    if p.is_file() and not p.is_symlink()
                )
            )
        else:
            found.append(name)
    return found


DescribeDids = Callable[[list[dict]], list[dict]]


def _dids(root_dir: Path, folder: Path) -> tuple[list[dict], list[str]]:
    try:
        relative = folder.relative_to(root_dir).as_posix()
    except ValueError:
        return [], []
    attached, notebooks = attached_dids(root_dir, [relative or "."])
    usable = [
        entry
        for entry in attached
        if identifier_is_valid("urn", dataset_identifier(entry["did"])["identifier"])
    ]
    return usable, notebooks


def begin(
    *,
    root_dir: Path,
    spec_file: Path | None,
    specification: dict,
    run: dict,
    engine: dict,
    parameters: dict,
    steps: list[dict],
    inputs: list[dict],
    describe_dids: DescribeDids | None = None,
    run_dids: list[dict] | tuple = (),
) -> dict:
    """The record of a run that was just created: `inputs` are `file_entry`s of what it reads,
    `steps` the specification's (name, environment); `run_dids` the Rucio inputs bound to its
    parameters, recorded with the DIDs its notebooks imported; `describe_dids` adds what Rucio
    says of each DID (checksums, sizes, file count)."""
    workflow = specification.get("workflow") or {}
    named = [workflow["file"]] if isinstance(workflow.get("file"), str) else []
    if spec_file is None:  # a specification given as data, not read from a file
        described, dids, notebooks = {"path": None, "files": []}, [], []
    else:
        source = spec_file.parent
        described = {
            **file_entry(source, spec_file.name),
            "path": spec_file.relative_to(root_dir).as_posix(),
            "files": [file_entry(source, name) for name in named],
        }
        dids, notebooks = _dids(root_dir, source)
    seen = {entry["did"] for entry in dids}
    dids = [*dids, *(entry for entry in run_dids if entry["did"] not in seen)]
    if dids and describe_dids is not None:
        dids = describe_dids(dids)
    ran_on = engine.get("container_runtime") or "host"
    return {
        "format": FORMAT,
        "run": run,
        "engine": {"version": __version__, **engine, "workflow_type": workflow.get("type")},
        "workflow": described,
        "parameters": parameters,
        "steps": [
            {
                "name": step.get("name"),
                "image": step.get("environment"),
                "image_digest": None,
                "ran_on": ran_on,
            }
            for step in steps
        ],
        "inputs": inputs,
        "dids": dids,
        "notebooks": notebooks,
        "outputs": [],
        "status": "created",
        "created": run.get("created"),
        "started": None,
        "finished": None,
    }


def serial_steps(specification: dict) -> list[dict]:
    """The steps a reana.yaml names (serial workflows name them in the file itself)."""
    workflow = specification.get("workflow") or {}
    steps = (workflow.get("specification") or {}).get("steps")
    return [step for step in steps or [] if isinstance(step, dict)]


def finish(workspace: Path, record: dict, *, outputs: list[str], **times_and_status) -> dict:
    """The record once the run ended: every declared output hashed (or marked missing)."""
    record = {**record, **times_and_status}
    record["outputs"] = [file_entry(workspace, name) for name in _tree(workspace, outputs)]
    write(workspace, record)
    return record


def read(workspace: Path) -> dict | None:
    try:
        return parse(files.read_bytes(workspace, FILE_NAME, MAX_BYTES))
    except VRELabError:
        return None


def parse(data: bytes) -> dict | None:
    try:
        record = json.loads(data)
    except ValueError:
        return None
    return record if isinstance(record, dict) and record.get("format") == FORMAT else None


def encode(record: dict) -> bytes:
    return (json.dumps(record, indent=2) + "\n").encode("utf-8")


def write(folder: Path, record: dict) -> None:
    files.write_atomic(folder, FILE_NAME, [encode(record)])
