"""Reproduce a published run from its RO-Crate (a zip or a folder in the lab): check every file the
crate records against its sha256, run the same reana.yaml with the recorded parameters on the
local engine, and compare every recorded output with the new one, file by file: `same` (sha256
equal), `differs` (with sizes, and a short diff for text), `missing` (the new run did not make
it) or `new` (the new run made it, nothing recorded it). The verdicts go into
`reproduction.json` and a readable `reproduction.md` beside the reproduced files.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import time
import zipfile
from pathlib import Path, PurePosixPath

from ..core import files
from ..core.errors import BadRequest, NotFound, VRELabError
from ..core.job_runner import JobCancelled, JobContext
from ..core.paths import confine
from . import provenance, reproduce_data
from .reproduce_remote import rerun_on_reana
from .servers import LOCAL
from .service import WorkflowService
from .validation import load_specification

FOLDER = "reproductions"
METADATA = "ro-crate-metadata.json"
MAX_ZIP_MEMBERS = 100_000
MAX_UNPACKED_BYTES = 64 * 2**30
TEXT_DIFF_BYTES = 1_000_000
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
DIFF_LINES = 20
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
        specification = load_specification(spec_file)
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


def compare(
    original: Path, recorded_outputs: list[dict], rerun_dir: Path, new_outputs: list[dict]
) -> list[dict]:
    """One verdict per output, recorded ones first in their order, then the new ones."""
    made = {entry["path"]: entry for entry in new_outputs if not entry.get("missing")}
    verdicts = []
    for entry in recorded_outputs:
        if entry.get("missing"):
            continue
        path, before = entry["path"], {k: entry.get(k) for k in ("size", "sha256")}
        after = made.pop(path, None)
        if after is None:
            verdicts.append({"path": path, "verdict": "missing", "recorded": before})
            continue
        now = {k: after.get(k) for k in ("size", "sha256")}
        verdict = {
            "path": path,
            "verdict": "same" if now["sha256"] == before["sha256"] else "differs",
            "recorded": before,
            "reproduced": now,
        }
        if verdict["verdict"] == "differs":
            diff = _text_diff(original / path, rerun_dir / path)
            if diff:
                verdict["diff"] = diff
        verdicts.append(verdict)
    for path, after in made.items():
        verdicts.append(
            {
                "path": path,
                "verdict": "new",
                "reproduced": {k: after.get(k) for k in ("size", "sha256")},
            }
        )
    return verdicts


def _text_diff(before: Path, after: Path) -> list[str] | None:
    try:
        if max(before.stat().st_size, after.stat().st_size) > TEXT_DIFF_BYTES:
            return None
        old = before.read_text("utf-8").splitlines()
        new = after.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    lines = list(difflib.unified_diff(old, new, "recorded", "reproduced", lineterm="", n=1))
    return lines[:DIFF_LINES]


def report(
    folder: str, source: str, record: dict, detail: dict, verdicts: list[dict], inputs: int
) -> dict:
    counts = {
        kind: sum(v["verdict"] == kind for v in verdicts)
        for kind in ("same", "differs", "missing", "new")
    }
    return {
        "source": source,
        "folder": folder,
        "original_run": record.get("run"),
        "run": {
            k: detail.get(k)
            for k in ("id", "name", "run_number", "status", "workspace_path", "server")
        },
        "ran": True,
        "inputs_checked": inputs,
        "dids": [],
        "outputs": verdicts,
        "summary": counts,
        "comparable": True,
        "reproduced": detail.get("status") == "finished" and counts["same"] == len(verdicts) > 0,
    }


def _not_run(folder: str, source: str, record: dict, inputs: int, why: str) -> dict:
    """The report of a reproduction stopped before running: its input data is not as recorded."""
    return {
        "source": source,
        "folder": folder,
        "original_run": record.get("run"),
        "run": None,
        "ran": False,
        "message": why,
        "inputs_checked": inputs,
        "dids": [],
        "outputs": [],
        "summary": {"same": 0, "differs": 0, "missing": 0, "new": 0},
        "comparable": True,
        "reproduced": False,
    }


def _not_comparable(root: Path, source: str, where: Path, folder: str) -> dict:
    """A record without a run record: what can be said without re-running anything."""
    found = sorted(
        p.relative_to(root).as_posix() for p in where.rglob("*.y*ml") if p.name.startswith("reana")
    )
    why = f"{source} holds no {provenance.FILE_NAME}: nothing recorded its outputs, so a new run"
    why += " could not be compared with them."
    hint = (
        f" Its workflow: {found[0]} (run it with Run locally…)."
        if found
        else (" It holds no reana.yaml either.")
    )
    result = {
        "source": source,
        "folder": folder,
        "comparable": False,
        "reproduced": False,
        "ran": False,
        "reana_yaml": found[0] if found else None,
        "message": why + hint,
        "outputs": [],
        "summary": {"same": 0, "differs": 0, "missing": 0, "new": 0},
    }
    files.write_text(root, f"{folder}/reproduction.json", json.dumps(result, indent=2) + "\n")
    files.write_text(
        root, f"{folder}/reproduction.md", f"# Reproduction of {source}\n\n{why}{hint}\n"
    )
    return {**result, "report": f"{folder}/reproduction.md"}


def markdown(result: dict) -> str:
    lines = [f"# Reproduction of {result['source']}", ""]
    if not result["ran"]:
        lines += [f"**Not reproduced.** {result['message']}"]
        return "\n".join(lines + reproduce_data.markdown(result["dids"])) + "\n"
    counts = result["summary"]
    run = result["run"]
    lines += [
        f"Run `{run['name']}.{run['run_number']}` ({run['status']})"
        + ("" if run["server"] == LOCAL else f" on REANA server `{run['server']}`")
        + f", files in `{run['workspace_path']}`; {result['inputs_checked']} input file(s)"
        " matched the crate's sha256.",
        *reproduce_data.markdown(result["dids"]),
        "",
        "**"
        + (
            "All outputs are the same."
            if result["reproduced"]
            else ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        )
        + "**",
        "",
        "| output | verdict | recorded | reproduced |",
        "| --- | --- | --- | --- |",
    ]
    for verdict in result["outputs"]:
        sizes = [
            f"{(verdict.get(k) or {}).get('size', '')} B" if verdict.get(k) else ""
            for k in ("recorded", "reproduced")
        ]
        lines.append(f"| `{verdict['path']}` | {verdict['verdict']} | {sizes[0]} | {sizes[1]} |")
    for verdict in result["outputs"]:
        if verdict.get("diff"):
            lines += ["", f"## `{verdict['path']}`", "", "```diff", *verdict["diff"], "```"]
        if verdict.get("images"):
            shown = [
                f"![{side}]({os.path.relpath(path, result['folder'])})"
                for side, path in verdict["images"].items()
            ]
            lines += ["", f"## `{verdict['path']}`", "", "| recorded | reproduced |"]
            lines += ["| --- | --- |", f"| {shown[0]} | {shown[1]} |"]
    return "\n".join(lines) + "\n"


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
) -> dict:
    """Reproduce the run the files in `where` record, on the local engine or the REANA
    `server`; the report goes into `folder`. The Rucio data it read is checked (on `instance`,
    or the one the record names) and made available first."""
    root = Path(service.settings.root_dir).resolve()
    record = provenance.read(where)
    if record is None:
        return _not_comparable(root, source, where, folder)
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
        verdicts = compare(where, outputs, rerun_dir, new.get("outputs") or [])
        for verdict in verdicts:
            if verdict["verdict"] == "differs" and verdict["path"].lower().endswith(IMAGES):
                verdict["images"] = {  # shown side by side in the report
                    "recorded": (where / verdict["path"]).relative_to(root).as_posix(),
                    "reproduced": (rerun_dir / verdict["path"]).relative_to(root).as_posix(),
                }
        result = report(folder, source, record, detail, verdicts, inputs)
    else:
        result = _not_run(folder, source, record, inputs, why)
    result["dids"] = data
    files.write_text(root, f"{folder}/reproduction.json", json.dumps(result, indent=2) + "\n")
    files.write_text(root, f"{folder}/reproduction.md", markdown(result))
    return {**result, "report": f"{folder}/reproduction.md"}
