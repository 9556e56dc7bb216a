"""Snakemake and CWL workflows run on this machine with the engine REANA runs for them (from the
engines' venv), as one job in the run's workspace: status, logs, outputs, stop, as for serial
runs; Snakemake's config is the parameter file's mapping with the form's values over it, CWL's
workflow is packed into workflow.json and its parameters are in inputs.json, as on REANA."""

import json
import textwrap

import pytest

from tests.plugins.workflows import export_crate, run_to_the_end
from tests.publish_examples import minimal_deposit
from tests.test_reana_local_engine import alive, wait, wait_for
from vre_lab.core.errors import BadRequest

# the fixtures root, source and local (an engine that has the workflow engines) are those of
# tests/plugins/engines.py

SNAKEFILE = textwrap.dedent(
    """\
    rule all:
        input: "results/greeting.txt"

    rule greet:
        input: "data/names.txt"
        output: "results/greeting.txt"
        params: word=config["greeting"]
        shell: "mkdir -p results && sed 's/^/{params.word} /' {input} > {output}"
    """
)
GREET_CWL = textwrap.dedent(
    """\
    cwlVersion: v1.2
    class: Workflow
    inputs:
      greeting: string
    outputs:
      greeting_file:
        type: File
        outputSource: say/out
    steps:
      say:
        run: say.cwl
        in: {greeting: greeting}
        out: [out]
    """
)
SAY_CWL = textwrap.dedent(
    """\
    cwlVersion: v1.2
    class: CommandLineTool
    hints:
      DockerRequirement: {dockerPull: docker.io/library/bash:5}
    baseCommand: echo
    inputs:
      greeting: {type: string, inputBinding: {position: 1}}
    outputs:
      out: {type: stdout}
    stdout: greeting.txt
    """
)


def reana_yaml(kind: str, workflow_file: str, files: list[str], outputs: list[str]) -> dict:
    return {
        "version": "0.9.0",
        "inputs": {"files": files, "parameters": {"input": "config.yaml"}},
        "workflow": {"type": kind, "file": workflow_file},
        "outputs": {"files": outputs},
    }


def start(engine, source, specification, parameters=None):
    created = engine.create(
        name="greet", specification=specification, source_dir=source, parameters=parameters or {}
    )
    engine.start(created["id"])
    return created["id"]


def test_a_snakemake_workflow_runs_with_snakemake_its_config_the_parameters(local, root, source):
    (source / "Snakefile").write_text(SNAKEFILE)
    (source / "config.yaml").write_text("greeting: Hello\n")
    (source / "data" / "names.txt").write_text("Ada\nLise\n")
    specification = reana_yaml(
        "snakemake", "Snakefile", ["data/names.txt"], ["results/greeting.txt"]
    )
    workflow_id = start(local, source, specification, {"greeting": "Salut"})  # the form wins
    detail = wait(local, workflow_id, timeout=120)
    logs = local.logs(workflow_id)
    assert detail["status"] == "finished", logs
    assert (detail["name"], detail["workspace_path"]) == ("greet", "reana-runs/greet.1")
    workspace = root / detail["workspace_path"]
    assert (workspace / "results" / "greeting.txt").read_text() == "Salut Ada\nSalut Lise\n"
    assert (workspace / "Snakefile").is_file()  # the workflow travels with its inputs
    assert detail["parameters"] == {"greeting": "Salut"}
    (job,) = logs["steps"]
    assert "2 of 2 steps (100%) done" in job["log"]
    # the progress counts Snakemake's jobs (its rules' runs), as REANA shows them
    assert detail["progress"] == {"total": 2, "finished": 2, "failed": 0, "running": 0}
    assert "Snakemake runs `container:` images with apptainer" in logs["workflow_log"]
    record = json.loads((workspace / "provenance.json").read_text())
    assert [o["path"] for o in record["outputs"]] == ["results/greeting.txt"]


