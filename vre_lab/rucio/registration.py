"""Registering a finished workflow run's outputs in Rucio, as a durable job.

Order matters so that a failure never leaves something that looks complete: every file is
checked against Rucio first (a DID that exists with other content stops everything before any
upload); then each file is uploaded and registered on its own (one that is already in Rucio with
the same adler32 is only attached); only when all are in does the dataset get created, the files
attached and the metadata naming the run set. A REANA run's files are first fetched into a
temporary folder inside the server root, removed at the end.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zlib
from pathlib import Path

from rucio.client.uploadclient import UploadClient
from rucio.common.exception import DataIdentifierNotFound

from ..core import files as files_api
from ..core.errors import BackendError, Conflict, VRELabError
from ..core.job_runner import JobContext
from ..reana import downloads, provenance
from ..reana.service import WorkflowService
from .client import RucioLog, ensure_rucio_config, rse_info_from
from .registration_request import (
    Output,
    Registration,
    local_source,
    reana_yaml_sha256,
    run_metadata,
)
from .service import RucioService

ATTACH_CHUNK = 250  # SQLite refuses much larger batches
_log = RucioLog(logging.getLogger("vre_lab.rucio.registration"))


class Source:
    """Where the job reads each output: a local run's workspace, or the folder a REANA run's
    files were fetched into. Every read goes through the confined file API."""

    def __init__(self, root: Path, paths: dict[str, str]):
        self.root = root
        self._paths = paths  # workspace path -> path relative to `root`

    def path(self, output: Output) -> Path:
        return self.root / self._paths[output.path]

    def checksum(self, output: Output) -> tuple[int, str]:
        size, value = 0, 1
        for chunk in files_api.chunks(self.root, self._paths[output.path]):
            value = zlib.adler32(chunk, value)
            size += len(chunk)
        return size, f"{value:08x}"


def local_sources(workflows: WorkflowService, registration: Registration) -> Source:
    """A local run's outputs, read where they are: each resolved inside the run's workspace,
    seen from the deepest folder holding them all."""
    real = {
        output.path: local_source(workflows, registration, output.path)
        for output in registration.outputs
    }
    root = Path(os.path.commonpath([str(path.parent) for path in real.values()]))
    return Source(root, {name: path.relative_to(root).as_posix() for name, path in real.items()})


def existing(rucio: RucioService, registration: Registration) -> dict[str, dict]:
    """What Rucio already holds under the outputs' DIDs (by workspace path)."""
    found = {}
    with rucio.gateway(registration.instance).session() as client:
        for output in registration.outputs:
            try:
                found[output.path] = client.get_did(output.did.scope, output.did.name)
            except DataIdentifierNotFound:
                continue
    return found


def check_clashes(
    rucio: RucioService,
    registration: Registration,
    source: Source | None,
) -> dict[str, dict]:
    """Refuse (409) a DID that exists with other content, or a dataset that cannot take the
    files; the DIDs that already exist (identical), by workspace path. Without a `source` (a
    REANA run whose files are not fetched yet), only the sizes its workspace lists are compared."""
    _check_dataset(rucio, registration)
    found = existing(rucio, registration)
    for output in registration.outputs:
        did = found.get(output.path)
        if did is None:
            continue
        if did.get("type", "FILE") != "FILE":
            raise Conflict(
                f"{output.did} already exists in Rucio as a {did['type'].lower()}; nothing was "
                "uploaded",
                code="did_exists",
            )
        size, adler32 = source.checksum(output) if source else (output.size, None)
        if size is not None and did.get("bytes") is not None and did["bytes"] != size:
            _clash(output, f"{did['bytes']} bytes there, {size} here")
        if adler32 is not None and did.get("adler32") and not _same(did["adler32"], adler32):
            _clash(output, f"adler32 {did['adler32']} there, {adler32} here")
    return found


def _same(one: str, other: str) -> bool:
    return one.lower().lstrip("0") == other.lower().lstrip("0")


def _clash(output: Output, how: str) -> None:
    raise Conflict(
        f"{output.did} already exists in Rucio with other content ({how}); nothing was "
        "uploaded. Choose another dataset name to register these outputs.",
        code="did_exists",
    )


def _check_dataset(rucio: RucioService, registration: Registration) -> None:
    dataset = registration.dataset
    with rucio.gateway(registration.instance).session() as client:
        try:
            info = client.get_did(dataset.scope, dataset.name)
        except DataIdentifierNotFound:
            return
        metadata = client.get_metadata(dataset.scope, dataset.name)
    if info.get("type") != "DATASET":
        raise Conflict(f"{dataset} exists in Rucio and is not a dataset", code="did_exists")
    if not info.get("open", True):
        raise Conflict(f"{dataset} is closed: no file can be attached", code="dataset_closed")
    named = metadata.get("version")
    if metadata.get("datatype") == "workflow_outputs" and named and named != registration.run:
        raise Conflict(
            f"{dataset} holds the outputs of {named}, not of {registration.run}",
            code="dataset_of_another_run",
        )


