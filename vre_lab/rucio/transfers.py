"""Long work with Rucio, run as durable jobs: making a DID available here, and uploads.

`progress(fraction, message)` reports how far the work got; in a server job it also raises
when the user cancelled (core.job_runner.JobContext.progress).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from rucio.client.downloadclient import DownloadClient
from rucio.client.uploadclient import UploadClient
from rucio.common.exception import DataIdentifierNotFound

from ..core.errors import BackendError, BadRequest, Conflict
from ..core.paths import confine
from .client import RucioLog, ensure_rucio_config, rse_info_from
from .dids import DID, parse_did
from .service import RucioService

Progress = Callable[[float | None, str | None], None]
DOWNLOAD_CHUNK = 50
MAX_LIFETIME_SECONDS = 10 * 365 * 24 * 3600
_log = RucioLog(logging.getLogger("vre_lab.rucio.transfers"))


def make_available(
    service: RucioService, instance: str, did_text: str, mode: str | None, progress: Progress
) -> dict:
    """Replica mode: a rule on the destination RSE, waited for; download mode: the files copied
    into the download folder. Returns the DID's local paths (service.paths)."""
    did = parse_did(did_text)
    mode = service.mode(instance, mode)
    ensure_rucio_config()
    if mode == "replica":
        _replicate(service, instance, did, progress)
    else:
        _download(service, instance, did, progress)
    return service.paths(instance, str(did), mode)


def _replicate(service: RucioService, instance: str, did: DID, progress: Progress) -> None:
    gateway = service.gateway(instance)
    destination = gateway.instance.destination_rse
    rule = service.destination_rule(instance, did)
    if rule is None:
        days = gateway.instance.replication_rule_lifetime_days
        with gateway.session() as client:
            rule_id = client.add_replication_rule(
                [did.as_dict()],
                copies=1,
                rse_expression=destination,
                lifetime=days * 86400 if days else None,
                comment="vre-lab: make available",
            )[0]
    else:
        rule_id = rule["id"]
    while True:
        with gateway.session() as client:
            rule = client.get_replication_rule(rule_id)
        done, stuck = rule["locks_ok_cnt"], rule["locks_stuck_cnt"]
        total = done + rule["locks_replicating_cnt"] + stuck
        progress(done / total if total else None, f"{done}/{total} files on {destination}")
        if rule["state"] == "OK":
            return
        if rule["state"] == "STUCK":
            reason = rule.get("error") or f"{stuck} file(s) cannot be transferred"
            raise BackendError(
                f"Replication to {destination} is stuck: {reason}", code="rule_stuck"
            )
        _wait(service.settings.rucio_replication_poll_seconds, progress)


def _wait(seconds: float, progress: Progress) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(min(0.5, seconds))
        progress(None, None)  # raises if the job was cancelled


def _download(service: RucioService, instance: str, did: DID, progress: Progress) -> None:
    gateway = service.gateway(instance)
    layout = service.layout(instance)
    with gateway.session() as client:
        files = sorted(
            (f["scope"], f["name"], f.get("bytes"), f.get("adler32"), f.get("md5"))
            for f in client.list_files(did.scope, did.name)
        )
    todo = [f for f in files if layout.downloaded(*f) is None]
    done = len(files) - len(todo)
    progress(done / len(files) if files else 1.0, f"{done}/{len(files)} files here")
    for start in range(0, len(todo), DOWNLOAD_CHUNK):
        chunk = todo[start : start + DOWNLOAD_CHUNK]
        items = []
        for scope, name, *_ in chunk:
            target = layout.download_path(scope, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            items.append(
                {"did": f"{scope}:{name}", "base_dir": str(target.parent), "no_subdir": True}
            )
        try:
            with gateway.session() as client, rse_info_from(client):
                downloader = DownloadClient(client=client, logger=_log, tracing=False)
                downloader.download_dids(items, num_threads=4, sort="random")
        finally:
            for scope, name, *_ in chunk:  # rucio-clients' temporary files of an aborted download
                Path(f"{layout.download_path(scope, name)}.part").unlink(missing_ok=True)
        done += len(chunk)
        progress(done / len(files), f"{done}/{len(files)} files downloaded")
    incomplete = [f"{f[0]}:{f[1]}" for f in files if layout.downloaded(*f) is None]
    if incomplete:
        raise BackendError(
            f"{len(incomplete)} file(s) did not download completely, e.g. {incomplete[0]}",
            code="download_incomplete",
        )


def upload_request(root_dir: str, body: dict) -> dict:
    """Check an upload request before any job starts; the checked parameters."""
    path = body.get("path")
    if not isinstance(path, str) or not path:
        raise BadRequest("path is required", code="bad_upload")
    local = confine(root_dir, path)
    if not local.is_file():
        raise BadRequest(f"{path!r} is not a file", code="bad_upload")
    rse = body.get("rse")
    if not isinstance(rse, str) or not rse.strip() or len(rse) > 255:
        raise BadRequest("rse is required", code="bad_upload")
    scope = body.get("scope")
    name = body.get("name") or local.name
    did = parse_did(f"{scope}:{name}" if isinstance(scope, str) and isinstance(name, str) else "")
    dataset = body.get("dataset")
    if dataset is not None and dataset != "":
        dataset = str(
            parse_did(dataset if isinstance(dataset, str) else "", default_scope=did.scope)
        )
    else:
        dataset = None
    lifetime = body.get("lifetime")
    if lifetime is not None and (
        not isinstance(lifetime, int)
        or isinstance(lifetime, bool)
        or not 1 <= lifetime <= MAX_LIFETIME_SECONDS
    ):
        raise BadRequest(
            "lifetime must be a number of seconds (at most ten years)", code="bad_upload"
        )
    return {
        "path": str(local),
        "display_path": path,
        "rse": rse.strip(),
        "did": str(did),
        "dataset": dataset,
        "lifetime": lifetime,
    }


def upload(service: RucioService, instance: str, request: dict, progress: Progress) -> dict:
    did = parse_did(request["did"])
    item = {
        "path": request["path"],
        "rse": request["rse"],
        "did_scope": did.scope,
        "did_name": did.name,
        "register_after_upload": True,
    }
    if request.get("lifetime"):
        item["lifetime"] = request["lifetime"]
    if request.get("dataset"):
        dataset = parse_did(request["dataset"])
        item.update(dataset_scope=dataset.scope, dataset_name=dataset.name)
    ensure_rucio_config()
    progress(0.0, f"Uploading {Path(request['path']).name} to {request['rse']}")
    gateway = service.gateway(instance)
    with gateway.session() as client:
        if _exists(client, did):
            raise Conflict(f"{did} already exists in Rucio", code="did_exists")
        with rse_info_from(client):
            UploadClient(client, logger=_log, tracing=False).upload([item])
    return {"did": str(did), "rse": request["rse"], "dataset": request.get("dataset")}


def _exists(client, did: DID) -> bool:
    try:
        client.get_did(did.scope, did.name)
    except DataIdentifierNotFound:
        return False
    return True