def test_a_cwl_workflow_is_packed_and_run_with_cwltool_its_outputs_in_outputs(local, root, source):
    (source / "greet.cwl").write_text(GREET_CWL)
    (source / "say.cwl").write_text(SAY_CWL)
    (source / "config.yaml").write_text("greeting: Hello\n")
    specification = reana_yaml("cwl", "greet.cwl", [], ["outputs/greeting.txt"])
    workflow_id = start(local, source, specification)
    detail = wait(local, workflow_id, timeout=120)
    logs = local.logs(workflow_id)
    assert detail["status"] == "finished", logs
    workspace = root / detail["workspace_path"]
    assert (workspace / "outputs" / "greeting.txt").read_text() == "Hello\n"
    packed = json.loads((workspace / "workflow.json").read_text())
    assert {entry["id"] for entry in packed["$graph"]} >= {"#main", "#say.cwl"}
    assert json.loads((workspace / "inputs.json").read_text()) == {"greeting": "Hello"}
    assert detail["progress"] == {"total": 1, "finished": 1, "failed": 0, "running": 0}
    assert "cwltool runs every step on this host" in logs["workflow_log"]


YADAGE_WORKFLOW = textwrap.dedent(
    """\
    stages:
      - name: hello
        dependencies: [init]
        scheduler:
          scheduler_type: singlestep-stage
          parameters:
            names: {step: init, output: names}
            greeting: {step: init, output: greeting}
            outputfile: '{workdir}/greeting.txt'
          step: {$ref: 'workflow/steps.yml#/say'}
    """
)
YADAGE_STEPS = textwrap.dedent(
    """\
    say:
      process:
        process_type: string-interpolated-cmd
        cmd: "sed 's/^/{greeting} /' {names} > {outputfile}"
      environment:
        environment_type: docker-encapsulated
        image: docker.io/library/bash
        imagetag: '5'
      publisher:
        publisher_type: frompar-pub
        outputmap:
          outputfile: outputfile
    """
)


def test_a_yadage_workflow_runs_with_yadage_its_parameters_the_init_data(local, root, source):
    (source / "workflow").mkdir()
    (source / "workflow" / "workflow.yml").write_text(YADAGE_WORKFLOW)
    (source / "workflow" / "steps.yml").write_text(YADAGE_STEPS)
    (source / "data" / "names.txt").write_text("Ada\nLise\n")
    specification = {
        "version": "0.9.0",
        "inputs": {
            "files": ["data/names.txt"],
            "directories": ["workflow"],
            "parameters": {"names": "data/names.txt", "greeting": "Hello"},
        },
        "workflow": {"type": "yadage", "file": "workflow/workflow.yml"},
        "outputs": {"files": ["hello/greeting.txt"]},
    }
    workflow_id = start(local, source, specification, {"greeting": "Salut"})
    detail = wait(local, workflow_id, timeout=120)
    logs = local.logs(workflow_id)
    assert detail["status"] == "finished", logs
    workspace = root / detail["workspace_path"]
    # a parameter naming a file of the workspace is its path there, as on REANA
    assert (workspace / "hello" / "greeting.txt").read_text() == "Salut Ada\nSalut Lise\n"
    assert detail["progress"] == {"total": 2, "finished": 2, "failed": 0, "running": 0}
    assert "yadage runs each step's command on this host" in logs["workflow_log"]


def test_a_yadage_workflow_runs_with_the_files_its_refs_name_though_no_input_lists_them(
    local, root, source
):
    (source / "workflow").mkdir()
    (source / "workflow" / "workflow.yml").write_text(YADAGE_WORKFLOW)
    (source / "workflow" / "steps.yml").write_text(YADAGE_STEPS)
    (source / "data" / "names.txt").write_text("Ada\n")
    specification = {
        "version": "0.9.0",
        "inputs": {
            "files": ["data/names.txt"],
            "parameters": {"names": "data/names.txt", "greeting": "Hello"},
        },
        "workflow": {"type": "yadage", "file": "workflow/workflow.yml"},
        "outputs": {"files": ["hello/greeting.txt"]},
    }
    detail = wait(local, start(local, source, specification), timeout=120)
    assert detail["status"] == "finished", local.logs(detail["id"])
    workspace = root / detail["workspace_path"]
    assert (workspace / "workflow" / "steps.yml").is_file()
    assert (workspace / "hello" / "greeting.txt").read_text() == "Hello Ada\n"


