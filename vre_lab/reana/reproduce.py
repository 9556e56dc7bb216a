"""Reproduce a published run from its RO-Crate (a zip or a folder in the lab): check every file the
crate records against its sha256, run the same reana.yaml with the recorded parameters on the
local engine, and compare every recorded output with the new one, file by file: `same` (sha256
equal), `differs` (with sizes, and a short diff for text), `missing` (the new run did not make
it) or `new` (the new run made it, nothing recorded it). The verdicts go into
`reproduction.json` and a readable `reproduction.md` beside the reproduced files.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path, PurePosixPath

from ..core import files
from ..core.errors import BadRequest, NotFound, VRELabError
from ..core.job_runner import JobCancelled, JobContext
from ..core.paths import confine
from ..zenodo.doi import parse as parse_doi
from . import provenance, reproduce_data
from . import reproduce_report as reports
from .reproduce_remote import rerun_on_reana
from .servers import LOCAL
from .service import WorkflowService
from .validation import local_specification

FOLDER = "reproductions"
METADATA = "ro-crate-metadata.json"
MAX_METADATA_BYTES = 64 * 2**20
MAX_ZIP_MEMBERS = 100_000
MAX_UNPACKED_BYTES = 64 * 2**30
ENDED = ("finished", "failed", "stopped", "deleted")


def check_source(root: Path, source: str) -> Path:
    """The crate `source` names (a .zip, or a folder holding ro-crate-metadata.json and the
    run's provenance.json), checked before a job starts."""
    path = confine(root, source)
    if not path.exists():
        raise NotFound(f"No file or folder {source!r}")
    if path.is_dir():
        inside = path.relative_to(root).as_posix()
        for name, what in (
            (METADATA, "it is not an RO-Crate"),
            (provenance.FILE_NAME, "it records no run"),
        ):
            if not files.is_file(root, f"{inside}/{name}"):
                raise BadRequest(f"{source!r} holds no {name}: {what}")
        return path
    if path.suffix.lower() != ".zip" or not files.is_file(root, source):
        raise BadRequest(f"{source!r} is neither an RO-Crate zip nor a crate folder")
    return path


def reproduction_folder(root: Path, crate: Path) -> str:
    """`reproductions/<name>`, a new folder for each reproduction of the same crate."""
    name = re.sub(r"[^\w.-]+", "-", crate.stem if crate.is_file() else crate.name).strip("-.")
    base = f"{FOLDER}/{name or 'crate'}"
    for number in range(1, 10_000):
        candidate = base if number == 1 else f"{base}-{number}"
        if not (root / candidate).exists():
            return candidate
    raise BadRequest("Too many reproductions of this crate; remove old ones")


def unpack(ctx: JobContext, root: Path, crate: Path, folder: str) -> Path:
    """The crate's files in `folder` (a zip is extracted there through the confined file API;
    a folder is used where it is)."""
    if crate.is_dir():
        return crate
    with files.open_read(root, crate) as raw, zipfile.ZipFile(raw) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise BadRequest(f"The crate holds more than {MAX_ZIP_MEMBERS} files")
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:  # a zip bomb, or a mistake
            raise BadRequest(f"The crate unpacks to more than {MAX_UNPACKED_BYTES // 2**30} GiB")
        for member in members:  # zip slip: every name stays inside the reproduction's folder
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                raise BadRequest(f"The crate holds {member.filename!r}: a name leads out of it")
        for number, member in enumerate(members, 1):
            if ctx.cancelled:
                raise JobCancelled()
            ctx.progress(0.2 * number / len(members), f"Unpacking {member.filename}")
            with archive.open(member) as content:
                chunks = iter(lambda content=content: content.read(files.CHUNK), b"")
                files.write_atomic(root, f"{folder}/{member.filename}", chunks)
    return confine(root, folder)


def check_inputs(folder: Path, record: dict) -> int:
    """Every input the run recorded is in the crate with the same sha256; returns their count."""
    for entry in record.get("inputs") or []:
        found = provenance.file_entry(folder, entry["path"])
        if found.get("missing"):
            raise BadRequest(
                f"Input {entry['path']!r} is not in the crate: the run cannot be redone"
            )
        if found["sha256"] != entry.get("sha256"):
            now, then = found["sha256"][:12], str(entry.get("sha256"))[:12]
            raise BadRequest(
                f"Input {entry['path']!r} differs from the crate's record (sha256 {now}…,"
                f" recorded {then}…): stopped before running anything"
            )
    return len(record.get("inputs") or [])


def rerun(ctx: JobContext, service: WorkflowService, folder: Path, record: dict) -> dict:
    """Run the crate's reana.yaml on the local engine with the recorded parameters; its detail
    once it ended."""
    name = PurePosixPath((record.get("workflow") or {}).get("path") or "reana.yaml").name
    spec_file = folder / name
    if not spec_file.is_file():
        raise BadRequest(f"The crate holds no {name}: there is no workflow to run")
    try:
        specification = local_specification(spec_file)
    except VRELabError:
        raise
    except Exception as e:  # SpecificationError and what a broken file raises
        raise BadRequest(f"The crate's {name} cannot be run: {e}") from e
    run = record.get("run") or {}
    created = service.local.create(
        name=str(run.get("name") or "reproduction"),
        specification=specification,
        source_dir=folder,
        parameters=record.get("parameters") or {},
        spec_file=spec_file,
        progress=lambda fraction, message: ctx.progress(0.2 + 0.1 * fraction, message),
    )
    ctx.record(
        workflow_id=created["id"], workflow_name=f"{created['name']}.{created['run_number']}"
    )
    service.local.start(created["id"])
    began = time.monotonic()
    # the engine hashes the outputs into provenance.json before the run is seen to end
    while (detail := service.local.get(created["id"]))["status"] not in ENDED:
        if ctx.cancelled:
            service.local.stop(created["id"])
            raise JobCancelled()
        progress = detail.get("progress") or {}
        total, done = progress.get("total") or 0, progress.get("finished") or 0
        ctx.progress(
            0.3 + 0.6 * (done / total if total else 0),
            f"Running {created['name']}.{created['run_number']}",
        )
        # every 5% of the time so far (0.02..0.2 s): a short run is not made 0.2 s longer
        time.sleep(min(0.2, max(0.02, 0.05 * (time.monotonic() - began))))
    return detail


def reproduce(
    ctx: JobContext,
    service: WorkflowService,
    source: str,
    folder: str,
    instance: str | None = None,
    server: str = LOCAL,
) -> dict:
    """Reproduce the crate `source` (a .zip unpacked into `folder`, or a crate folder)."""
    root = Path(service.settings.root_dir).resolve()
    crate = check_source(root, source)
    ctx.progress(0.0, f"Reading {source}")
    where = unpack(ctx, root, crate, folder)
    return reproduce_in(ctx, service, source, where, folder, instance, server)


def reproduce_in(
    ctx: JobContext,
    service: WorkflowService,
    source: str,
    where: Path,
    folder: str,
    instance: str | None = None,
    server: str = LOCAL,
    original: dict | None = None,
) -> dict:
    """Reproduce the run the files in `where` record, on the local engine or the REANA
    `server`; the report goes into `folder`. The Rucio data it read is checked (on `instance`,
    or the one the record names) and made available first. `original` (title, DOI, record)
    says what was reproduced, for a record of the reproduction that references it."""
    root = Path(service.settings.root_dir).resolve()
    original = {**crate_origin(where), **(original or {})}
    record = provenance.read(where)
    if record is None:
        return reports.not_comparable(root, source, where, folder)
    inputs = check_inputs(where, record)
    data = reproduce_data.check(ctx, service.dids, record, instance)
    why = reproduce_data.stopped(data)
    if why is None:
        reproduce_data.make_available(ctx, service.dids, data)
        if server == LOCAL:
            detail = {**rerun(ctx, service, where, record), "server": LOCAL}
        else:
            detail = rerun_on_reana(ctx, service, server, where, record, folder)
        ctx.progress(0.95, "Comparing the outputs")
        rerun_dir = root / detail["workspace_path"]
        new = provenance.read(rerun_dir) or {}
        outputs = record.get("outputs") or []
        verdicts = reports.compare(where, outputs, rerun_dir, new.get("outputs") or [])
        reports.mark_images(verdicts, root, where, rerun_dir)
        result = reports.report(folder, source, record, detail, verdicts, inputs)
    else:
        result = reports.not_run(folder, source, record, inputs, why)
    result.update(dids=data, original=original)
    return reports.write(root, result)


def crate_origin(where: Path) -> dict:
    """What the crate says of itself: its title, and its DOI when it has one."""
    try:
        crate = json.loads(files.read_bytes(where, METADATA, MAX_METADATA_BYTES))
        graph = crate.get("@graph") or []
        top = next(e for e in graph if isinstance(e, dict) and e.get("@id") == "./")
    except (VRELabError, ValueError, AttributeError, TypeError, StopIteration):
        return {}
    origin = {"title": top["name"]} if isinstance(top.get("name"), str) else {}
    try:
        doi = parse_doi(str(top.get("identifier") or ""))
    except VRELabError:
        doi = None
    return {**origin, "doi": doi} if doi else origin
