"""The DIDs attached to a notebook come back as its variables wherever it runs: in the lab before
its first cell (the kernel waits for the values), headless with `vre-lab execute` or
`%rucio bind`, which get each DID in the kernel against the real sandbox Rucio server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from vre_lab.cli import main
from vre_lab.kernel import attachments

DOUBLE_MUON = "demo:higgs4l-data-2012B-DoubleMuon"
DOUBLE_ELECTRON = "demo:higgs4l-data-2012C-DoubleElectron"


def attached_notebook(path: Path, *cells: str, rucio: list | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    default = [
        {"variable": "events", "did": DOUBLE_MUON, "instance": "sandbox", "mode": "replica"},
        {"variable": "copied", "did": DOUBLE_ELECTRON, "instance": "sandbox", "mode": "download"},
    ]
    nb.metadata["vre_lab"] = {"rucio": default if rucio is None else rucio}
    nbformat.write(nb, path)
    return path


def test_only_well_formed_attachments_are_read():
    good = {"variable": "events", "did": "demo:x", "instance": "sandbox", "mode": "replica"}
    notebook = {
        "metadata": {
            "vre_lab": {
                "rucio": [
                    good,
                    {**good, "variable": "import os; x"},
                    {**good, "variable": "class"},
                    {**good, "did": "no-scope"},
                    {**good, "instance": "../etc"},
                    {**good, "mode": "teleport"},
                    "events",
                ]
            }
        }
    }
    assert attachments.read(notebook) == [good]
    assert attachments.read({"metadata": {"vre_lab": {"rucio": "x"}}}) == []
    assert attachments.read({}) == []


def test_bind_gets_every_attached_did_into_its_variable(rucio_magic, ipython, tmp_path, capsys):
    notebook = attached_notebook(tmp_path / "analysis.ipynb")

    assert rucio_magic(f"bind {notebook}") is None

    assert len(ipython.user_ns["events"]) == 3
    assert all(Path(p).is_file() for p in ipython.user_ns["events"])
    assert len(ipython.user_ns["copied"]) == 3
    out = capsys.readouterr().out
    assert f"rucio: {DOUBLE_MUON} is available here (3 files, replica mode)" in out
    assert f"rucio: {DOUBLE_ELECTRON} is available here (3 files, download mode)" in out


def test_bind_without_a_notebook_uses_the_kernels_and_says_how_when_unknown(
    rucio_magic, ipython, tmp_path, capsys
):
    ipython.user_ns.pop("__session__", None)
    assert rucio_magic("bind") is None
    assert "name the notebook: %rucio bind NOTEBOOK.ipynb" in capsys.readouterr().err

    notebook = attached_notebook(tmp_path / "mine.ipynb", rucio=[])
    ipython.user_ns["__session__"] = str(notebook)  # as ipykernel sets it from the server
    try:
        rucio_magic("bind")
    finally:
        del ipython.user_ns["__session__"]
    assert f"rucio: {notebook} has no attached DIDs" in capsys.readouterr().out


def test_a_kernel_receiving_values_runs_cells_sent_after_only_once_they_are_bound():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", env=dict(os.environ))
    try:
        code = (
            "__import__('vre_lab.kernel.attachments', fromlist=['receive']).receive("
            'get_ipython(), ["events", "one"])'
        )
        held = client.execute(code, silent=True, store_history=False, allow_stdin=True)
        cell = client.execute("print(len(events), one)")  # Run All's first cell, sent at once
        request = client.get_stdin_msg(timeout=30)
        assert request["content"]["prompt"] == "vre-lab: binding events, one"
        client.input(json.dumps({"values": {"events": ["/a", "/b"], "one": "/c"}}))

        replies = {}
        while len(replies) < 2:
            reply = client.get_shell_msg(timeout=30)
            replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        assert replies == {held: "ok", cell: "ok"}
        printed = ""
        while True:
            message = client.get_iopub_msg(timeout=30)
            if message["parent_header"].get("msg_id") != cell:
                continue
            if message["msg_type"] == "stream":
                printed += message["content"]["text"]
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
        assert printed == "2 /c\n"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.fixture
def headless_instances(jupyter_home, sandbox_instances, monkeypatch):
    monkeypatch.setenv("VRE_LAB_RUCIO_INSTANCES", json.dumps(sandbox_instances))


def test_vre_lab_execute_runs_a_notebook_with_its_attachments_bound_first(
    headless_instances, tmp_path, capsys
):
    notebook = attached_notebook(
        tmp_path / "analysis.ipynb",
        "print(len(events), len(copied))",
        "print(sorted(p.rsplit('/', 1)[-1] for p in events)[0])",
    )
    executed = tmp_path / "out.ipynb"

    assert main(["execute", str(notebook), "--output", str(executed), "--timeout", "120"]) == 0

    result = nbformat.read(executed, as_version=4)
    assert [cell.source for cell in result.cells] == [
        cell.source for cell in nbformat.read(notebook, as_version=4).cells
    ]  # the binding cell is not left in it
    assert result.cells[0].outputs[0]["text"] == "3 3\n"
    assert result.cells[1].outputs[0]["text"].endswith(".csv\n")
    assert f"rucio: {DOUBLE_MUON} is available here" in capsys.readouterr().err


def test_vre_lab_execute_fails_with_the_cells_error_and_still_writes_the_notebook(
    headless_instances, tmp_path, capsys
):
    notebook = attached_notebook(tmp_path / "broken.ipynb", "print(nothing_bound)", rucio=[])

    assert main(["execute", str(notebook), "--timeout", "120"]) == 1

    assert "NameError" in capsys.readouterr().err
    outputs = nbformat.read(notebook, as_version=4).cells[0].outputs
    assert outputs[0]["ename"] == "NameError"