def register(
    ctx: JobContext, rucio: RucioService, workflows: WorkflowService, registration: Registration
) -> dict:
    ensure_rucio_config()
    if registration.local:
        source = local_sources(workflows, registration)
        record = _local_provenance(workflows, registration)
        return _register(ctx, rucio, registration, source, record)
    root = Path(workflows.settings.root_dir).resolve()
    folder = Path(tempfile.mkdtemp(prefix=".vre-lab-registration-", dir=root))
    try:
        names = [output.path for output in registration.outputs]
        downloads.download(
            ctx.part(0.0, 0.5), workflows, registration.server, registration.workflow_id,
            names, folder,
        )  # fmt: skip
        source = Source(folder, {name: downloads.safe_relative(name).as_posix() for name in names})
        record = downloads.run_provenance(workflows, registration.server, registration.workflow_id)
        return _register(ctx.part(0.5, 1.0), rucio, registration, source, record)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _local_provenance(workflows: WorkflowService, registration: Registration) -> dict | None:
    try:
        workspace = local_source(workflows, registration, provenance.FILE_NAME).parent
    except VRELabError:
        return None
    return provenance.read(workspace)


def _register(
    ctx: JobContext,
    rucio: RucioService,
    registration: Registration,
    source: Source,
    record: dict | None,
) -> dict:
    outputs, total = registration.outputs, len(registration.outputs)
    ctx.progress(0.0, f"Checking {total} file(s) against Rucio")
    found = check_clashes(rucio, registration, source)
    metadata = run_metadata(registration, reana_yaml_sha256(record))
    gateway = rucio.gateway(registration.instance)
    uploaded, entries = [], []
    for number, output in enumerate(outputs, 1):
        ctx.progress((number - 1) / (total + 1), f"{number}/{total}: {output.path}")
        size, adler32 = source.checksum(output)
        if output.path not in found:
            _upload(gateway, registration, source, output)
            uploaded.append(output)
            _verify(gateway, output, adler32)
        entries.append(
            {
                "path": output.path,
                "did": str(output.did),
                "bytes": size,
                "adler32": adler32,
                "uploaded": output.path not in found,
            }
        )
    ctx.progress(total / (total + 1), f"Attaching {total} file(s) to {registration.dataset}")
    attached = _attach(gateway, registration, metadata)
    with gateway.session() as client:
        for output in uploaded:
            client.set_metadata_bulk(output.did.scope, output.did.name, metadata)
    return {
        "dataset": str(registration.dataset),
        "rse": registration.rse,
        "run": registration.run,
        "metadata": metadata,
        "files": entries,
        "uploaded": len(uploaded),
        "attached": attached,
    }


def _upload(gateway, registration: Registration, source: Source, output: Output) -> None:
    item = {
        "path": str(source.path(output)),
        "rse": registration.rse,
        "did_scope": output.did.scope,
        "did_name": output.did.name,
        "register_after_upload": True,
    }
    with gateway.session() as client, rse_info_from(client):
        UploadClient(client, logger=_log, tracing=False).upload([item])


def _verify(gateway, output: Output, adler32: str) -> None:
    """The file Rucio registered is the one checked here (not one changed meanwhile)."""
    with gateway.session() as client:
        registered = client.get_did(output.did.scope, output.did.name).get("adler32")
    if registered and not _same(registered, adler32):
        raise BackendError(
            f"{output.path} changed while it was uploaded (adler32 {adler32} before, "
            f"{registered} in Rucio); register it again",
            code="changed_during_upload",
        )


def _attach(gateway, registration: Registration, metadata: dict) -> int:
    """Create the dataset if missing, attach the files it lacks, then name the run on it."""
    dataset = registration.dataset
    with gateway.session() as client:
        try:
            client.get_did(dataset.scope, dataset.name)
            present = {
                (f["scope"], f["name"]) for f in client.list_files(dataset.scope, dataset.name)
            }
        except DataIdentifierNotFound:
            client.add_dataset(dataset.scope, dataset.name)
            present = set()
        missing = [
            output.did.as_dict()
            for output in registration.outputs
            if (output.did.scope, output.did.name) not in present
        ]
        for start in range(0, len(missing), ATTACH_CHUNK):
            client.attach_dids(dataset.scope, dataset.name, missing[start : start + ATTACH_CHUNK])
        client.set_metadata_bulk(dataset.scope, dataset.name, metadata)
    return len(missing)