def test_a_cwl_docker_requirement_runs_on_this_host_without_a_container_runtime(
    local, root, source
):
    (source / "greet.cwl").write_text(GREET_CWL)
    required = SAY_CWL.replace("hints:", "requirements:")
    (source / "say.cwl").write_text(required)
    (source / "config.yaml").write_text("greeting: Hello\n")
    specification = reana_yaml("cwl", "greet.cwl", [], ["outputs/greeting.txt"])
    detail = wait(local, start(local, source, specification), timeout=120)
    logs = local.logs(detail["id"])
    assert detail["status"] == "finished", logs
    workspace = root / detail["workspace_path"]
    assert (workspace / "outputs" / "greeting.txt").read_text() == "Hello\n"
    (say,) = [p for p in json.loads((workspace / "workflow.json").read_text())["$graph"]
              if p["id"] == "#say.cwl"]  # fmt: skip
    assert [h["class"] for h in say["hints"]] == ["DockerRequirement"]
    assert "DockerRequirement" not in json.dumps(say.get("requirements", []))


def test_a_failing_yadage_step_fails_the_run(local, source):
    (source / "workflow").mkdir()
    (source / "workflow" / "workflow.yml").write_text(YADAGE_WORKFLOW)
    (source / "workflow" / "steps.yml").write_text(YADAGE_STEPS.replace("sed", "false && sed"))
    specification = {
        "version": "0.9.0",
        "inputs": {"directories": ["workflow"], "parameters": {"names": "x", "greeting": "Hi"}},
        "workflow": {"type": "yadage", "file": "workflow/workflow.yml"},
    }
    detail = wait(local, start(local, source, specification), timeout=120)
    assert detail["status"] == "failed"
    assert detail["progress"]["failed"] == 1


def test_a_cwl_workflow_whose_step_file_is_missing_is_refused_before_anything_is_copied(
    local, root, source
):
    (source / "greet.cwl").write_text(GREET_CWL)  # say.cwl is missing
    (source / "config.yaml").write_text("greeting: Hello\n")
    with pytest.raises(BadRequest) as caught:
        local.create(
            name="greet",
            specification=reana_yaml("cwl", "greet.cwl", [], []),
            source_dir=source,
            parameters={},
        )
    assert "`greet.cwl` runs `say.cwl`, which does not exist next to it" in caught.value.message
    assert not (root / "reana-runs").exists() or not list((root / "reana-runs").iterdir())


def test_stopping_a_snakemake_run_stops_the_engine_and_what_it_started(local, source):
    (source / "Snakefile").write_text(
        'rule all:\n    output: "done.txt"\n    shell: "sleep 60 && touch {output}"\n'
    )
    (source / "config.yaml").write_text("{}\n")
    workflow_id = start(local, source, reana_yaml("snakemake", "Snakefile", [], ["done.txt"]))

    def sleeping() -> bool:
        steps = local.logs(workflow_id)["steps"]
        return bool(steps) and "sleep 60" in steps[0]["log"]

    wait_for(sleeping, timeout=60)
    (job,) = local.logs(workflow_id)["steps"]
    local.stop(workflow_id)
    detail = wait(local, workflow_id, timeout=30)
    assert detail["status"] == "stopped"
    pid = local.runs.get(workflow_id)["jobs"][0]["pid"]
    assert not alive(pid)
    assert job["name"] == "snakemake"


