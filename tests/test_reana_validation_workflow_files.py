"""The validator reads workflow files as REANA does, and its issues point into them.

- yadage `$ref`s: those in the workflow file are relative to the reana.yaml's folder (yadage's
  `toplevel`), those in a file a `$ref` brought in relative to that file — checked against the
  real reana-client by the corpus cases `*_yadage_*ref*`
  (test_reana_validation_agrees_with_reana_client.py);
- an issue found in a yadage, CWL or Snakemake file names that file (`file`) and its line there;
- a name a yadage stage only publishes is not a use; `$$` in a serial command is a literal `$`.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from vre_lab.core.api import OPENAPI_PATH
from vre_lab.reana.local.params import expand
from vre_lab.reana.reana_specification import load_specification
from vre_lab.reana.validation import SpecificationError, validate_file

CORPUS = Path(__file__).resolve().parent / "reana_corpus"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"))
    return folder / "reana.yaml"


def errors(validation) -> list:
    return [issue for issue in validation.issues if issue.severity == "error"]


def warnings(validation) -> list:
    return [issue for issue in validation.issues if issue.severity == "warning"]


# ---------------------------------------------------------------------------------------------
# yadage `$ref`s


def test_refs_in_the_yadage_workflow_file_are_relative_to_the_reana_yaml_folder():
    accepted = validate_file(CORPUS / "valid_yadage_ref_from_the_reana_yaml_folder" / "reana.yaml")
    assert accepted.issues == []

    refused = validate_file(
        CORPUS / "invalid_yadage_ref_from_the_workflow_file_folder" / "reana.yaml"
    )
    (issue,) = errors(refused)
    assert (issue.file, issue.line, issue.key) == (
        "workflow/workflow.yml",
        9,
        "stages.0.scheduler.step.$ref",
    )
    assert "relative to the folder of the reana.yaml" in issue.message
    assert "`workflow/steps.yml` is `workflow/steps.yml` from there" in issue.message


def test_refs_in_a_file_a_ref_brought_in_are_relative_to_that_file():
    accepted = validate_file(CORPUS / "valid_yadage_nested_ref_from_its_own_file" / "reana.yaml")
    assert accepted.issues == []

    refused = validate_file(
        CORPUS / "invalid_yadage_nested_ref_from_the_reana_yaml_folder" / "reana.yaml"
    )
    (issue,) = errors(refused)
    assert (issue.file, issue.line, issue.key) == ("workflow/steps.yml", 2, "say.process.$ref")
    assert "relative to its folder" in issue.message
    assert "`workflow/process.yml` is `process.yml` from there" in issue.message


def test_refs_in_the_workflow_file_follow_the_toplevel_option(tmp_path):
    shutil.copytree(
        CORPUS / "valid_yadage_ref_from_the_reana_yaml_folder", tmp_path, dirs_exist_ok=True
    )
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": """
                inputs:
                  parameters: {message: hello}
                  options: {toplevel: workflow}
                workflow:
                  type: yadage
                  file: workflow.yml
                """
        },
    )
    (issue,) = errors(validate_file(reana_yaml))
    assert "relative to `workflow` (the `toplevel` option)" in issue.message
    workflow = tmp_path / "workflow" / "workflow.yml"
    workflow.write_text(workflow.read_text().replace("workflow/steps.yml", "steps.yml"))
    assert validate_file(reana_yaml).issues == []


def test_a_ref_that_loops_is_an_error_at_the_ref(tmp_path):
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": "inputs: {}\nworkflow:\n  type: yadage\n  file: workflow.yml\n",
            "workflow.yml": "stages: {$ref: 'loop.yml#/a'}\n",
            "loop.yml": "a: {$ref: '#/b'}\nb: {$ref: '#/a'}\n",
        },
    )
    (issue,) = errors(validate_file(reana_yaml))
    assert issue.file == "loop.yml"
    assert "loop" in issue.message


# ---------------------------------------------------------------------------------------------
# issues point at the workflow file and line


def test_issues_in_a_yadage_workflow_point_at_the_file_and_line_of_the_stage():
    result = validate_file(CORPUS / "invalid_yadage_stage_without_scheduler" / "reana.yaml")
    by_message = {issue.message: issue for issue in errors(result)}
    scheduler = next(i for m, i in by_message.items() if "has no `scheduler`" in m)
    step = next(i for m, i in by_message.items() if "`step`, which yadage" in m)
    assert (scheduler.file, scheduler.line) == ("workflow.yml", 2)
    assert (step.file, step.line, step.column, step.key) == ("workflow.yml", 4, 5, "stages.0.step")


def test_issues_in_a_yadage_step_brought_in_by_a_ref_point_into_the_step_file(tmp_path):
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": "inputs:\n  parameters: {}\nworkflow:\n  type: yadage\n"
            "  file: workflow.yml\n",
            "workflow.yml": """
                stages:
                  - name: say
                    dependencies: [init]
                    scheduler:
                      scheduler_type: singlestep-stage
                      parameters: {}
                      step: {$ref: 'steps.yml#/say'}
                """,
            "steps.yml": """
                say:
                  process:
                    process_type: string-interpolated-cmd
                    cmd: sudo echo {missing}
                  environment:
                    environment_type: docker-encapsulated
                    image: busybox
                  publisher: {publisher_type: constant-pub, publish: {}}
                """,
        },
    )
    result = validate_file(reana_yaml)
    places = {(i.file, i.line, i.column) for i in warnings(result)}
    undefined = next(i for i in warnings(result) if "`{missing}`" in i.message)
    assert (undefined.file, undefined.line, undefined.column) == ("steps.yml", 4, 20)
    assert ("steps.yml", 4, 10) in places  # sudo
    image = next(i for i in warnings(result) if "Image `busybox`" in i.message)
    assert (image.file, image.line, image.key) == ("steps.yml", 7, "say.environment.image")


def test_issues_in_cwl_files_point_at_the_file_and_line(tmp_path):
    missing_class = validate_file(CORPUS / "invalid_cwl_missing_class" / "reana.yaml")
    (issue,) = errors(missing_class)
    assert (issue.file, issue.line, issue.key) == ("hello.cwl", 1, "class")

    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": "inputs: {}\nworkflow:\n  type: cwl\n  file: main.cwl\n",
            "main.cwl": """
                cwlVersion: v1.2
                class: Workflow
                inputs: []
                outputs: []
                steps:
                  first:
                    run: tools/first.cwl
                    in: []
                    out: []
                  second:
                    run: tools/absent.cwl
                    in: []
                    out: []
                """,
            "tools/first.cwl": """
                class: CommandLineTool
                requirements:
                  - class: DockerRequirement
                    dockerPull: python:latest
                baseCommand: [bash, -c]
                arguments: ["cd / && sudo ls"]
                inputs: []
                outputs: []
                """,
        },
    )
    result = validate_file(reana_yaml)
    absent = next(i for i in errors(result) if "absent.cwl" in i.message)
    assert (absent.file, absent.line, absent.key) == ("main.cwl", 11, "steps.second.run")
    places = {(i.file, i.line, i.column) for i in warnings(result)}
    assert {("tools/first.cwl", 6, 14), ("tools/first.cwl", 6, 22)} <= places  # cd /, sudo
    image = next(i for i in warnings(result) if "python:latest" in i.message)
    assert (image.file, image.line) == ("tools/first.cwl", 4)


def test_issues_in_a_snakefile_point_at_its_line_and_column():
    result = validate_file(CORPUS / "valid_warns_snakefile_sudo" / "reana.yaml")
    (issue,) = warnings(result)
    assert (issue.file, issue.line, issue.column, issue.key) == ("Snakefile", 11, 10, "")
    assert "`sudo`" in issue.message


def test_a_workflow_file_that_is_not_yaml_is_an_error_at_its_line(tmp_path):
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": "inputs: {}\nworkflow:\n  type: yadage\n  file: workflow.yml\n",
            "workflow.yml": "stages:\n  - name: a\n    scheduler: [unclosed\n",
        },
    )
    (issue,) = errors(validate_file(reana_yaml))
    assert issue.file == "workflow.yml"
    assert issue.line == 4
    assert issue.message.startswith("`workflow.yml` is not valid YAML")
    with pytest.raises(SpecificationError, match=r"\(workflow\.yml, line 4\)"):
        load_specification(reana_yaml, None)


def test_the_issues_of_the_reana_yaml_come_first_and_have_no_file(tmp_path):
    folder = CORPUS / "valid_yadage_publishes_a_name_it_does_not_take"
    reana_yaml = write(
        tmp_path,
        {
            "workflow.yml": (folder / "workflow.yml").read_text().replace("{workdir}/p", "{x}/p"),
            "reana.yaml": (folder / "reana.yaml").read_text().replace("events: 100", "unused: 1"),
        },
    )
    issues = validate_file(reana_yaml).issues
    assert [(issue.file, issue.key) for issue in issues] == [
        (None, "inputs.parameters.unused"),
        ("workflow.yml", "stages.0.scheduler.step.publisher.publish.log"),
    ]


# ---------------------------------------------------------------------------------------------
# what is undefined


def test_a_name_a_yadage_stage_only_publishes_is_not_a_use():
    folder = CORPUS / "valid_yadage_publishes_a_name_it_does_not_take"
    assert validate_file(folder / "reana.yaml").issues == []


def test_an_undefined_name_in_a_yadage_publisher_is_named_where_it_is_written(tmp_path):
    folder = CORPUS / "valid_yadage_publishes_a_name_it_does_not_take"
    workflow = (folder / "workflow.yml").read_text()
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": (folder / "reana.yaml").read_text(),
            "workflow.yml": workflow.replace("'{workdir}/plot.log'", "'{logdir}/plot.log'"),
        },
    )
    (issue,) = warnings(validate_file(reana_yaml))
    assert issue.message == 'Stage "plot" uses `{logdir}`, which its `parameters` do not define.'
    assert (issue.file, issue.line, issue.column) == ("workflow.yml", 21, 19)

    frompar = workflow.replace("interpolated-pub", "frompar-pub").replace("publish:", "outputmap:")
    frompar = frompar.replace("'{outputfile}'", "outputfile")
    (tmp_path / "workflow.yml").write_text(frompar.replace("'{workdir}/plot.log'", "logfile"))
    (issue,) = warnings(validate_file(reana_yaml))
    assert "publishes the parameter `logfile`" in issue.message  # an outputmap names parameters
    assert (issue.line, issue.key) == (21, "stages.0.scheduler.step.publisher.outputmap.log")


def test_dollar_dollar_is_a_literal_dollar_as_the_engine_runs_it():
    path = CORPUS / "valid_serial_escaped_dollar.yaml"
    assert validate_file(path).issues == []
    steps = yaml.safe_load(path.read_text())["workflow"]["specification"]["steps"]
    expansion = expand([{"name": "greet", **steps[0]}], {"greeting": "hello"}, strict=True)
    assert expansion.commands == [['echo "hello from ${HOSTNAME} ($HOME)"']]


def test_a_parameter_after_an_escaped_dollar_is_still_a_use(tmp_path):
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": """
                inputs:
                  parameters: {name: x}
                workflow:
                  type: serial
                  specification:
                    steps:
                      - environment: busybox:1.36
                        commands: ["echo $$${name} $${name} ${other}"]
                """
        },
    )
    (issue,) = warnings(validate_file(reana_yaml))
    assert "`${other}`" in issue.message
    assert (issue.line, issue.column) == (8, 45)


# ---------------------------------------------------------------------------------------------
# the API


def _openapi_json_schema(schema):
    """OpenAPI 3.0's `nullable` as JSON Schema says it."""
    if isinstance(schema, list):
        return [_openapi_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {k: _openapi_json_schema(v) for k, v in schema.items() if k != "nullable"}
    if schema.get("nullable") and "type" in schema:
        converted["type"] = [schema["type"], "null"]
    return converted


async def test_validate_answers_the_file_of_each_issue_as_the_openapi_document_says(
    workflows_api, jp_root_dir
):
    case = CORPUS / "invalid_yadage_ref_from_the_workflow_file_folder"
    for path in case.rglob("*.yml"):
        target = jp_root_dir / "case" / path.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    (jp_root_dir / "case" / "reana.yaml").write_text((case / "reana.yaml").read_text())
    status, body = await workflows_api("POST", "reana/validate", {"path": "case/reana.yaml"})
    assert status == 200
    schema = yaml.safe_load(OPENAPI_PATH.read_text())["components"]["schemas"]
    Draft202012Validator(_openapi_json_schema(schema["WorkflowValidation"])).validate(body)
    (issue,) = body["issues"]
    assert (issue["file"], issue["line"]) == ("workflow/workflow.yml", 9)
