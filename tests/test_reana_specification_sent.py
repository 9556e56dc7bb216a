"""Proof that vre-lab sends REANA what reana-client sends (issue 17): for each workflow type the
same reana.yaml is created on the strict REANA double once by the real reana-client CLI
(`reana-client create`, its own venv) and once by vre-lab (`POST …/runs`), and the two workflow
specifications the double stored are compared field by field.

What legitimately differs, and only for Snakemake (`LEGITIMATE`):
- `job_dependencies`: the pinned reana-client 0.9.6 (reana-commons 0.9.11) reads them from
  Snakemake 7's DAG; reana-commons' `snakemake_load_v8`, for the Snakemake 8+ that REANA 0.95 and
  vre-lab's engines run, sends `{}` (REANA's Snakemake engine computes the DAG itself);
- the order of `steps`: reana-client 0.9.6 lists the rules of a Python set, an order that changes
  from one process to the next; vre-lab lists them as the Snakefile does. The steps are compared
  by name, each one field by field.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient

SERVER = "reana/servers/cern"
CORPUS = Path(__file__).resolve().parent / "reana_corpus"

WORKFLOWS = {
    "serial": {
        "reana.yaml": """\
            inputs:
              files: [code/count.sh, data/events.csv]
              parameters: {events: data/events.csv, label: demo}
            workflow:
              type: serial
              specification:
                steps:
                  - name: count
                    environment: docker.io/library/bash:5.2
                    kubernetes_memory_limit: 256Mi
                    commands:
                      - mkdir -p results
                      - bash code/count.sh ${events} ${label} > results/summary.txt
            outputs:
              files: [results/summary.txt]
            """,
        "code/count.sh": 'echo "$2: $(wc -l < "$1")"\n',
        "data/events.csv": "a\nb\n",
    },
    "cwl": {
        "reana.yaml": """\
            inputs:
              files: [main.cwl, tools/shout.cwl, inputs.yml]
              parameters: {input: inputs.yml}
            workflow:
              type: cwl
              file: main.cwl
            outputs:
              files: [shout.txt]
            """,
        "inputs.yml": "message: hello\n",
        "main.cwl": """\
            cwlVersion: v1.2
            class: Workflow
            inputs:
              message: string
            outputs:
              result:
                type: File
                outputSource: shout/result
            steps:
              shout:
                run: tools/shout.cwl
                in:
                  message: message
                out: [result]
            """,
        "tools/shout.cwl": """\
            cwlVersion: v1.2
            class: CommandLineTool
            requirements:
              DockerRequirement:
                dockerPull: docker.io/library/bash:5.2
            baseCommand: echo
            stdout: shout.txt
            inputs:
              message:
                type: string
                inputBinding: {position: 1}
            outputs:
              result:
                type: stdout
            """,
    },
    "snakemake": {
        "reana.yaml": """\
            inputs:
              files: [Snakefile, config.yaml, data.txt]
              parameters: {input: config.yaml}
            workflow:
              type: snakemake
              file: Snakefile
            outputs:
              files: [results/summary.txt]
            """,
        "config.yaml": "word: apple\nlabel: fruit\n",
        "data.txt": "apple\npear\napple\n",
        "Snakefile": """\
            rule all:
                input: "results/summary.txt"

            rule count:
                input: data="data.txt"
                output: "results/count.txt"
                params: word=config["word"]
                resources: kubernetes_memory_limit="256Mi"
                container: "docker://docker.io/library/busybox:1.36"
                shell: "grep -c {params.word} {input.data} > {output}"

            rule summarise:
                input: rules.count.output
                output: summary="results/summary.txt"
                params: label=config["label"]
                container: "docker://docker.io/library/busybox:1.36"
                shell: "echo {params.label}: $(cat {input}) > {output.summary}"
            """,
    },
    "yadage": {
        "reana.yaml": """\
            inputs:
              files: [workflow.yml]
              parameters: {message: hello}
            workflow:
              type: yadage
              file: workflow.yml
            outputs:
              files: [say/out.txt]
            """,
        "workflow.yml": (CORPUS / "valid_yadage" / "workflow.yml").read_text(),
    },
}

LEGITIMATE = {"snakemake": {"workflow.specification.job_dependencies"}}


@pytest.fixture
def reana(reana_double_factory):
    return reana_double_factory(step_seconds=0.1)


@pytest.fixture
def jp_server_config(jp_server_config, reana, engines, tmp_path):
    token_file = tmp_path / "reana-token"
    token_file.write_text(reana.token)
    jp_server_config["VRELab"].update(
        reana_servers=[{"name": "cern", "url": reana.url, "access_token_file": str(token_file)}],
        workflow_engines_venv=str(engines.venv),
    )
    return jp_server_config


def write_workflow(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text))


async def stored_specification(reana, workflow: str) -> dict:
    """What the double stored, read back through REANA's own API."""
    response = await AsyncHTTPClient().fetch(
        f"{reana.url}/api/workflows/{workflow}/specification?access_token={reana.token}"
    )
    return json.loads(response.body)["specification"]


