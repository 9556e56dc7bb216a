"""Settings the local engine does not honour (`workspace.retention_days`, `kubernetes_*`,
`compute_backend` and REANA's other step and workflow options) get a note in the run's log
instead of silence; a run without them gets none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_reana_local_engine import make_engine, wait
from vre_lab.reana.local.unhonoured import notes
from vre_lab.reana.validation import validate_file

CORPUS = Path(__file__).resolve().parent / "reana_corpus"


def run_case(tmp_path, case: str, spec_name: str = "reana.yaml", **options) -> str:
    root = tmp_path / "root"
    source = CORPUS / case
    if source.is_dir():
        shutil.copytree(source, root / case)
    else:
        (root / case).mkdir(parents=True)
        shutil.copy(CORPUS / f"{case}.yaml", root / case / spec_name)
    spec_file = root / case / spec_name
    engine = make_engine(root, tmp_path / "state", **options)
    try:
        created = engine.create(
            name="settings",
            specification=validate_file(spec_file).specification,
            source_dir=spec_file.parent,
            parameters={},
        )
        engine.start(created["id"])
        detail = wait(engine, created["id"], timeout=120)
        assert detail["status"] == "finished", engine.logs(created["id"])
        return engine.logs(created["id"])["workflow_log"]
    finally:
        engine.shutdown()


def test_every_reana_only_step_option_of_a_serial_run_gets_a_note_in_its_log(tmp_path):
    log = run_case(tmp_path, "valid_serial_all_step_options", "valid_serial_all_step_options.yaml")
    for key in (
        "compute_backend (in everything, htcondor seconds)",
        "kubernetes_memory_limit (in everything)",
        "kubernetes_job_timeout (in everything)",
        "htcondor_max_runtime (in everything, htcondor seconds)",
        "c4p_cpu_cores (in everything)",
        "workspace.root_path",
    ):
        assert f"Note: {key}" in log, key
    assert "kerberos (in everything)" not in log  # false: nothing asked, nothing to say


def test_retention_days_and_cvmfs_get_a_note_in_the_run_log(tmp_path):
    log = run_case(tmp_path, "valid_serial_with_inputs")
    assert "Note: workspace.retention_days is not honoured here" in log
    assert "Note: workflow.resources.cvmfs is not honoured here" in log


@pytest.mark.parametrize("kind", ["cwl", "snakemake", "yadage"])
def test_a_workflow_file_asking_for_a_compute_backend_gets_a_note(kind, tmp_path, engines):
    log = run_case(tmp_path, f"valid_demo_helloworld_{kind}_htcondorcern", engines=engines)
    assert "sets compute_backend, htcondor_max_runtime, which REANA honours" in log


def test_a_run_without_reana_only_settings_gets_no_such_note(tmp_path):
    log = run_case(tmp_path, "valid_serial_minimal", "valid_serial_minimal.yaml")
    assert "not honoured" not in log
    assert "REANA honours" not in log


def test_operational_options_and_tests_are_named(tmp_path):
    specification = {
        "inputs": {"options": {"CACHE": "off", "TARGET": "second"}},
        "workflow": {"type": "serial", "specification": {"steps": []}},
        "tests": {"files": ["tests/log-messages.feature"]},
    }
    found = notes(specification, tmp_path, [])
    assert found[0].startswith("inputs.options (CACHE, TARGET) are REANA's operational options")
    assert found[1] == "tests are run by REANA after the workflow; the local engine does not"
