"""A local Run of a Snakemake, CWL or yadage workflow looks for its engine's problems (the engine
installed, the workflow file, the parameter file) once: the Run route (runs.run_request) before
its 202; the run's job (create(checked=True) -> runners.prepare(checked=True)) does not again.
The engine used on its own still finds them itself, once."""

from __future__ import annotations

import textwrap
from types import SimpleNamespace

import pytest
import yaml

from tests.test_reana_local_engine import make_engine
from vre_lab.core.errors import BadRequest
from vre_lab.reana import runs
from vre_lab.reana.local import runners
from vre_lab.reana.local.engines import Engines

SNAKEFILE = textwrap.dedent(
    """\
    rule all:
        input: "data/names.txt"
    """
)


@pytest.fixture
def engines(tmp_path) -> Engines:
    """A venv whose snakemake does nothing: the checks find it, the run is not what is tested."""
    venv = tmp_path / "engines"
    (venv / "bin").mkdir(parents=True)
    snakemake = venv / "bin" / "snakemake"
    snakemake.write_text("#!/bin/sh\nexit 0\n")
    snakemake.chmod(0o755)
    return Engines(venv)


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "root" / "analysis"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "names.txt").write_text("Ada\n")
    (folder / "Snakefile").write_text(SNAKEFILE)
    (folder / "config.yaml").write_text("greeting: Hello\n")
    reana_yaml = {
        "version": "0.9.0",
        "inputs": {"files": ["data/names.txt"], "parameters": {"input": "config.yaml"}},
        "workflow": {"type": "snakemake", "file": "Snakefile"},
    }
    (folder / "reana.yaml").write_text(yaml.safe_dump(reana_yaml))
    return tmp_path / "root"


@pytest.fixture
def engine_checks(monkeypatch) -> list[str]:
    """Every time a run's engine problems are looked for (`runners.problems`)."""
    made: list[str] = []
    real = runners.problems

    def counted(kind, specification, source_dir, engines):
        made.append(kind)
        return real(kind, specification, source_dir, engines)

    monkeypatch.setattr(runners, "problems", counted)
    return made


def test_a_local_run_looks_for_its_engine_problems_once(root, tmp_path, engines, engine_checks):
    request = runs.run_request(root, "local", {"path": "analysis/reana.yaml"}, engines)
    assert engine_checks == ["snakemake"]  # before the 202
    engine = make_engine(root, tmp_path / "state", engines=engines)
    recorded = {}
    ctx = SimpleNamespace(progress=lambda *_, **__: None, record=recorded.update)
    try:
        # the run's job, as the Run route starts it
        done = runs.run_locally(ctx, SimpleNamespace(local=engine, dids=None), request)
        assert done["workflow_name"] == "analysis.1"
        assert engine_checks == ["snakemake"]  # not again in the run's job
    finally:
        engine.shutdown()


def test_the_engine_on_its_own_looks_for_them_once_and_refuses(
    root, tmp_path, engines, engine_checks
):
    source = root / "analysis"
    specification = yaml.safe_load((source / "reana.yaml").read_text())
    engine = make_engine(root, tmp_path / "state", engines=engines)
    try:
        engine.create(name="greet", specification=specification, source_dir=source, parameters={})
        assert engine_checks == ["snakemake"]
        (source / "Snakefile").unlink()
        with pytest.raises(BadRequest, match="Snakefile"):
            engine.create(
                name="greet", specification=specification, source_dir=source, parameters={}
            )
        assert engine_checks == ["snakemake", "snakemake"]
    finally:
        engine.shutdown()
