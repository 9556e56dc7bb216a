"""Every input gets an answer, never an exception: a missing file, and any YAML document
(hypothesis), with or without the workflow files next to it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reana_validation_support import (
    CORPUS,
)
from vre_lab.reana.validation import validate_file, validate_text

REPO = Path(__file__).resolve().parent.parent


def test_validate_file_of_a_missing_file_is_an_error(tmp_path):
    result = validate_file(tmp_path / "reana.yaml")
    assert not result.valid
    assert "no file" in result.issues[0].message


KEYS = [
    "inputs",
    "workflow",
    "type",
    "serial",
    "cwl",
    "yadage",
    "snakemake",
    "specification",
    "steps",
    "commands",
    "environment",
    "parameters",
    "input",
    "files",
    "directories",
    "options",
    "file",
    "name",
    "outputs",
    "workspace",
    "retention_days",
    "htcondor_max_runtime",
    "kubernetes_memory_limit",
    "stages",
    "scheduler",
    "hello.cwl",
    "workflow.yml",
    "inputs.yml",
    "toplevel",
]
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.sampled_from(KEYS),
    st.text(max_size=12),
    st.sampled_from(["${x}", "sudo rm", "cd /", "2Gi", "espresso", "python:latest"]),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.integers()), inner, max_size=5),
    ),
    max_leaves=30,
)
DOCUMENTS = st.one_of(
    VALUES,
    st.builds(lambda w, i: {"workflow": w, "inputs": i}, VALUES, VALUES),
    st.builds(
        lambda t, spec, f, i: {
            "inputs": i,
            "workflow": {"type": t, "specification": spec, "file": f},
        },
        st.sampled_from(["serial", "cwl", "yadage", "snakemake"]),
        VALUES,
        st.sampled_from(["hello.cwl", "workflow.yml", "inputs.yml", "../x", "/etc/hostname"]),
        VALUES,
    ),
)
FOLDERS = st.sampled_from([None, CORPUS / "valid_cwl_tool", CORPUS / "valid_yadage_with_refs"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, FOLDERS)
def test_any_yaml_document_gets_an_answer_never_an_exception(document, folder):
    result = validate_text(yaml.safe_dump(document), folder)
    json.dumps(result.to_json())
    assert result.valid == (not [i for i in result.issues if i.severity == "error"])
    assert all(i.line is None or i.line >= 1 for i in result.issues)
