"""Settings of reana.yaml (and of the workflow files it names) that only REANA acts on: the
local engine does not honour them, and a run that has them gets a note in its log saying so,
rather than silence. The keys are those of REANA's schema (reana_yaml_schema.json) for the
whole workflow, for serial steps, and as yadage resources, CWL `reana` hints and Snakemake
resources write them."""

from __future__ import annotations

import re
from pathlib import Path

from ...core import files
from ...core.errors import VRELabError

BACKEND = "the local engine runs every step on this machine, not on a compute backend"
KUBERNETES = "the local engine applies no Kubernetes limits, timeouts or user ids"
CREDENTIALS = "the local engine sets up no Kerberos, VOMS or Rucio credentials in a step"
WHY = {
    "compute_backend": BACKEND,
    "htcondor_": BACKEND,
    "slurm_": BACKEND,
    "c4p_": BACKEND,
    "kubernetes_": KUBERNETES,
    "kerberos": CREDENTIALS,
    "voms_proxy": CREDENTIALS,
    "rucio": CREDENTIALS,
    "unpacked_im": "images run as the container runtime pulls them (REANA's unpacked images)",
}
_IN_FILES = re.compile(
    r"\b(compute_backend|(?:kubernetes|htcondor|slurm|c4p)_[a-z_]+|kerberos|voms_proxy)\b"
)
MAX_SCANNED = 2 * 2**20


def _why(key: str) -> str | None:
    return next((why for prefix, why in WHY.items() if key.startswith(prefix)), None)


def notes(specification: dict, source_dir: Path, workflow_files: list[str]) -> list[str]:
    """One note per setting REANA honours and the local engine does not."""
    found = []
    workspace = specification.get("workspace")
    if isinstance(workspace, dict):
        if "retention_days" in workspace:
            found.append(
                "workspace.retention_days is not honoured here: the local engine keeps every"
                " file of a run until the run is deleted"
            )
        if "root_path" in workspace:
            found.append(
                "workspace.root_path is not honoured here: local runs live in the local runs'"
                " folder"
            )
    workflow = specification.get("workflow") or {}
    resources = workflow.get("resources") if isinstance(workflow, dict) else None
    if isinstance(resources, dict):
        if resources.get("cvmfs"):
            found.append("workflow.resources.cvmfs is not honoured here: no CVMFS is mounted")
        if resources.get("kerberos"):
            found.append(f"workflow.resources.kerberos is not honoured here: {CREDENTIALS}")
    options = (specification.get("inputs") or {}).get("options")
    if isinstance(options, dict) and options:
        found.append(
            f"inputs.options ({', '.join(map(str, options))}) are REANA's operational options:"
            " the local engine runs the whole workflow without them"
        )
    if specification.get("tests"):
        found.append("tests are run by REANA after the workflow; the local engine does not")
    found += _step_notes(workflow.get("specification") if isinstance(workflow, dict) else None)
    found += _file_notes(source_dir, workflow_files)
    return found


def _step_notes(specification) -> list[str]:
    steps = specification.get("steps") if isinstance(specification, dict) else None
    where: dict[str, list[str]] = {}
    for number, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        name = step.get("name") or f"step {number + 1}"
        for key in step:
            if isinstance(key, str) and _why(key) and step[key] not in (None, False):
                where.setdefault(key, []).append(str(name))
    return [
        f"{key} (in {', '.join(names)}) is not honoured here: {_why(key)}"
        for key, names in where.items()
    ]


def _file_notes(source_dir: Path, names: list[str]) -> list[str]:
    found = []
    for name in names:
        try:
            text = files.read_text(source_dir, name, MAX_SCANNED)
        except (VRELabError, ValueError):
            continue
        keys = list(dict.fromkeys(_IN_FILES.findall(text)))
        if keys:
            found.append(
                f"{name} sets {', '.join(keys)}, which REANA honours and the local engine does"
                " not: every step runs on this machine"
            )
    return found
