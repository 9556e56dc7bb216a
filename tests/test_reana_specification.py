"""What vre-lab sends REANA for a reana.yaml (vre_lab/reana/reana_specification.py): serial as
written, yadage with `specification: null`, CWL validated strictly and packed by the engines'
cwltool, Snakemake's job graph from the engines' Snakemake; a missing engine is a 400 that says
how to install it. tests/test_reana_specification_sent.py compares all four with what the real
reana-client sends."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from vre_lab.core.errors import BadRequest
from vre_lab.reana.local.engines import Engines
from vre_lab.reana.reana_specification import load_specification
from vre_lab.reana.validation import SpecificationError

CORPUS = Path(__file__).resolve().parent / "reana_corpus"

SNAKEMAKE_REANA_YAML = """\
inputs:
  parameters:
    input: config.yaml
workflow:
  type: snakemake
  file: Snakefile
"""
SNAKEFILE = """\
import os
print("the Snakefile prints this")
shell("echo and its shell command this")

rule all:
    input: "results/out.txt"

rule count:
    input: data="data.txt"
    output: out="results/out.txt"
    params: word=config["word"], secret=os.environ.get("VRE_LAB_TEST_SECRET", "unset")
    resources: kubernetes_memory_limit="256Mi", compute_backend="kubernetes"
    container: "docker://docker.io/library/busybox:1.36"
    shell: "grep -c {params.word} {input.data} > {output.out}"
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text))
    return folder / "reana.yaml"


@pytest.fixture
def snakemake_folder(tmp_path) -> Path:
    return write(
        tmp_path,
        {
            "reana.yaml": SNAKEMAKE_REANA_YAML,
            "Snakefile": SNAKEFILE,
            "config.yaml": "word: apple\n",
            "data.txt": "apple\npear\n",
        },
    )


def test_serial_is_the_yaml_as_json():
    specification = load_specification(CORPUS / "valid_serial_with_parameters.yaml", None)
    assert specification["inputs"]["parameters"] == {
        "events": 1000,
        "output": "results/histogram.png",
    }
    assert specification["workflow"]["specification"]["steps"][0]["name"] == "simulate"


def test_yadage_is_sent_without_its_loaded_workflow():
    specification = load_specification(CORPUS / "valid_yadage" / "reana.yaml", None)
    assert specification["workflow"] == {
        "type": "yadage",
        "file": "workflow.yml",
        "specification": None,
    }


def test_an_invalid_file_is_refused_before_any_engine_runs():
    with pytest.raises(SpecificationError, match="htcondor_max_runtime"):
        load_specification(CORPUS / "invalid_htcondor_max_runtime.yaml", None)


def test_snakemake_sends_the_job_graph_of_snakemakes_api(snakemake_folder, engines, monkeypatch):
    monkeypatch.setenv("VRE_LAB_TEST_SECRET", "server-only")
    specification = load_specification(snakemake_folder, engines)
    assert specification["inputs"]["parameters"] == {"word": "apple"}
    assert specification["workflow"]["specification"] == {
        "job_dependencies": {},
        "steps": [
            {
                "name": "count",
                "environment": "docker.io/library/busybox:1.36",
                "inputs": {"data": "data.txt"},
                "params": {"word": "apple", "secret": "unset"},
                "outputs": {"out": "results/out.txt"},
                "commands": ["grep -c {params.word} {input.data} > {output.out}"],
                "compute_backend": "kubernetes",
                "kubernetes_memory_limit": "256Mi",
                "kubernetes_uid": None,
            }
        ],
    }
    assert not (snakemake_folder.parent / ".snakemake").exists()
    assert not (snakemake_folder.parent / "results").exists()


def test_a_snakefile_snakemake_refuses_is_an_invalid_specification(snakemake_folder, engines):
    (snakemake_folder.parent / "config.yaml").write_text("other: apple\n")
    with pytest.raises(SpecificationError, match=r"Snakemake specification is invalid: .*word"):
        load_specification(snakemake_folder, engines)
    (snakemake_folder.parent / "Snakefile").write_text("rule broken:\n  shell 'x'\n")
    with pytest.raises(SpecificationError, match=r"specification is invalid: .*Snakefile"):
        load_specification(snakemake_folder, engines)


def test_like_reana_client_snakemake_does_not_look_for_the_rules_input_files(
    snakemake_folder, engines
):
    """They may come later (a Rucio DID on REANA): Snakemake's API builds no DAG of jobs here."""
    (snakemake_folder.parent / "data.txt").unlink()
    steps = load_specification(snakemake_folder, engines)["workflow"]["specification"]["steps"]
    assert [step["name"] for step in steps] == ["count"]


@pytest.mark.parametrize("kind", ["snakemake", "cwl"])
def test_without_the_engines_the_answer_says_how_to_install_them(
    kind, snakemake_folder, tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no cwltool there either
    path = snakemake_folder if kind == "snakemake" else CORPUS / "valid_cwl_tool" / "reana.yaml"
    for engines in (None, Engines(tmp_path / "no-venv")):
        with pytest.raises(BadRequest) as caught:
            load_specification(path, engines)
        assert caught.value.code == "engine_missing"
        assert "`vre-lab engines install`" in caught.value.message


def test_cwl_is_packed_by_the_engines_cwltool(engines):
    specification = load_specification(CORPUS / "valid_cwl_tool" / "reana.yaml", engines)
    assert specification["inputs"]["parameters"] == {"message": "hello"}
    packed = specification["workflow"]["specification"]
    assert packed["class"] == "CommandLineTool"
    assert packed["baseCommand"] == "echo"


def test_cwl_is_validated_strictly_first_as_reana_client_does(tmp_path, engines):
    hello = (CORPUS / "valid_cwl_tool" / "hello.cwl").read_text()
    reana_yaml = write(
        tmp_path,
        {
            "reana.yaml": (CORPUS / "valid_cwl_tool" / "reana.yaml").read_text(),
            "inputs.yml": "message: hello\n",
            "hello.cwl": hello + "unknownField: packed anyway, but not strict\n",
        },
    )
    with pytest.raises(SpecificationError, match=r"cwltool --validate --strict refuses hello\.cwl"):
        load_specification(reana_yaml, engines)


def test_without_an_engines_venv_a_cwltool_on_path_packs(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    cwltool = bin_dir / "cwltool"
    cwltool.write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\n'
        f"""[ "$1" = --pack ] && echo '{json.dumps({"class": "CommandLineTool"})}'\nexit 0\n"""
    )
    cwltool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    path = CORPUS / "valid_cwl_tool" / "reana.yaml"
    specification = load_specification(path, Engines(tmp_path / "no-venv"))
    assert specification["workflow"]["specification"] == {"class": "CommandLineTool"}
    assert calls.read_text().splitlines() == [
        "--validate --strict hello.cwl",
        "--pack --quiet hello.cwl",
    ]
