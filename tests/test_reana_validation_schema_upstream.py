"""The reana.yaml schema is REANA's own, vendored unchanged, with vre-lab's overlay on top.

`vre_lab/reana/reana_analysis_schema.json` is reana-commons' file byte for byte (its license next to
it); `reana_yaml_schema.json` is a JSON Merge Patch (RFC 7386) of hints and of the rules
reana-client applies beyond its schema. These tests fail when the vendored copy drifts from the
pinned upstream file: offline against the pinned SHA-256, and against the file in the pinned
reana-commons itself (from the reana-client venv, the download cache of tests/reana_double/spec.py,
or PyPI; skipped, saying why, when none is reachable).
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest
from jsonschema.validators import validator_for

from tests.reana_double import spec as reana_double_spec
from tests.reana_validation_support import corpus_files
from vre_lab.reana import validation_schema
from vre_lab.reana.validation_schema import (
    REANA_COMMONS_VERSION,
    UPSTREAM_FILE,
    UPSTREAM_MEMBER,
    UPSTREAM_SHA256,
    merge_patch,
    reana_yaml_schema,
    upstream_schema,
)
from vre_lab.reana.validation_yaml import YamlSyntaxError, json_value, load_document

PACKAGE = resources.files("vre_lab.reana")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pinned_upstream_file() -> tuple[bytes, str]:
    """The schema file of the pinned reana-commons, and where it was read."""
    try:
        return reana_double_spec.commons_file(UPSTREAM_MEMBER)
    except reana_double_spec.SpecUnavailable as error:
        pytest.skip(
            f"reana-commons=={REANA_COMMONS_VERSION} is neither installed nor cached here, and"
            f" PyPI cannot be reached to download it: {str(error)[-300:]}"
        )


def test_the_vendored_schema_is_the_pinned_upstream_file_byte_for_byte():
    data = PACKAGE.joinpath(UPSTREAM_FILE).read_bytes()
    assert _sha256(data) == UPSTREAM_SHA256, (
        f"{UPSTREAM_FILE} was edited: put changes into the overlay reana_yaml_schema.json"
    )


def test_the_vendored_schema_is_what_the_pinned_reana_commons_ships():
    upstream, source = pinned_upstream_file()
    assert _sha256(upstream) == UPSTREAM_SHA256, source
    assert PACKAGE.joinpath(UPSTREAM_FILE).read_bytes() == upstream, source


def test_the_pinned_reana_commons_is_the_one_the_pinned_reana_client_installs():
    assert REANA_COMMONS_VERSION == reana_double_spec.REANA_COMMONS_VERSION


def test_the_vendored_schema_carries_its_license_and_source():
    notice = PACKAGE.joinpath(f"{UPSTREAM_FILE}.license").read_text("utf-8")
    assert "MIT License" in notice
    assert "Copyright (C) 2018, 2019, 2020, 2021, 2022, 2023, 2024 CERN." in notice
    assert f"reana-commons {REANA_COMMONS_VERSION}" in notice
    assert UPSTREAM_SHA256 in notice
    assert UPSTREAM_MEMBER in notice


def test_the_schema_is_validated_with_the_draft_reana_commons_uses():
    schema = reana_yaml_schema()
    assert (
        schema["$schema"]
        == upstream_schema()["$schema"]
        == "http://json-schema.org/draft-07/schema"
    )
    validator_for(schema).check_schema(schema)


def _removed(upstream, merged, at=()) -> list[str]:
    if not isinstance(upstream, dict) or not isinstance(merged, dict):
        return []
    gone = [".".join((*at, key)) for key in upstream if key not in merged]
    for key in upstream.keys() & merged.keys():
        gone += _removed(upstream[key], merged[key], (*at, key))
    return gone


def test_the_overlay_removes_only_the_anyof_it_says_per_workflow_type():
    assert _removed(upstream_schema(), reana_yaml_schema()) == ["properties.workflow.anyOf"]


def _errors(schema: dict, data) -> list[str]:
    validator = validator_for(schema)(schema)
    return sorted(
        error.message
        for error in validator.iter_errors(data)
        if error.validator != "additionalProperties"  # a warning for reana-client
    )


def test_every_corpus_file_our_schema_passes_passes_reana_schema():
    """The overlay only adds rules: what passes it passes REANA's schema unchanged."""
    passed = 0
    for path in corpus_files():
        try:
            data = json_value(load_document(path.read_text("utf-8")).data)
        except YamlSyntaxError:
            continue
        if not _errors(reana_yaml_schema(), data):
            assert _errors(upstream_schema(), data) == [], path
            passed += 1
    assert passed >= 20


def test_the_hints_are_where_the_messages_look_for_them():
    then_workflow = reana_yaml_schema()["then"]["properties"]["workflow"]
    step = then_workflow["properties"]["specification"]["properties"]["steps"]["items"]
    assert "x-hint" in then_workflow
    assert "x-hint" in step
    assert set(step["x-unlisted-keys"]) == {
        "kubernetes_uid",
        "slurm_partition",
        "slurm_time",
        "unpacked_image",
    }
    assert set(step["x-unlisted-keys"]).isdisjoint(step["properties"])


# RFC 7386, Appendix A (a few of its examples)
@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [
        ({"a": "b"}, {"a": "c"}, {"a": "c"}),
        ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
        ({"a": "b"}, {"a": None}, {}),
        ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
        ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
        ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
        ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
        (["a", "b"], ["c", "d"], ["c", "d"]),
        ({"a": "foo"}, None, None),
        ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
        ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
        ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
    ],
)
def test_the_overlay_is_applied_as_a_json_merge_patch(target, patch, result):
    before = json.dumps(target)
    assert merge_patch(target, patch) == result
    assert json.dumps(target) == before  # the target is not changed


def test_the_schema_module_names_the_files_it_merges():
    assert validation_schema.OVERLAY_FILE == "reana_yaml_schema.json"
    assert PACKAGE.joinpath(validation_schema.OVERLAY_FILE).is_file()
