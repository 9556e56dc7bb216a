"""Every valid reana.yaml of the corpus (tests/reana_corpus/, `valid_*`) runs to `finished` on the
local engine, with its declared outputs present: serial ones on this host (no container
runtime), Snakemake, CWL and yadage ones with their engine from the engines' venv. A case that
cannot run here is skipped for the reason SKIPPED gives it, and the count is printed. A CWL run's
outputs are where REANA's CWL engine leaves them: in outputs/, the steps' own folders removed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.reana_validation_support import case_name, corpus_files
from tests.test_reana_local_engine import make_engine, wait
from vre_lab.reana.validation import validate_file

ROOT_IMAGE = "its steps need ROOT (reana-env-root6 image), which this host cannot stand in for"
JUPYTER_IMAGE = (
    "its step needs papermill and matplotlib (reana-env-jupyter image), not on this host"
)
BSM_IMAGES = "its steps need ROOT, pyhf and hepdata images, which this host cannot stand in for"
# reana-workflow-engine-cwl (main.py, pipeline.py, cwl_reana.py) runs cwltool in the workspace
# with --outdir outputs and --tmp-outdir-prefix cwl/outdir/: each step runs in a folder there,
# cwltool moves the workflow's CWL outputs into outputs/ (by their names) and removes the rest
CWL_OUTSIDE_OUTPUTS = (
    "it declares results/greetings.txt (copied from the serial demo), which REANA's CWL engine"
    " does not leave in the workspace either: cwltool, run as REANA runs it, moves the CWL"
    " output to outputs/greetings.txt and removes the step's folder under cwl/outdir/ (REANA's"
    " own test of this demo reads outputs/greetings.txt); test_cwl_outputs_are_where_reana_puts"
    "_them runs it"
)
CWL_DEMOS_OUTSIDE_OUTPUTS = (
    "valid_demo_helloworld_cwl_htcondorcern",
    "valid_demo_helloworld_cwl_slurmcern",
)
SKIPPED = {
    **{
        f"valid_demo_roofit_{variant}": ROOT_IMAGE
        for kind in ("serial", "cwl", "snakemake", "yadage")
        for variant in (kind, f"{kind}_htcondorcern", f"{kind}_slurmcern")
    },
    **{
        f"valid_demo_worldpopulation_{variant}": JUPYTER_IMAGE
        for kind in ("serial", "cwl", "snakemake", "yadage")
        for variant in (kind, f"{kind}_htcondorcern", f"{kind}_slurmcern")
    },
    "valid_demo_bsm_search_yadage": BSM_IMAGES,
    "valid_warns_missing_input_files": "its inputs are missing on purpose (not in the corpus)",
    "valid_warns_dangerous_commands": "it runs `sudo apt-get install`, for a container only",
    "valid_warns_snakefile_sudo": "its rule runs `sudo`, for a container only",
    **{name: CWL_OUTSIDE_OUTPUTS for name in CWL_DEMOS_OUTSIDE_OUTPUTS},
}


def valid_cases() -> dict[str, Path]:
    return {
        case_name(path): path for path in corpus_files() if case_name(path).startswith("valid_")
    }


CASES = valid_cases()


def test_the_skipped_cases_are_valid_corpus_cases_and_the_count_is_printed():
    assert set(SKIPPED) <= set(CASES), set(SKIPPED) - set(CASES)
    run = len(CASES) - len(SKIPPED)
    print(f"\nvalid corpus cases: {len(CASES)}; run on the local engine: {run}; skipped:")
    for name, reason in sorted(SKIPPED.items()):
        print(f"  {name}: {reason}")
    assert run >= 20


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_valid_corpus_case_that_needs_no_network_runs_to_finished_with_its_outputs(
    name, tmp_path, engines
):
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])
    path = CASES[name]
    root = tmp_path / "root"
    if path.name == "reana.yaml":
        shutil.copytree(path.parent, root / name)
    else:
        (root / name).mkdir(parents=True)
        shutil.copy(path, root / name / path.name)
    spec_file = root / name / path.name
    validation = validate_file(spec_file)
    assert validation.valid, validation.issues
    engine = make_engine(root, tmp_path / "state", engines=engines)
    try:
        created = engine.create(
            name="corpus",
            specification=validation.specification,
            source_dir=spec_file.parent,
            parameters={},
        )
        engine.start(created["id"])
        detail = wait(engine, created["id"], timeout=240)
        logs = engine.logs(created["id"])
        assert detail["status"] == "finished", logs
        workspace = root / detail["workspace_path"]
        outputs = validation.specification.get("outputs") or {}
        missing = [f for f in outputs.get("files") or [] if not (workspace / f).is_file()]
        missing += [d for d in outputs.get("directories") or [] if not (workspace / d).is_dir()]
        assert missing == [], logs
    finally:
        engine.shutdown()


@pytest.mark.parametrize("name", CWL_DEMOS_OUTSIDE_OUTPUTS)
def test_cwl_outputs_are_where_reana_puts_them(name, tmp_path, engines):
    """A CWL run's outputs are in outputs/, by their names, and what its steps wrote elsewhere
    is gone, as on REANA: these demos run to finished, their greetings in outputs/."""
    path = CASES[name]
    root = tmp_path / "root"
    shutil.copytree(path.parent, root / name)
    validation = validate_file(root / name / path.name)
    engine = make_engine(root, tmp_path / "state", engines=engines)
    try:
        created = engine.create(
            name="corpus",
            specification=validation.specification,
            source_dir=root / name,
            parameters={},
        )
        engine.start(created["id"])
        detail = wait(engine, created["id"], timeout=240)
        assert detail["status"] == "finished", engine.logs(created["id"])
        workspace = root / detail["workspace_path"]
        greetings = (workspace / "outputs" / "greetings.txt").read_text()
        assert greetings == "Hello Jane Doe!\nHello Joe Bloggs!\n"
        assert not (workspace / "results").exists()
        assert [p for p in (workspace / "cwl").rglob("*") if p.is_file()] == []
    finally:
        engine.shutdown()
