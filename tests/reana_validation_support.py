"""What the reana.yaml validator's tests share: the corpus, a serial file to vary, and how to pick
an issue out of a validation."""

from __future__ import annotations

import textwrap
from pathlib import Path

from vre_lab.reana.validation import Validation, validate_text

CORPUS = Path(__file__).resolve().parent / "reana_corpus"
RECORDED = CORPUS / "reana_client_output"


def check(text: str, base_dir: Path | None = None) -> Validation:
    return validate_text(textwrap.dedent(text).lstrip("\n"), base_dir)


def issues_of(validation: Validation, severity: str) -> list:
    return [issue for issue in validation.issues if issue.severity == severity]


def only(validation: Validation, severity: str, containing: str):
    found = [i for i in issues_of(validation, severity) if containing in i.message]
    assert len(found) == 1, (containing, validation.issues)
    return found[0]


SERIAL = """
inputs:
  parameters: {}
workflow:
  type: serial
  specification:
    steps:
      - environment: python:3.12
        commands:
          - echo hello
"""


def serial_with(step_line: str) -> str:
    """SERIAL with one more line in its step, before `commands` (so at line 8, column 9)."""
    return SERIAL.replace("        commands:", f"        {step_line}\n        commands:")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml")) + sorted(CORPUS.glob("*/reana.yaml"))


def case_name(path: Path) -> str:
    return path.parent.name if path.name == "reana.yaml" else path.stem
