"""The specification `reana-client create` sends for a Snakemake workflow: reana-commons'
`snakemake_load_v8`, run by the workflow engines' python (Snakemake is only there), never
imported by the server.

    python -I snakemake_specification.py SNAKEFILE [CONFIGFILE]

run in the reana.yaml's folder, prints {"specification": ...} or {"error": "..."} (exit 1) on
stdout; whatever Snakemake or the Snakefile print goes to stderr.
"""

import json
import os
import sys
import traceback
from pathlib import Path

MAX_PARALLEL_JOBS = 300  # reana-commons' SNAKEMAKE_MAX_PARALLEL_JOBS


def load(snakefile: str, configfile: str | None) -> dict:
    from snakemake.api import SnakemakeApi
    from snakemake.settings.enums import Quietness
    from snakemake.settings.types import (
        ConfigSettings,
        DeploymentSettings,
        OutputSettings,
        ResourceSettings,
        StorageSettings,
        WorkflowSettings,
    )

    def resource(rule, name):
        return rule.resources.get(name).value

    with SnakemakeApi(OutputSettings(quiet={Quietness.ALL})) as api:
        workflow = api.workflow(
            resource_settings=ResourceSettings(nodes=MAX_PARALLEL_JOBS),
            config_settings=ConfigSettings(configfiles=[Path(configfile)] if configfile else []),
            storage_settings=StorageSettings(),
            storage_provider_settings={},
            workflow_settings=WorkflowSettings(),
            deployment_settings=DeploymentSettings(),
            snakefile=Path(snakefile),
            workdir=None,
        )
        workflow.dag()
        rules = workflow._workflow.rules
    return {
        "job_dependencies": {},
        "steps": [
            {
                "name": rule.name,
                "environment": (rule.container_img or "").replace("docker://", ""),
                "inputs": dict(rule._input),
                "params": dict(rule._params),
                "outputs": dict(rule._output),
                "commands": [rule.shellcmd] if rule.shellcmd else [],
                "compute_backend": resource(rule, "compute_backend"),
                "kubernetes_memory_limit": resource(rule, "kubernetes_memory_limit"),
                "kubernetes_uid": resource(rule, "kubernetes_uid"),
            }
            for rule in rules
            if not rule.norun
        ],
    }


def message(error: BaseException, snakefile: str) -> str:
    """Snakemake's own errors say where; a Python error in the Snakefile gets its type."""
    text = " ".join(str(error).split())
    if type(error).__module__.startswith("snakemake"):
        return text or type(error).__name__
    inside = any(
        Path(frame.filename).name == Path(snakefile).name
        for frame in traceback.extract_tb(error.__traceback__)
    )
    return f"{type(error).__name__}: {text}" + (f" (in {snakefile})" if inside else "")


def main(argv: list[str]) -> int:
    stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the answer must be the only thing on stdout, shell commands included
    sys.stdout = sys.stderr
    try:
        answer = {"specification": load(argv[0], argv[1] if len(argv) > 1 else None)}
    except (Exception, SystemExit) as error:  # "Snakemake specification is invalid: …" for REANA
        answer = {"error": message(error, argv[0])}
    # values a Snakefile computes (functions, paths) become text rather than failing the run
    stdout.write(json.dumps(answer, default=str))
    stdout.flush()
    return 1 if "error" in answer else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
