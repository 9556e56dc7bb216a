"""What `reana-client create` POSTs to REANA for a reana.yaml (reana-client 0.9.6, reana-commons'
`load_reana_spec`), computed with the engines REANA's client uses, from the workflow engines'
venv (vre_lab.reana.local.engines):

- serial: the reana.yaml as JSON;
- cwl: `cwltool --validate --strict`, then `workflow.specification` is `cwltool --pack --quiet`;
- snakemake: `workflow.specification` is the job graph reana-commons' `snakemake_load_v8` reads
  from Snakemake's API (snakemake_specification.py, run by the engines' python);
- yadage: `workflow.specification` is null: reana-client loads the workflow to validate it, then
  sends null so that REANA loads it itself;
- cwl and snakemake: `inputs.parameters` becomes the mapping of the file `inputs.parameters.input`
  names; operational options are translated for the engine (`TARGET` -> `--target` for cwl).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

from ..core.errors import BadRequest
from .local.engines import INSTALL_HINT, Engines
from .validation import SpecificationError, Validation, checked

ENGINE_SECONDS = 300  # for one cwltool or Snakemake load
SNAKEMAKE_SCRIPT = Path(__file__).with_name("snakemake_specification.py")
# a Snakefile is code: it gets a user's environment, never the server's (tokens, secrets)
KEPT_ENVIRONMENT = ("PATH", "HOME", "LANG", "USER", "LOGNAME", "TMPDIR")
_OPTION_FOR_ENGINE = {("TARGET", "cwl"): "--target"}


def load_specification(
    path: Path, engines: Engines | None, validation: Validation | None = None
) -> dict:
    """What `reana-client create` POSTs for the reana.yaml at `path`.

    `validation`: the file's validation, when the caller made it in the same action.
    Raises SpecificationError when the file is not valid or its engine refuses it, BadRequest
    (code `engine_missing`) when the engine it needs is not installed.
    """
    path = Path(path)
    validation = checked(path, validation)
    specification = copy.deepcopy(validation.specification)
    workflow_type = validation.workflow_type
    workflow = specification["workflow"]
    _translate_options(specification, workflow_type)
    configfile = ((specification.get("inputs") or {}).get("parameters") or {}).get("input")
    if workflow_type in ("cwl", "snakemake") and configfile is not None:
        specification["inputs"]["parameters"] = validation.parameters
    if workflow_type == "cwl":
        workflow["specification"] = _cwl(engines, path.parent, workflow["file"])
    elif workflow_type == "snakemake":
        workflow["specification"] = _snakemake(engines, path.parent, workflow["file"], configfile)
    elif workflow_type == "yadage":
        workflow["specification"] = None
    return specification


def _translate_options(specification: dict, workflow_type: str) -> None:
    options = (specification.get("inputs") or {}).get("options")
    if not isinstance(options, dict):
        return
    specification["inputs"]["options"] = {
        _OPTION_FOR_ENGINE.get((name, workflow_type), name): value
        for name, value in options.items()
    }


def _environment() -> dict:
    return {name: os.environ[name] for name in KEPT_ENVIRONMENT if os.environ.get(name)}


def _argument(name: str) -> str:
    """A file name as one argument that never reads as an option."""
    return f"./{name}" if name[:1] == "-" else name


def _run(argv: list[str], folder: Path, what: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            argv,
            cwd=folder,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=ENGINE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SpecificationError(f"{what} took more than {ENGINE_SECONDS} s.") from None
    except OSError as error:
        raise SpecificationError(f"{what} could not start: {error.strerror}.") from None


def _said(result: subprocess.CompletedProcess, lines: int = 3) -> str:
    return " ".join((result.stderr or result.stdout or "").strip().splitlines()[-lines:])


def _cwltool(engines: Engines | None) -> str:
    """The engines' cwltool; one on PATH only where there is no engines venv at all."""
    command = engines.command("cwl") if engines is not None else None
    if command is None and (engines is None or not engines.venv.exists()):
        command = shutil.which("cwltool")
    if command is None:
        raise BadRequest(
            "Sending a CWL workflow to REANA needs cwltool to validate and pack it, as"
            f" reana-client does: {INSTALL_HINT}",
            code="engine_missing",
        )
    return str(command)


def _cwl(engines: Engines | None, folder: Path, workflow_file: str) -> dict:
    cwltool, name = _cwltool(engines), _argument(workflow_file)
    checked_file = _run([cwltool, "--validate", "--strict", name], folder, "cwltool --validate")
    if checked_file.returncode != 0:
        raise SpecificationError(
            f"cwltool --validate --strict refuses {workflow_file}: {_said(checked_file)}"
        )
    packed = _run([cwltool, "--pack", "--quiet", name], folder, "cwltool --pack")
    if packed.returncode != 0:
        raise SpecificationError(f"cwltool cannot pack {workflow_file}: {_said(packed)}")
    try:
        return _namespaces_in_main(json.loads(packed.stdout))
    except ValueError:
        raise SpecificationError(f"cwltool gave no JSON for {workflow_file}.") from None


def _namespaces_in_main(packed: dict) -> dict:
    """A packed graph's `$namespaces` where reana-client's cwltool (3.1) writes them, in the
    first process of `$graph`; cwltool 3.3 writes them at the top."""
    graph = packed.get("$graph")
    if "$namespaces" not in packed or not isinstance(graph, list) or not graph:
        return packed
    if not isinstance(graph[0], dict):
        return packed
    rest = {key: value for key, value in packed.items() if key != "$namespaces"}
    first = {**graph[0], "$namespaces": packed["$namespaces"]}
    return {**rest, "$graph": [first, *graph[1:]]}


def _snakemake(
    engines: Engines | None, folder: Path, snakefile: str, configfile: str | None
) -> dict:
    if engines is None or engines.command("snakemake") is None:
        raise BadRequest(
            "Sending a Snakemake workflow to REANA needs Snakemake to compute its job graph, as"
            f" reana-client does: {INSTALL_HINT}",
            code="engine_missing",
        )
    argv = [str(engines.python()), "-I", str(SNAKEMAKE_SCRIPT), _argument(snakefile)]
    argv += [_argument(configfile)] if configfile else []
    had_state = (folder / ".snakemake").exists()
    try:
        result = _run(argv, folder, f"Snakemake loading {snakefile}")
    finally:
        if not had_state:  # Snakemake's log of this load, which no run needs
            shutil.rmtree(folder / ".snakemake", ignore_errors=True)
    try:
        answer = json.loads(result.stdout)
    except ValueError:
        raise SpecificationError(
            f"Snakemake could not load {snakefile}: {_said(result) or 'it gave no answer'}"
        ) from None
    if "error" in answer:
        raise SpecificationError(f"Snakemake specification is invalid: {answer['error']}")
    return answer["specification"]
