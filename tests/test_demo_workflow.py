"""The end-to-end demo (demo/): its reana.yaml validates offline and runs with the local engine,
and its notebook is committed valid and without outputs. tests/test_binder.py runs it all
against the sandbox; these are the quick checks."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from vre_lab.reana.local import LocalEngine
from vre_lab.reana.validation import validate_file
from vre_lab.sandbox.server_side import demo_catalog as catalog

DEMO = Path(__file__).resolve().parents[1] / "demo"
OUTPUTS = ["results/mass.png", "results/summary.json"]


@pytest.fixture
def demo(tmp_path) -> Path:
    """A copy of demo/ in a server root, with the data/events.csv the notebook would write."""
    copy = tmp_path / "root" / "demo"
    shutil.copytree(
        DEMO,
        copy,
        ignore=shutil.ignore_patterns("data", "results", "reana-runs", ".ipynb_checkpoints"),
    )
    dataset = catalog.DATASETS[0]  # one file of demo:higgs4l-data-2012B-DoubleMuon
    (copy / "data").mkdir()
    (copy / "data" / "events.csv").write_bytes(catalog.event_csv(dataset, dataset.file_names()[0]))
    return copy


def masses(events: Path) -> list[float]:
    return [float(line.split(",")[4]) for line in events.read_text().splitlines()[1:]]


def test_demo_reana_yaml_is_valid_offline_without_a_warning(demo):
    validation = validate_file(demo / "reana.yaml")
    assert validation.valid, validation.issues
    assert validation.issues == []  # every input exists, every parameter is used, image pinned
    assert validation.workflow_type == "serial"
    assert validation.parameters == {"events": "data/events.csv", "bins": 40}


def test_demo_workflow_runs_with_the_local_engine_and_makes_the_figure_and_summary(
    demo, tmp_path, monkeypatch
):
    # the step runs `python code/mass_plot.py` on this host: this Python, which has matplotlib
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    root = demo.parent
    engine = LocalEngine(
        root_dir=root,
        workspace_dir=root / "reana-runs",
        state_dir=tmp_path / "state",
        container_runtimes=(),
    )
    try:
        workflow = engine.create(
            name="demo",
            specification=validate_file(demo / "reana.yaml").specification,
            source_dir=demo,
            parameters={},
        )
        engine.start(workflow["id"])
        deadline = time.monotonic() + 120
        while (detail := engine.get(workflow["id"]))["status"] not in ("finished", "failed"):
            assert time.monotonic() < deadline, f"the run is still {detail['status']}"
            time.sleep(0.05)
        logs = engine.logs(workflow["id"])
    finally:
        engine.shutdown()

    assert detail["status"] == "finished", logs
    assert detail["outputs"] == OUTPUTS
    workspace = root / detail["workspace_path"]
    files = [p for p in workspace.rglob("*") if p.is_file()]
    assert sorted(p.relative_to(workspace).as_posix() for p in files) == [
        "code/mass_plot.py",
        "data/events.csv",
        "higgs4l.ipynb",
        "provenance.json",
        "reana.yaml",
        *OUTPUTS,
    ]
    assert (workspace / "results" / "mass.png").read_bytes().startswith(b"\x89PNG")
    expected = masses(demo / "data" / "events.csv")
    summary = json.loads((workspace / "results" / "summary.json").read_text())
    assert summary == {
        "events": catalog.EVENTS_PER_FILE,
        "higgs_window": [120.0, 130.0],
        "in_window": sum(120.0 <= m <= 130.0 for m in expected),
    }
    assert f"{len(expected)} events" in logs["steps"][0]["log"]


def test_demo_notebook_is_valid_nbformat_committed_without_outputs():
    notebook = nbformat.read(DEMO / "higgs4l.ipynb", as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    assert notebook.metadata.kernelspec.name == "python3"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], f"committed outputs in:\n{cell.source}"
        assert cell.execution_count is None, f"committed execution count in:\n{cell.source}"
