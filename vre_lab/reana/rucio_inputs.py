"""Rucio data a run reads: DIDs bound to parameters of its reana.yaml ("Inputs from Rucio").

- On this machine, each DID is made available first (the Data panel's job: a rule on the
  destination RSE, or a download) and its files are copied into the run's workspace under
  `rucio/SCOPE/NAME` (a file DID is that file, a collection a folder of its files); the parameter
  is that path (for CWL a File or Directory), so that the same command reads it here, in a
  container and on REANA.
- On REANA, the parameter is the DID itself and every serial step whose commands use it gets
  `rucio: true`, REANA's own switch that gives the step a configured Rucio client; REANA needs
  the user's secrets for that, checked before anything is created.

Either way the DIDs join the run's provenance, beside those its notebooks imported.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import files
from ..core.errors import BadRequest
from ..core.job_runner import JobContext
from ..rucio.dids import parse_did

FOLDER = "rucio"
MAX_INPUTS = 50
INSTANCE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
# what REANA's Rucio sidecar reads (reana-job-controller), and the grid identity it proxies
REANA_SECRETS = ("VONAME", "RUCIO_USERNAME", "usercert.pem", "userkey.pem")


@dataclass(frozen=True)
class RucioInput:
    did: str
    parameter: str
    instance: str | None = None

    def target(self) -> PurePosixPath:
        scope, _, name = self.did.partition(":")
        return PurePosixPath(FOLDER, scope, *PurePosixPath(name).parts)

    def as_json(self) -> dict:
        return {"did": self.did, "parameter": self.parameter, "instance": self.instance}


def parse(value, declared: dict) -> list[RucioInput]:
    """The request's `rucio_inputs`, each naming a DID and a parameter the reana.yaml declares."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_INPUTS:
        raise BadRequest(f"rucio_inputs must be a list of at most {MAX_INPUTS} DIDs")
    found, bound = [], set()
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, dict):
            raise BadRequest(f"Rucio input {number} must be an object")
        did = str(parse_did(entry.get("did")))
        parameter, instance = entry.get("parameter"), entry.get("instance")
        if parameter not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise BadRequest(
                f"Rucio input {did} is bound to {parameter!r}, which is not a parameter of the"
                f" workflow (it declares: {known})"
            )
        if parameter in bound:
            raise BadRequest(f"Parameter {parameter!r} is bound to two Rucio inputs")
        if instance is not None and not (isinstance(instance, str) and INSTANCE.match(instance)):
            raise BadRequest(f"Rucio input {did}: instance must name a Rucio instance")
        bound.add(parameter)
        found.append(RucioInput(did, parameter, instance))
    return found


def fetch(ctx: JobContext, dids, inputs: list[RucioInput], kind: str):
    """Make every DID available here; (files to copy into the workspace, parameter values,
    the DIDs for the provenance)."""
    if inputs and dids is None:
        raise BadRequest("This server has no Rucio instance: Rucio inputs cannot be fetched")
    copies: list[tuple[Path, str]] = []
    values: dict = {}
    for number, item in enumerate(inputs, 1):
        instance = dids.instance_for(item.instance)
        if instance is None:
            raise BadRequest("No Rucio instance is configured: Rucio inputs cannot be fetched")

        def progress(fraction, message, number=number, did=item.did):
            share = (number - 1 + (fraction or 0)) / len(inputs)
            ctx.progress(0.3 * share, message or f"Making {did} available")

        found = dids.make_available(instance, item.did, progress)
        paths = [Path(path) for path in found["paths"]]
        target = item.target()
        if found["type"] == "file":
            copies.append((paths[0], target.as_posix()))
        else:
            copies += [(path, (target / path.name).as_posix()) for path in paths]
        values[item.parameter] = _value(kind, found["type"], target.as_posix())
    provenance = [{"did": i.did, "instance": dids.instance_for(i.instance)} for i in inputs]
    return copies, values, provenance


def _value(kind: str, did_type: str, path: str):
    if kind == "cwl":  # a CWL File or Directory input
        return {"class": "File" if did_type == "file" else "Directory", "path": path}
    return path


def copy_into(workspace: Path, copies: list[tuple[Path, str]]) -> None:
    """Copy (never link: a step may write to its inputs, the replica must stay as it is), each
    through the confined file API into the workspace; the sources are Rucio's (an RSE mount or
    the download folder), outside the root."""
    for source, target in copies:
        with open(source, "rb") as content:
            chunks = iter(lambda content=content: content.read(files.CHUNK), b"")
            files.write_atomic(workspace, target, chunks)


def for_reana(specification: dict, inputs: list[RucioInput]) -> tuple[dict, dict]:
    """The specification with `rucio: true` on the steps that read the DIDs, and the parameter
    values (the DIDs themselves)."""
    if not inputs:
        return specification, {}
    workflow = specification.get("workflow") or {}
    if workflow.get("type") != "serial":
        raise BadRequest(
            "On REANA, Rucio inputs are for serial workflows (REANA gives a step Rucio with"
            " `rucio: true`); pass the DID as a parameter and read it in the workflow"
        )
    changed = copy.deepcopy(specification)
    steps = (changed["workflow"].get("specification") or {}).get("steps") or []
    for step in steps:
        text = " ".join(step.get("commands") or [])
        if any(re.search(rf"\$\{{?{re.escape(i.parameter)}\b", text) for i in inputs):
            step["rucio"] = True
    return changed, {item.parameter: item.did for item in inputs}


def missing_secrets(service, server: str) -> list[str]:
    """The secrets REANA needs to give a step Rucio that the user has not added."""
    present = {secret["name"] for secret in service.secrets(server)["secrets"]}
    return [name for name in REANA_SECRETS if name not in present]
