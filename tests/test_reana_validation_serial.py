"""A serial workflow's steps, as reana-client checks them beyond the schema: HTCondor runtimes,
memory limits, parameters used and defined, dangerous commands, images without a pinned tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reana_validation_support import (
    SERIAL,
    check,
    only,
    serial_with,
)
from vre_lab.reana.validation import Validation

REPO = Path(__file__).resolve().parent.parent


def test_htcondor_max_runtime_must_be_seconds_or_a_job_flavour():
    def with_runtime(value: str) -> Validation:
        return check(serial_with(f"htcondor_max_runtime: {value}"))

    assert with_runtime('"3600"').valid
    assert with_runtime("espresso").valid
    issue = only(with_runtime("two hours"), "error", "htcondor_max_runtime")
    assert (issue.line, issue.column) == (8, 31)


def test_memory_limits_fail_as_reana_client_fails_them_and_odd_ones_warn():
    def with_limit(value: str) -> Validation:
        return check(serial_with(f"kubernetes_memory_limit: {value}"))

    assert with_limit("2Gi").valid
    assert not with_limit("2Gi").issues
    assert with_limit('"1500"').valid
    assert not with_limit('"1500"').issues
    assert not with_limit("1500").valid  # a number, not text
    assert not with_limit("2GB").valid
    odd = with_limit("lots2Gi")  # reana-client accepts what ends like a quantity
    assert odd.valid
    assert "Kubernetes expects" in only(odd, "warning", "kubernetes_memory_limit").message


def test_an_unused_parameter_is_a_warning_at_the_parameter():
    result = check(SERIAL.replace("parameters: {}", "parameters:\n    forgotten: 1"))
    assert result.valid
    assert result.parameters == {"forgotten": 1}
    issue = only(result, "warning", "`forgotten` is not used")
    assert (issue.key, issue.line, issue.column) == ("inputs.parameters.forgotten", 3, 5)


def test_an_undefined_parameter_is_a_warning_where_the_command_uses_it():
    result = check(SERIAL.replace("echo hello", "echo hello ${missing}"))
    assert result.valid
    issue = only(result, "warning", "`${missing}`")
    assert issue.key == "workflow.specification.steps.0.commands.0"
    assert (issue.line, issue.column) == (9, 24)


def test_a_parameter_used_as_dollar_name_counts_as_used():
    result = check(
        SERIAL.replace("parameters: {}", "parameters:\n    n: 1").replace("echo hello", "echo $n")
    )
    assert result.issues == []


# ---------------------------------------------------------------------------------------------
# commands and images


def test_dangerous_commands_are_warnings_where_they_are_written():
    result = check(
        """
        inputs: {}
        workflow:
          type: serial
          specification:
            steps:
              - name: risky
                environment: python:3.12
                commands:
                  - sudo make install
                  - |
                    echo start
                    cd / && ls
        """
    )
    assert result.valid
    sudo = only(result, "warning", "`sudo`")
    assert (sudo.key, sudo.line, sudo.column) == (
        "workflow.specification.steps.0.commands.0",
        9,
        13,
    )
    assert 'step "risky"' in sudo.message
    cd = only(result, "warning", "absolute directory")
    assert (cd.key, cd.line, cd.column) == ("workflow.specification.steps.0.commands.1", 12, 13)


def test_words_that_contain_sudo_are_not_sudo():
    assert check(SERIAL.replace("echo hello", "echo pseudo code")).issues == []


@pytest.mark.parametrize(
    ("image", "warned"),
    [
        ("python:3.12", False),
        ("registry.cern.ch/a/b:1.0", False),
        ("python@sha256:abc", False),
        ("python", True),
        ("localhost:5000/tools", True),
        ("python:latest", True),
        ("ghcr.io/x/y:master", True),
    ],
)
def test_images_without_a_pinned_tag_are_warnings_at_the_environment(image, warned):
    result = check(SERIAL.replace("python:3.12", image))
    assert result.valid
    images = [i for i in result.issues if i.message.startswith("Image")]
    assert bool(images) == warned
    if warned:
        assert (images[0].key, images[0].line) == ("workflow.specification.steps.0.environment", 7)