def test_a_parameter_file_that_is_not_a_mapping_is_a_clear_400(local, source):
    (source / "Snakefile").write_text(SNAKEFILE)
    (source / "config.yaml").write_text("- just\n- a list\n")
    with pytest.raises(BadRequest) as caught:
        local.create(
            name="greet",
            specification=reana_yaml("snakemake", "Snakefile", [], []),
            source_dir=source,
            parameters={},
        )
    assert caught.value.message == "The parameter file 'config.yaml' must hold a mapping"


class TestThroughTheAPI:
    @pytest.fixture
    def jp_server_config(self, jp_server_config, engines):
        jp_server_config["VRELab"]["workflow_engines_venv"] = str(engines.venv)
        return jp_server_config

    async def test_run_locally_runs_a_snakemake_reana_yaml_to_its_outputs(
        self, workflows_api, wait_for_job, wait_for_workflow, jp_root_dir
    ):
        folder = jp_root_dir / "greet"
        (folder / "data").mkdir(parents=True)
        (folder / "Snakefile").write_text(SNAKEFILE)
        (folder / "config.yaml").write_text("greeting: Hello\n")
        (folder / "data" / "names.txt").write_text("Ada\n")
        specification = reana_yaml(
            "snakemake", "Snakefile", ["data/names.txt"], ["results/greeting.txt"]
        )
        (folder / "reana.yaml").write_text(json.dumps(specification))
        body = {"path": "greet/reana.yaml"}
        status, job = await workflows_api("POST", "reana/servers/local/runs", body)
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        detail = await wait_for_workflow("local", job["result"]["workflow_id"], timeout=120)
        assert detail["status"] == "finished"
        made = jp_root_dir / detail["workspace_path"] / "results" / "greeting.txt"
        assert made.read_text() == "Hello Ada\n"

    async def test_without_the_engines_the_answer_says_how_to_install_them(
        self, workflows_api, wait_for_job, jp_root_dir, vre_app, tmp_path
    ):
        from vre_lab.reana.local.engines import Engines

        vre_app.workflows.local.engines = Engines(tmp_path / "nowhere")
        folder = jp_root_dir / "greet"
        folder.mkdir()
        (folder / "Snakefile").write_text(SNAKEFILE)
        (folder / "config.yaml").write_text("greeting: Hello\n")
        specification = reana_yaml("snakemake", "Snakefile", [], [])
        (folder / "reana.yaml").write_text(json.dumps(specification))
        status, job = await workflows_api(
            "POST", "reana/servers/local/runs", {"path": "greet/reana.yaml"}
        )
        if status == 202:  # the check happens in the run's job
            job = await wait_for_job(job)
            message = job["message"]
        else:
            message = job["message"]
        assert "`vre-lab engines install`" in message

    async def test_a_snakemake_run_exported_as_a_crate_is_reproduced_the_same(
        self, workflows_api, wait_for_job, wait_for_workflow, jp_root_dir
    ):
        folder = jp_root_dir / "greet"
        (folder / "data").mkdir(parents=True)
        (folder / "Snakefile").write_text(SNAKEFILE)
        (folder / "config.yaml").write_text("greeting: Hello\n")
        (folder / "data" / "names.txt").write_text("Ada\n")
        specification = reana_yaml(
            "snakemake", "Snakefile", ["data/names.txt"], ["results/greeting.txt"]
        )
        (folder / "reana.yaml").write_text(json.dumps(specification))
        body = {"path": "greet/reana.yaml", "parameters": {"greeting": "Salut"}}
        detail = await run_to_the_end(workflows_api, wait_for_job, wait_for_workflow, body)
        crate = await export_crate(
            workflows_api, wait_for_job, [detail["workspace_path"]], minimal_deposit("Greet")
        )
        status, job = await workflows_api("POST", "reana/reproductions", {"source": crate})
        assert status == 202, job
        job = await wait_for_job(job, timeout=120)
        assert job["state"] == "succeeded", job["message"]
        result = job["result"]
        assert (result["reproduced"], result["summary"]["same"]) == (True, 1), result
        assert result["run"]["status"] == "finished"
