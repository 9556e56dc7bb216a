"""A reproduction (`vre_lab.reana.reproduce`) published as a record of its own: the form starts
from what the folder's `reproduction.json` says — a title naming what was reproduced, a
description with the verdicts, and the original record as a related identifier (this record
*is supplement to* it), so that the two records point at each other's story.
"""

from __future__ import annotations

import html
import json
from pathlib import Path, PurePosixPath

from ..core import files
from ..core.errors import VRELabError

REPORT = "reproduction.json"
MAX_REPORT_BYTES = 16 * 2**20


def prefill(root: Path, paths: list[str]) -> tuple[dict, list[str]]:
    """The deposit fragment of the first reproduction among the chosen paths (a reproduction
    folder or its reproduction.json), and the report used; nothing when none was chosen."""
    for path in paths:
        for candidate in (path, f"{path.rstrip('/')}/{REPORT}"):
            if PurePosixPath(candidate).name != REPORT:
                continue
            try:
                result = json.loads(files.read_text(root, candidate, MAX_REPORT_BYTES))
            except (VRELabError, ValueError):
                continue
            if isinstance(result, dict) and isinstance(result.get("summary"), dict):
                return fragment(result), [candidate]
    return {}, []


def fragment(result: dict) -> dict:
    original = result.get("original") if isinstance(result.get("original"), dict) else {}
    what = str(original.get("title") or result.get("source") or "a published analysis")
    metadata: dict = {
        "title": f"Reproduction of {what}",
        "description": f"<p>{html.escape(_story(result, original))}</p>",
    }
    if original.get("doi"):
        metadata["related_identifiers"] = [
            {
                "identifier": original["doi"],
                "scheme": "doi",
                "relation_type": {"id": "issupplementto"},
            }
        ]
    return {"metadata": metadata}


def _story(result: dict, original: dict) -> str:
    named = f" (DOI {original['doi']})" if original.get("doi") else ""
    if not result.get("ran"):
        why = result.get("message") or "it could not be re-run"
        return f"An attempt to reproduce {result.get('source')}{named}: {why}"
    run = result.get("run") or {}
    where = "this lab's local engine" if run.get("server") in (None, "local") else run["server"]
    counts = result.get("summary") or {}
    verdicts = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no outputs"
    ending = (
        "Every recorded output was reproduced bit for bit."
        if result.get("reproduced")
        else f"Outputs compared with the recorded ones: {verdicts}."
    )
    return (
        f"A re-run of {result.get('source')}{named} with its recorded parameters on {where},"
        f" each output compared by sha256 with the one the original run recorded. {ending}"
        " The report (reproduction.md, reproduction.json) is part of this record."
    )
