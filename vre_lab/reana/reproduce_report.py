"""What a reproduction found, as data and as a readable report: one verdict per output (`same`
when the sha256 is equal, `differs` with sizes, a short diff for text and both images side by
side, `missing`, `new`), the Rucio data checked, and `reproduction.json` / `reproduction.md`.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from ..core import files
from . import provenance, reproduce_data
from .servers import LOCAL

TEXT_DIFF_BYTES = 1_000_000
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
DIFF_LINES = 20
NO_VERDICTS = {"same": 0, "differs": 0, "missing": 0, "new": 0}


def compare(
    original: Path, recorded_outputs: list[dict], rerun_dir: Path, new_outputs: list[dict]
) -> list[dict]:
    """One verdict per output, recorded ones first in their order, then the new ones."""
    made = {entry["path"]: entry for entry in new_outputs if not entry.get("missing")}
    verdicts = []
    for entry in recorded_outputs:
        if entry.get("missing"):
            continue
        path, before = entry["path"], {k: entry.get(k) for k in ("size", "sha256")}
        after = made.pop(path, None)
        if after is None:
            verdicts.append({"path": path, "verdict": "missing", "recorded": before})
            continue
        now = {k: after.get(k) for k in ("size", "sha256")}
        verdict = {
            "path": path,
            "verdict": "same" if now["sha256"] == before["sha256"] else "differs",
            "recorded": before,
            "reproduced": now,
        }
        if verdict["verdict"] == "differs":
            diff = _text_diff(original / path, rerun_dir / path)
            if diff:
                verdict["diff"] = diff
        verdicts.append(verdict)
    for path, after in made.items():
        verdicts.append(
            {
                "path": path,
                "verdict": "new",
                "reproduced": {k: after.get(k) for k in ("size", "sha256")},
            }
        )
    return verdicts


def _text_diff(before: Path, after: Path) -> list[str] | None:
    try:
        if max(before.stat().st_size, after.stat().st_size) > TEXT_DIFF_BYTES:
            return None
        old = before.read_text("utf-8").splitlines()
        new = after.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    lines = list(difflib.unified_diff(old, new, "recorded", "reproduced", lineterm="", n=1))
    return lines[:DIFF_LINES]


def report(
    folder: str, source: str, record: dict, detail: dict, verdicts: list[dict], inputs: int
) -> dict:
    counts = {
        kind: sum(v["verdict"] == kind for v in verdicts)
        for kind in ("same", "differs", "missing", "new")
    }
    return {
        "source": source,
        "folder": folder,
        "original_run": record.get("run"),
        "run": {
            k: detail.get(k)
            for k in ("id", "name", "run_number", "status", "workspace_path", "server")
        },
        "ran": True,
        "inputs_checked": inputs,
        "dids": [],
        "outputs": verdicts,
        "summary": counts,
        "comparable": True,
        "reproduced": detail.get("status") == "finished" and counts["same"] == len(verdicts) > 0,
    }


def not_run(folder: str, source: str, record: dict, inputs: int, why: str) -> dict:
    """The report of a reproduction stopped before running: its input data is not as recorded."""
    return {
        "source": source,
        "folder": folder,
        "original_run": record.get("run"),
        "run": None,
        "ran": False,
        "message": why,
        "inputs_checked": inputs,
        "dids": [],
        "outputs": [],
        "summary": dict(NO_VERDICTS),
        "comparable": True,
        "reproduced": False,
    }


def not_comparable(root: Path, source: str, where: Path, folder: str) -> dict:
    """A record without a run record: what can be said without re-running anything."""
    found = sorted(
        p.relative_to(root).as_posix() for p in where.rglob("*.y*ml") if p.name.startswith("reana")
    )
    why = f"{source} holds no {provenance.FILE_NAME}: nothing recorded its outputs, so a new run"
    why += " could not be compared with them."
    hint = (
        f" Its workflow: {found[0]} (run it with Run locally…)."
        if found
        else (" It holds no reana.yaml either.")
    )
    result = {
        "source": source,
        "folder": folder,
        "comparable": False,
        "reproduced": False,
        "ran": False,
        "reana_yaml": found[0] if found else None,
        "message": why + hint,
        "outputs": [],
        "summary": dict(NO_VERDICTS),
    }
    return write(root, result, f"# Reproduction of {source}\n\n{why}{hint}\n")


def markdown(result: dict) -> str:
    lines = [f"# Reproduction of {result['source']}", ""]
    if not result["ran"]:
        lines += [f"**Not reproduced.** {result['message']}"]
        return "\n".join(lines + reproduce_data.markdown(result["dids"])) + "\n"
    counts = result["summary"]
    run = result["run"]
    lines += [
        f"Run `{run['name']}.{run['run_number']}` ({run['status']})"
        + ("" if run["server"] == LOCAL else f" on REANA server `{run['server']}`")
        + f", files in `{run['workspace_path']}`; {result['inputs_checked']} input file(s)"
        " matched the crate's sha256.",
        *reproduce_data.markdown(result["dids"]),
        "",
        "**"
        + (
            "All outputs are the same."
            if result["reproduced"]
            else ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        )
        + "**",
        "",
        "| output | verdict | recorded | reproduced |",
        "| --- | --- | --- | --- |",
    ]
    for verdict in result["outputs"]:
        sizes = [
            f"{(verdict.get(k) or {}).get('size', '')} B" if verdict.get(k) else ""
            for k in ("recorded", "reproduced")
        ]
        lines.append(f"| `{verdict['path']}` | {verdict['verdict']} | {sizes[0]} | {sizes[1]} |")
    for verdict in result["outputs"]:
        if verdict.get("diff"):
            lines += ["", f"## `{verdict['path']}`", "", "```diff", *verdict["diff"], "```"]
        if verdict.get("images"):
            shown = [
                f"![{side}]({os.path.relpath(path, result['folder'])})"
                for side, path in verdict["images"].items()
            ]
            lines += ["", f"## `{verdict['path']}`", "", "| recorded | reproduced |"]
            lines += ["| --- | --- |", f"| {shown[0]} | {shown[1]} |"]
    return "\n".join(lines) + "\n"


def mark_images(verdicts: list[dict], root: Path, original: Path, rerun_dir: Path) -> None:
    """Each image output that differs names both files, to be shown side by side."""
    for verdict in verdicts:
        if verdict["verdict"] == "differs" and verdict["path"].lower().endswith(IMAGES):
            verdict["images"] = {
                "recorded": (original / verdict["path"]).relative_to(root).as_posix(),
                "reproduced": (rerun_dir / verdict["path"]).relative_to(root).as_posix(),
            }


def write(root: Path, result: dict, text: str | None = None) -> dict:
    """`reproduction.json` and `reproduction.md` in the result's folder; the job's result."""
    folder = result["folder"]
    files.write_text(root, f"{folder}/reproduction.json", json.dumps(result, indent=2) + "\n")
    files.write_text(root, f"{folder}/reproduction.md", text or markdown(result))
    return {**result, "report": f"{folder}/reproduction.md"}