def differences(theirs, ours, where: str = "") -> dict[str, tuple]:
    """{dotted key: (theirs, ours)} for every leaf that differs."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        found = {}
        for key in sorted(set(theirs) | set(ours)):
            mine, other = theirs.get(key, "<absent>"), ours.get(key, "<absent>")
            found.update(differences(mine, other, f"{where}.{key}"))
        return found
    if isinstance(theirs, list) and isinstance(ours, list) and len(theirs) == len(ours):
        found = {}
        for index, (mine, other) in enumerate(zip(theirs, ours, strict=True)):
            found.update(differences(mine, other, f"{where}.{index}"))
        return found
    return {} if theirs == ours else {where.lstrip("."): (theirs, ours)}


def snakemake_steps_by_name(specification: dict) -> dict:
    steps = specification["workflow"]["specification"]["steps"]
    specification["workflow"]["specification"]["steps"] = {step["name"]: step for step in steps}
    return specification


@pytest.mark.parametrize("kind", list(WORKFLOWS))
async def test_reana_gets_from_vre_lab_what_reana_client_sends(
    kind,
    reana,
    reana_client_cli,
    reana_client_executable,
    workflows_api,
    wait_for_job,
    jp_root_dir,
):
    folder = jp_root_dir / kind
    write_workflow(folder, WORKFLOWS[kind])
    client_path = f"{reana_client_executable.parent}{os.pathsep}{os.environ['PATH']}"
    reana_client_cli(
        "create",
        *("-w", f"{kind}-client", "-f", "reana.yaml"),
        url=reana.url,
        token=reana.token,
        cwd=folder,
        # its cwltool packs, as for any user of reana-client; pytest-jupyter's PYTHONPATH (this
        # venv's packages) must not reach its venv
        env={"PATH": client_path, "PYTHONPATH": ""},
    )
    status, job = await workflows_api(
        "POST", f"{SERVER}/runs", {"path": f"{kind}/reana.yaml", "name": f"{kind}-vre"}
    )
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]

    theirs = await stored_specification(reana, f"{kind}-client.1")
    ours = await stored_specification(reana, job["result"]["workflow_id"])
    assert theirs["workflow"]["type"] == ours["workflow"]["type"] == kind
    if kind == "snakemake":
        theirs, ours = snakemake_steps_by_name(theirs), snakemake_steps_by_name(ours)
        assert set(ours["workflow"]["specification"]["steps"]) == {"count", "summarise"}
    elif kind == "yadage":
        assert ours["workflow"]["specification"] is None
    else:
        assert ours["workflow"]["specification"]
    found = differences(theirs, ours)
    legitimate = LEGITIMATE.get(kind, set())

    def allowed(key: str) -> bool:
        return any(key == name or key.startswith(f"{name}.") for name in legitimate)

    assert {key: value for key, value in found.items() if not allowed(key)} == {}
    if kind == "snakemake":  # the difference is there, and it is the one said above
        assert ours["workflow"]["specification"]["job_dependencies"] == {}
        assert theirs["workflow"]["specification"]["job_dependencies"]["summarise"] == ["count"]
