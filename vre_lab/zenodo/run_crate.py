"""A crate that holds a workflow run becomes a Workflow Run Crate (RO-Crate profile 0.5,
https://w3id.org/ro/wfrun/workflow/0.5): the run's `provenance.json` (written by the engine at
run time, `vre_lab.reana.provenance`) turns into the reana.yaml as the crate's main entity (a
ComputationalWorkflow in its language), a CreateAction whose `object` is the inputs, the Rucio DIDs
and the parameter values and whose `result` is the outputs, and `sha256` on every file it knows.
WorkflowHub, Galaxy and the RO-Crate tools read such crates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..core import files as files_api
from ..core.errors import VRELabError
from ..reana import provenance

PROCESS_RUN = "https://w3id.org/ro/wfrun/process/0.5"
WORKFLOW_RUN = "https://w3id.org/ro/wfrun/workflow/0.5"
WORKFLOW_RO_CRATE = "https://w3id.org/workflowhub/workflow-ro-crate/1.0"
PROFILES = {
    PROCESS_RUN: ("Process Run Crate", "0.5"),
    WORKFLOW_RUN: ("Workflow Run Crate", "0.5"),
    WORKFLOW_RO_CRATE: ("Workflow RO-Crate", "1.0"),
}
SHA256 = {"sha256": "https://w3id.org/ro/terms/workflow-run#sha256"}  # a term of WRROC's context
FORMAL_PARAMETER = "https://bioschemas.org/profiles/FormalParameter/1.0-RELEASE"
COMPUTATIONAL_WORKFLOW = "https://bioschemas.org/profiles/ComputationalWorkflow/1.0-RELEASE"
LANGUAGES = {
    "serial": ("REANA serial workflow", "https://docs.reana.io/running-workflows/supported-systems/serial/"),
    "yadage": ("Yadage", "https://yadage.readthedocs.io"),
    "cwl": ("Common Workflow Language", "https://w3id.org/cwl/"),
    "snakemake": ("Snakemake", "https://snakemake.github.io"),
}  # fmt: skip
STATUS = {
    "finished": "http://schema.org/CompletedActionStatus",
    "failed": "http://schema.org/FailedActionStatus",
    "stopped": "http://schema.org/FailedActionStatus",
}


def runs_in(root: Path, files: list[tuple[str, Path]]) -> list[tuple[str, dict]]:
    """The runs among the chosen files: (the folder's key prefix, its provenance record)."""
    found = []
    for key, path in files:
        if PurePosixPath(key).name != provenance.FILE_NAME:
            continue
        try:
            record = provenance.parse(files_api.read_bytes(root, path, provenance.MAX_BYTES))
        except VRELabError:
            continue
        if record is not None:
            parent = str(PurePosixPath(key).parent)
            found.append(("" if parent == "." else parent + "/", record))
    return found


def workflow_files(root: Path, runs: list[tuple[str, dict]], keys: set[str]) -> list:
    """(key, path) of each run's reana.yaml that the crate must also hold, read from where the
    run recorded it when it is still the same file (same sha256) and not chosen already."""
    extra = []
    for prefix, record in runs:
        described = record.get("workflow") or {}
        key = prefix + PurePosixPath(described.get("path") or "reana.yaml").name
        if key in keys or not described.get("path"):
            continue
        if provenance.file_entry(root, described["path"]).get("sha256") == described.get("sha256"):
            extra.append((key, root / described["path"]))
            keys.add(key)
    return extra


def _id(key: str) -> str:
    return quote(key)


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", str(text)).strip("-") or "x"


def describe(graph, root: dict, runs: list[tuple[str, dict]], agent: dict | None) -> list:
    """Add the Workflow Run Crate entities of `runs` to `graph` (whose File entities exist
    already); returns the @context to use."""
    descriptor = graph.entities["ro-crate-metadata.json"]
    descriptor["conformsTo"] = [descriptor["conformsTo"], {"@id": WORKFLOW_RO_CRATE}]
    root["conformsTo"] = [{"@id": uri} for uri in PROFILES]
    for uri, (name, version) in PROFILES.items():
        graph.add({"@id": uri, "@type": "CreativeWork", "name": name, "version": version})
    actions = []
    for number, (prefix, record) in enumerate(runs):
        workflow = _workflow(graph, prefix, record)
        if number == 0 and workflow is not None:
            root["mainEntity"] = workflow
        actions.append(_action(graph, prefix, record, workflow, agent))
    root["mentions"] = actions[0] if len(actions) == 1 else actions
    return ["https://w3id.org/ro/crate/1.1/context", SHA256]


def _checksum(graph, key: str, entry: dict) -> dict | None:
    """The File entity of `key` in the crate, given its sha256; None when the crate lacks it."""
    entity = graph.entities.get(_id(key))
    if entity is None or entry.get("missing"):
        return None
    entity["sha256"] = entry["sha256"]
    return {"@id": entity["@id"]}


def _workflow(graph, prefix: str, record: dict) -> dict | None:
    described = record.get("workflow") or {}
    key = prefix + PurePosixPath(described.get("path") or "reana.yaml").name
    reference = _checksum(graph, key, described) if described.get("sha256") else None
    if reference is None:
        return None
    kind = (record.get("engine") or {}).get("workflow_type") or "serial"
    name, url = LANGUAGES.get(kind, (kind, None))
    language = {"@id": f"#language-{_slug(kind)}", "@type": "ComputerLanguage", "name": name}
    if url:
        language["url"] = {"@id": url}
    entity = graph.entities[reference["@id"]]
    entity["@type"] = ["File", "SoftwareSourceCode", "ComputationalWorkflow"]
    entity["programmingLanguage"] = graph.add(language)
    entity["conformsTo"] = {"@id": COMPUTATIONAL_WORKFLOW}
    entity["input"] = [
        graph.add(
            {
                "@id": f"#{_slug(record['run'].get('id'))}-param-{_slug(parameter)}",
                "@type": "FormalParameter",
                "name": parameter,
                "additionalType": _kind(value),
                "conformsTo": {"@id": FORMAL_PARAMETER},
            }
        )
        for parameter, value in (record.get("parameters") or {}).items()
    ]
    return reference


def _dataset(graph, entry: dict) -> dict:
    """A contextual entity: the data stays in the Rucio data lake, named by its DID, with the
    size, file count and checksums Rucio gave when the run started."""
    did = entry["did"]
    facts = [
        f"{entry[key]} {label}"
        for key, label in (("files", "file(s)"), ("bytes", "bytes"))
        if entry.get(key) is not None
    ]
    where = f" on Rucio instance {entry['instance']}" if entry.get("instance") else ""
    dataset = {
        "@id": f"urn:rucio:{did}",
        "@type": "CreativeWork",
        "name": did,
        "identifier": did,
        "description": "A Rucio data identifier (DID) whose data the analysis read"
        + where
        + (f" ({', '.join(facts)})" if facts else ""),
    }
    if entry.get("bytes") is not None:
        dataset["contentSize"] = str(entry["bytes"])
    checksums = [
        graph.add(
            {
                "@id": f"#{_slug(did)}-{key}",
                "@type": "PropertyValue",
                "propertyID": key,
                "name": f"Rucio {key} of {did}",
                "value": str(entry[key]),
            }
        )
        for key in ("adler32", "md5", "files_sha256")
        if entry.get(key)
    ]
    if checksums:
        dataset["identifier"] = [did, *checksums]
    return graph.add(dataset)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    return "Text"


def _action(graph, prefix: str, record: dict, workflow: dict | None, agent: dict | None):
    run, engine = record.get("run") or {}, record.get("engine") or {}
    label = f"{run.get('name')}.{run.get('run_number')}"
    run_id = _slug(run.get("id"))
    objects = [
        reference
        for entry in record.get("inputs") or []
        if (reference := _checksum(graph, prefix + entry["path"], entry))
    ]
    objects += [_dataset(graph, entry) for entry in record.get("dids") or []]
    for parameter, value in (record.get("parameters") or {}).items():
        value_entity = {
            "@id": f"#{run_id}-value-{_slug(parameter)}",
            "@type": "PropertyValue",
            "name": parameter,
            "value": json.dumps(value) if isinstance(value, dict | list) else str(value),
            "exampleOfWork": {"@id": f"#{run_id}-param-{_slug(parameter)}"},
        }
        objects.append(graph.add(value_entity))
    results = [
        reference
        for entry in record.get("outputs") or []
        if (reference := _checksum(graph, prefix + entry["path"], entry))
    ]
    action = {
        "@id": f"#run-{run_id}",
        "@type": "CreateAction",
        "name": f"Run of {label}",
        "description": f"{label} run by {engine.get('name', 'a workflow engine')}"
        + (f" ({engine['url']})" if engine.get("url") else ""),
        "object": objects,
        "result": results,
    }
    if workflow is not None:
        action["instrument"] = workflow
    if agent is not None:
        action["agent"] = agent
    for key, term in (("started", "startTime"), ("finished", "endTime")):
        if record.get(key):
            action[term] = record[key]
    if status := STATUS.get(record.get("status")):
        action["actionStatus"] = {"@id": status}
    return graph.add(action)
