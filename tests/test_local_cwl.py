"""A local CWL run's job is one process of the engines' python (vre_lab/reana/local/cwl_job.py):
it packs the workflow as `cwltool --pack` does into workflow.json, then runs cwltool's main on
it, as REANA's CWL engine runs cwltool in its own process. These tests fail if that pack and run
break: a step file named by `run:` in another folder (and in no input) is packed in, the packed
workflow is what `cwltool --pack` prints, a workflow cwltool cannot pack fails its run with
cwltool's message, and the progress counts the workflow's steps while it runs."""

import json
import shlex
import subprocess
import textwrap

from tests.test_local_engines import GREET_CWL, SAY_CWL, reana_yaml, start
from tests.test_reana_local_engine import wait, wait_for
from vre_lab.reana.local import cwl_job, runners

# the fixtures root, source and local (an engine that has the workflow engines) are those of
# tests/plugins/engines.py


def test_a_step_file_in_another_folder_is_packed_in_and_the_run_reads_only_workflow_json(
    local, root, source, engines
):
    (source / "workflow").mkdir()
    (source / "tools").mkdir()
    (source / "workflow" / "greet.cwl").write_text(GREET_CWL.replace("say.cwl", "../tools/say.cwl"))
    (source / "tools" / "say.cwl").write_text(SAY_CWL)
    (source / "config.yaml").write_text("greeting: Hello\n")
    specification = reana_yaml("cwl", "workflow/greet.cwl", [], ["outputs/greeting.txt"])
    detail = wait(local, start(local, source, specification), timeout=120)
    logs = local.logs(detail["id"])
    assert detail["status"] == "finished", logs
    workspace = root / detail["workspace_path"]
    assert (workspace / "outputs" / "greeting.txt").read_text() == "Hello\n"
    assert not (workspace / "tools").exists()  # packed in, not copied
    # one process packs and runs: cwltool's main runs on workflow.json, never on the .cwl file
    (job,) = logs["steps"]
    assert job["log"].count("Resolved 'workflow.json#main'") == 1
    assert "greet.cwl'" not in job["log"]
    command = shlex.split(local._find(detail["id"])["steps"][0]["commands"][0])
    assert command[:3] == [str(engines.python()), "-I", str(runners.CWL_JOB)]
    assert command[3:7] == [str(source.resolve()), "workflow/greet.cwl", "--docker-as-hint", "--"]


def test_the_packed_workflow_is_what_cwltool_pack_prints(local, root, source, engines):
    (source / "greet.cwl").write_text(GREET_CWL)
    (source / "say.cwl").write_text(SAY_CWL.replace("hints:", "requirements:"))
    (source / "config.yaml").write_text("greeting: Hello\n")
    specification = reana_yaml("cwl", "greet.cwl", [], ["outputs/greeting.txt"])
    detail = wait(local, start(local, source, specification), timeout=120)
    assert detail["status"] == "finished", local.logs(detail["id"])
    printed = subprocess.run(
        [str(engines.command("cwl")), "--pack", "--quiet", "greet.cwl"],
        cwd=source,
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    # no container runtime here: the DockerRequirement is a hint, the rest as cwltool packs it
    expected = cwl_job.docker_as_hint(json.loads(printed))
    assert json.loads((root / detail["workspace_path"] / "workflow.json").read_text()) == expected


def test_a_workflow_cwltool_cannot_pack_fails_its_run_with_cwltool_s_message(local, root, source):
    (source / "greet.cwl").write_text(GREET_CWL)
    # a type cwltool does not know: the validator without cwltool lets it through
    (source / "say.cwl").write_text(SAY_CWL.replace("type: string", "type: strang"))
    (source / "config.yaml").write_text("greeting: Hello\n")
    detail = wait(local, start(local, source, reana_yaml("cwl", "greet.cwl", [], [])), timeout=120)
    logs = local.logs(detail["id"])
    assert detail["status"] == "failed"
    (job,) = logs["steps"]
    assert "references unknown identifier 'strang'" in job["log"]
    said = [line for line in logs["workflow_log"].splitlines() if "cwltool cannot pack" in line]
    assert len(said) == 1, logs["workflow_log"]
    assert " cwltool cannot pack greet.cwl: " in said[0]
    assert "unknown identifier 'strang'" in said[0]
    assert logs["workflow_log"].rstrip().endswith("Workflow failed")
    assert not (root / detail["workspace_path"] / "workflow.json").exists()  # nothing ran


TWO_STEPS = textwrap.dedent(
    """\
    cwlVersion: v1.2
    class: Workflow
    inputs:
      flag: string
    outputs:
      done:
        type: File
        outputSource: second/out
    steps:
      first:
        run: wait.cwl
        in: {flag: flag, which: {default: first}}
        out: [out]
      second:
        run: wait.cwl
        in: {flag: flag, which: {default: second}, after: first/out}
        out: [out]
    """
)
WAIT_CWL = textwrap.dedent(
    """\
    cwlVersion: v1.2
    class: CommandLineTool
    baseCommand: [bash, -c]
    arguments:
      - valueFrom: >-
          if [ "$(inputs.which)" = second ]; then
          while [ ! -e "$(inputs.flag)" ]; do sleep 0.05; done; fi; echo $(inputs.which)
    inputs:
      flag: string
      which: string
      after: {type: "File?"}
    outputs:
      out: {type: stdout}
    stdout: out.txt
    """
)


def test_the_progress_counts_the_workflow_s_steps_while_it_runs(local, source, tmp_path):
    flag = tmp_path / "go"
    (source / "two.cwl").write_text(TWO_STEPS)
    (source / "wait.cwl").write_text(WAIT_CWL)
    (source / "config.yaml").write_text(f"flag: {json.dumps(str(flag))}\n")
    workflow_id = start(local, source, reana_yaml("cwl", "two.cwl", [], ["outputs/out.txt"]))
    try:
        wait_for(lambda: local.get(workflow_id)["progress"]["finished"] == 1, timeout=120)
        detail = local.get(workflow_id)
        assert detail["status"] == "running"
        assert detail["progress"] == {"total": 2, "finished": 1, "failed": 0, "running": 1}
    finally:
        flag.touch()
    detail = wait(local, workflow_id, timeout=120)
    assert detail["status"] == "finished", local.logs(workflow_id)
    assert detail["progress"] == {"total": 2, "finished": 2, "failed": 0, "running": 0}


def test_the_job_script_refuses_what_it_is_not_given(capsys):
    assert cwl_job.main(["folder", "workflow.cwl", "workflow.json#main"]) == 2
    assert cwl_job.main(["folder", "workflow.cwl", "--other", "--", "x"]) == 2
    assert "python -I cwl_job.py FOLDER WORKFLOW" in capsys.readouterr().err


def test_docker_as_hint_moves_only_docker_requirements():
    document = {
        "$graph": [
            {
                "id": "#a",
                "requirements": [
                    {"class": "DockerRequirement", "dockerPull": "x"},
                    {"class": "InlineJavascriptRequirement"},
                ],
            },
            {"id": "#b", "hints": [{"class": "ResourceRequirement"}]},
        ]
    }
    moved = cwl_job.docker_as_hint(document)
    assert moved["$graph"][0] == {
        "id": "#a",
        "requirements": [{"class": "InlineJavascriptRequirement"}],
        "hints": [{"class": "DockerRequirement", "dockerPull": "x"}],
    }
    assert moved["$graph"][1] == {"id": "#b", "hints": [{"class": "ResourceRequirement"}]}
