"""What tests/test_binder.py runs inside `binder/start`: the demo, as a Binder user would.

    python binder_demo.py notebook EXECUTED.ipynb   # run higgs4l.ipynb headless (nbclient)
    python binder_demo.py workflow STATE_DIR        # run reana.yaml with the local engine

Run from the demo folder, with the environment `binder/start` made (the sandbox running, its
RUCIO_CONFIG and VRE_LAB_RUCIO_INSTANCES exported). Each command prints one JSON line on its
last line of output: where vre_lab was imported from, and what it produced.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

NOTEBOOK = "higgs4l.ipynb"


def run_notebook(executed: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # JupyterLab loads the %rucio magics in every kernel it starts; headless, IPython does it
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        extra_arguments=["--ext=vre_lab"],
        resources={"metadata": {"path": str(Path.cwd())}},
    )
    began = time.monotonic()
    try:
        client.execute()
    finally:
        nbformat.write(notebook, executed)
    return {"seconds": round(time.monotonic() - began, 1), "executed": str(executed)}


def run_workflow(state_dir: Path) -> dict:
    from vre_lab.reana.local import LocalEngine
    from vre_lab.reana.validation import validate_file

    demo = Path.cwd()
    validation = validate_file(demo / "reana.yaml")
    if not validation.valid:
        raise SystemExit(f"reana.yaml is not valid: {validation.issues}")
    root = demo.parent  # the lab's root on Binder: the repository
    # no container runtime: the step runs on this host, as on Binder
    engine = LocalEngine(
        root_dir=root,
        workspace_dir=root / "reana-runs",
        state_dir=state_dir,
        container_runtimes=(),
    )
    try:
        workflow = engine.create(
            name="demo",
            specification=validation.specification,
            source_dir=demo,
            parameters={},
        )
        engine.start(workflow["id"])
        deadline = time.monotonic() + 120
        detail = engine.get(workflow["id"])
        while detail["status"] not in ("finished", "failed", "stopped"):
            if time.monotonic() > deadline:
                raise SystemExit(f"the run is still {detail['status']} after 120 s")
            time.sleep(0.1)
            detail = engine.get(workflow["id"])
        logs = engine.logs(workflow["id"])
    finally:
        engine.shutdown()
    return {
        "status": detail["status"],
        "workspace": str(root / detail["workspace_path"]),
        "outputs": detail["outputs"],
        "logs": [step["log"] for step in logs["steps"]],
        "workflow_log": logs["workflow_log"][-2000:],
    }


def main(argv: list[str]) -> None:
    import vre_lab

    command, target = argv
    if command == "notebook":
        answer = run_notebook(Path(target))
    elif command == "workflow":
        answer = run_workflow(Path(target))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps({"vre_lab": vre_lab.__file__, **answer}))


if __name__ == "__main__":
    main(sys.argv[1:])
