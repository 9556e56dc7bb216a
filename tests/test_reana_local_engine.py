"""The local engine runs serial reana.yaml workflows here, as REANA's serial engine does."""

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vre_lab.core.errors import BadRequest, Conflict, NotFound
from vre_lab.core.jobs import JobStore
from vre_lab.reana.local import INTERRUPTED, LocalEngine
from vre_lab.reana.local.engines import Engines

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "root"
    (root / "analysis").mkdir(parents=True)
    return root


@pytest.fixture
def source(root):
    return root / "analysis"


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state"


def make_engine(root, state, **options):
    options.setdefault("container_runtimes", ())
    options.setdefault("stop_grace_seconds", 2.0)
    options.setdefault("engines", Engines(state / "no-engines"))
    return LocalEngine(root_dir=root, workspace_dir=root / "reana-runs", state_dir=state, **options)


@pytest.fixture
def engine(root, state):
    engine = make_engine(root, state)
    yield engine
    engine.shutdown()


def spec(*steps, files=(), directories=(), parameters=None, outputs=None, kind="serial"):
    return {
        "version": "0.9.0",
        "inputs": {
            "files": list(files),
            "directories": list(directories),
            "parameters": parameters or {},
        },
        "workflow": {"type": kind, "specification": {"steps": list(steps)}},
        "outputs": outputs or {},
    }


def step(name, *commands, environment="docker.io/library/python:3.12-slim"):
    return {"name": name, "environment": environment, "commands": list(commands)}


def run(engine, source, specification, name="demo", parameters=None):
    workflow = engine.create(
        name=name, specification=specification, source_dir=source, parameters=parameters or {}
    )
    engine.start(workflow["id"])
    return workflow["id"]


def wait(engine, workflow_id, until=("finished", "failed", "stopped"), timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        detail = engine.get(workflow_id)
        if detail["status"] in until:
            return detail
        time.sleep(0.02)
    raise AssertionError(f"the run stayed {detail['status']}")


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("the condition never held")


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"  # a zombie has ended


def test_a_two_step_workflow_runs_to_finished_with_outputs_and_per_step_logs(engine, source):
    specification = spec(
        step("gen", "echo generating; echo 42 > result.txt"),
        step("plot", "echo plotting; mkdir -p plots && cat result.txt > plots/plot.txt"),
        outputs={"files": ["result.txt"], "directories": ["plots"]},
    )
    workflow_id = run(engine, source, specification)
    detail = wait(engine, workflow_id)

    assert detail["status"] == "finished"
    assert detail["server"] == "local"
    assert detail["name"] == "demo"
    assert detail["run_number"] == "1"
    assert detail["outputs"] == ["result.txt", "plots"]
    assert detail["workspace_path"] == "reana-runs/demo.1"
    assert detail["progress"] == {"total": 2, "finished": 2, "failed": 0, "running": 0}
    assert detail["started"]
    assert detail["finished"]
    assert detail["created"]
    assert detail["duration_seconds"] is not None
    assert detail["specification"] == specification
    workspace = engine.root_dir / detail["workspace_path"]
    provenance = (workspace / "provenance.json").stat().st_size
    assert detail["size_bytes"] == 6 + provenance  # "42\n" twice
    assert (workspace / "plots" / "plot.txt").read_text() == "42\n"

    logs = engine.logs(workflow_id)
    assert [(s["name"], s["status"]) for s in logs["steps"]] == [
        ("gen", "finished"),
        ("plot", "finished"),
    ]
    assert logs["steps"][0]["log"] == "generating\n"
    assert logs["steps"][1]["log"] == "plotting\n"
    assert all(s["started"] and s["finished"] for s in logs["steps"])
    assert "Workflow finished" in logs["workflow_log"]
    # no runtime configured: the steps ran here, and the run says so
    assert (
        "running on this host instead of docker.io/library/python:3.12-slim"
        in (detail["engine_note"])
    )
    assert "running on this host instead of" in logs["workflow_log"]


def test_each_command_of_a_step_is_its_own_job_as_in_reana(engine, source):
    workflow_id = run(engine, source, spec(step("s", "mkdir sub", "cd sub", "pwd > where.txt")))
    detail = wait(engine, workflow_id)
    assert detail["status"] == "finished"
    assert detail["progress"]["total"] == 3
    assert len(engine.logs(workflow_id)["steps"]) == 3
    workspace = engine.root_dir / detail["workspace_path"]
    # `cd` did not carry over to the next command: it ran in the workspace again
    assert (workspace / "where.txt").read_text().strip() == str(workspace.resolve())


def test_parameters_are_substituted_with_defaults_and_overrides(engine, source):
    specification = spec(
        step("p", "echo events=$events label=${label} home=$HOME literal=$$HOME > p.txt"),
        parameters={"events": 10, "label": "demo"},
    )
    workflow_id = run(engine, source, specification, parameters={"events": 20})
    detail = wait(engine, workflow_id)
    assert detail["status"] == "finished"
    assert detail["parameters"] == {"events": 20, "label": "demo"}
    home = os.environ["HOME"]
    text = (engine.root_dir / detail["workspace_path"] / "p.txt").read_text().strip()
    assert text == f"events=20 label=demo home={home} literal={home}"
    # the shell's $HOME was left to the shell, `$$` became `$`; REANA would refuse `$HOME`
    log = engine.logs(workflow_id)["workflow_log"]
    assert "echo events=20 label=demo home=$HOME literal=$HOME > p.txt" in log
    assert "`$HOME` in step 'p' is not a workflow parameter" in detail["engine_note"]


def test_unknown_parameters_are_refused(engine, source):
    with pytest.raises(BadRequest, match="Unknown parameter"):
        engine.create(
            name="demo",
            specification=spec(step("p", "echo $events"), parameters={"events": 1}),
            source_dir=source,
            parameters={"evnets": 2},
        )


def test_strict_parameters_refuse_what_reana_would_refuse(root, source, state):
    engine = make_engine(root, state, strict_parameters=True)
    try:
        with pytest.raises(BadRequest, match=r"\$HOME"):
            engine.create(
                name="demo",
                specification=spec(step("p", "echo $HOME")),
                source_dir=source,
                parameters={},
            )
        workflow = engine.create(
            name="demo",
            specification=spec(step("p", "echo $$HOME ${n}"), parameters={"n": 1}),
            source_dir=source,
            parameters={},
        )
        assert workflow["engine_note"].startswith("No container runtime")
    finally:
        engine.shutdown()


def test_a_failing_step_fails_the_run_and_skips_the_rest(engine, source):
    specification = spec(
        step("one", "echo one > one.txt"),
        step("two", "echo two; exit 3", "echo never > never-a.txt"),
        step("three", "echo never > never-b.txt"),
    )
    workflow_id = run(engine, source, specification)
    detail = wait(engine, workflow_id)
    assert detail["status"] == "failed"
    assert detail["progress"] == {"total": 4, "finished": 1, "failed": 1, "running": 0}
    workspace = engine.root_dir / detail["workspace_path"]
    assert (workspace / "one.txt").exists()
    assert not (workspace / "never-a.txt").exists()
    assert not (workspace / "never-b.txt").exists()
    logs = engine.logs(workflow_id)
    assert [(s["name"], s["status"]) for s in logs["steps"]] == [
        ("one", "finished"),
        ("two", "failed"),
    ]
    assert logs["steps"][1]["log"] == "two\n"
    assert (
        "Step 'two' failed: command 1 of 2 exited with status 3; the rest of the workflow was"
        " not run"
    ) in logs["workflow_log"]


def test_a_failed_run_says_why_and_which_outputs_it_did_not_leave(engine, source):
    specification = spec(
        step("one", "echo one > one.txt"),
        step("fit", "echo reading events", "echo 'no events to fit' >&2; exit 2"),
        outputs={"files": ["one.txt", "results/fit.txt"], "directories": ["plots"]},
    )
    workflow_id = run(engine, source, specification)
    detail = wait(engine, workflow_id)
    assert detail["status"] == "failed"
    # why, in the overview (not only in the logs): the sentence, the step, its last lines
    assert detail["failure"] == {
        "message": "Step 'fit' failed: command 2 of 2 exited with status 2",
        "step": "fit",
        "log_tail": "no events to fit",
    }
    # what it did not leave: nothing to open there
    assert detail["missing_outputs"] == ["results/fit.txt", "plots"]
    # the logs number a step's commands
    steps = engine.logs(workflow_id)["steps"]
    assert [(s["name"], s.get("command_number"), s.get("command_count")) for s in steps] == [
        ("one", None, None),
        ("fit", 1, 2),
        ("fit", 2, 2),
    ]


def test_a_finished_run_has_no_failure_nor_missing_outputs(engine, source):
    specification = spec(step("one", "echo one > one.txt"), outputs={"files": ["one.txt"]})
    detail = wait(engine, run(engine, source, specification))
    assert detail["status"] == "finished"
    assert detail["failure"] is None
    assert detail["missing_outputs"] == []


def test_logs_grow_while_a_step_runs(engine, source):
    workflow_id = run(engine, source, spec(step("slow", "echo first; sleep 30")))

    def first_is_logged():
        steps = engine.logs(workflow_id)["steps"]
        return bool(steps) and steps[0]["log"] == "first\n"

    wait_for(first_is_logged)
    assert engine.get(workflow_id)["status"] == "running"
    assert engine.get(workflow_id)["progress"]["running"] == 1
    engine.stop(workflow_id)


def test_stop_kills_the_running_step_and_its_children_quickly(engine, source):
    # `$$` is REANA's escape for `$`: the shell sees `$!` and `$$`
    command = "sleep 60 & echo $$! > child.pid; echo $$$$ > shell.pid; wait"
    workflow_id = run(engine, source, spec(step("long", command), step("after", "touch after")))
    workspace = engine.root_dir / "reana-runs" / "demo.1"
    wait_for(lambda: (workspace / "child.pid").exists() and (workspace / "shell.pid").exists())
    wait_for(lambda: (workspace / "child.pid").read_text().strip() != "")
    child = int((workspace / "child.pid").read_text())
    shell = int((workspace / "shell.pid").read_text())
    assert alive(child)

    began = time.monotonic()
    stopped = engine.stop(workflow_id)
    assert time.monotonic() - began < 2.0
    assert stopped["status"] == "stopped"
    wait_for(lambda: not alive(child) and not alive(shell), timeout=3)
    assert not (workspace / "after").exists()
    logs = engine.logs(workflow_id)
    assert [s["status"] for s in logs["steps"]] == ["stopped"]
    assert "Stopped by the user" in logs["workflow_log"]
    assert engine.get(workflow_id)["finished"]
    with pytest.raises(Conflict):
        engine.stop(workflow_id)


def test_inputs_are_copied_into_the_workspace(engine, root, source):
    (source / "code").mkdir()
    (source / "code" / "fit.py").write_text("print('fit')\n")
    (source / "code" / "nested").mkdir()
    (source / "code" / "nested" / "deep.txt").write_text("deep\n")
    (source / "data.csv").write_text("a,b\n")
    (source / "link.csv").symlink_to(source / "data.csv")  # inside: fine
    (source / "not-an-input.txt").write_text("left behind\n")
    progress = []
    workflow = engine.create(
        name="demo",
        specification=spec(step("s", "ls"), files=["data.csv", "./link.csv"], directories=["code"]),
        source_dir=source,
        parameters={},
        progress=lambda fraction, message: progress.append((fraction, message)),
    )
    assert workflow["status"] == "created"
    names = [item["name"] for item in engine.workspace(workflow["id"])["items"]]
    assert names == [
        "code/fit.py",
        "code/nested/deep.txt",
        "data.csv",
        "link.csv",
        "provenance.json",
    ]
    workspace = root / workflow["workspace_path"]
    assert (workspace / "link.csv").read_text() == "a,b\n"
    assert not (workspace / "link.csv").is_symlink()
    assert progress[-1][0] == 1.0
    assert [fraction for fraction, _ in progress] == sorted(fraction for fraction, _ in progress)


def test_a_directory_input_never_copies_the_runs_themselves(engine, root, source):
    (root / "notes.txt").write_text("notes\n")
    first = run(engine, root, spec(step("s", "echo hi > made.txt"), directories=["."]))
    wait(engine, first)
    second = engine.create(
        name="demo",
        specification=spec(step("s", "true"), directories=["."]),
        source_dir=root,
        parameters={},
    )
    names = [item["name"] for item in engine.workspace(second["id"])["items"]]
    assert names == ["notes.txt", "provenance.json"]


@pytest.mark.parametrize(
    ("files", "directories", "message"),
    [
        (["../outside.txt"], [], r"leads out of the folder of reana\.yaml \('\.\.'\)"),
        (["ok/../../outside.txt"], [], r"\('\.\.'\)"),
        (["ABSOLUTE"], [], "absolute path"),
        (["link-out.txt"], [], "symbolic link that leads out"),
        (["link-root.txt"], [], "symbolic link that leads out"),
        ([], ["data"], "symbolic link that leads out"),
        ([], ["../"], r"\('\.\.'\)"),
        (["missing.txt"], [], "does not exist"),
        (["data"], [], "list it in inputs.directories|not a file"),
    ],
)
def test_inputs_leading_out_are_refused(
    engine, tmp_path, root, source, files, directories, message
):
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours\n")
    (root / "outside.txt").write_text("beside the analysis\n")
    (source / "link-out.txt").symlink_to(secret)
    (source / "link-root.txt").symlink_to(root / "outside.txt")  # in the root, not the folder
    (source / "data").mkdir()
    (source / "data" / "fine.txt").write_text("fine\n")
    (source / "data" / "sneaky").symlink_to(tmp_path)
    files = [str(secret) if f == "ABSOLUTE" else f for f in files]
    with pytest.raises(BadRequest, match=message):
        engine.create(
            name="demo",
            specification=spec(step("s", "cat *"), files=files, directories=directories),
            source_dir=source,
            parameters={},
        )
    assert not (root / "reana-runs").exists()  # nothing was created
    assert engine.list()["total"] == 0


def test_a_source_folder_outside_the_root_is_refused(engine, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(BadRequest, match="not inside the server root"):
        engine.create(
            name="demo", specification=spec(step("s", "true")), source_dir=elsewhere, parameters={}
        )


@pytest.mark.parametrize("kind", ["cwl", "snakemake", "yadage"])
def test_a_workflow_whose_engine_is_not_installed_says_how_to_install_it(engine, source, kind):
    (source / "workflow.file").write_text("")
    specification = {**spec(step("s", "true"), kind=kind)}
    specification["workflow"] = {"type": kind, "file": "workflow.file"}
    with pytest.raises(BadRequest) as caught:
        engine.create(name="demo", specification=specification, source_dir=source, parameters={})
    assert caught.value.code == "engine_missing"
    assert "`vre-lab engines install`" in caught.value.message


def test_a_workflow_type_no_engine_runs_is_refused_with_a_clear_answer(engine, source):
    with pytest.raises(BadRequest) as caught:
        engine.create(
            name="demo",
            specification=spec(step("s", "true"), kind="nextflow"),
            source_dir=source,
            parameters={},
        )
    assert "this one is nextflow: run it on REANA" in caught.value.message


@pytest.mark.parametrize("name", ["with.dot", "", "a/b", "-x", "0123456789abcdef0123456789abcdef"])
def test_bad_workflow_names_are_refused(engine, source, name):
    with pytest.raises(BadRequest):
        engine.create(
            name=name, specification=spec(step("s", "true")), source_dir=source, parameters={}
        )


def test_run_numbers_count_up_per_name_and_runs_are_found_by_name(engine, source):
    first = engine.create(
        name="demo", specification=spec(step("s", "true")), source_dir=source, parameters={}
    )
    second = engine.create(
        name="demo", specification=spec(step("s", "true")), source_dir=source, parameters={}
    )
    other = engine.create(
        name="other", specification=spec(step("s", "true")), source_dir=source, parameters={}
    )
    assert (first["run_number"], second["run_number"], other["run_number"]) == ("1", "2", "1")
    assert engine.get("demo.1")["id"] == first["id"]
    assert engine.get("demo.2")["id"] == second["id"]
    assert engine.get("demo")["id"] == second["id"]  # the latest, as REANA answers
    with pytest.raises(NotFound):
        engine.get("demo.7")
    with pytest.raises(NotFound):
        engine.get("f" * 32)
    engine.delete(second["id"])
    # a run number is never given twice, even after its run was deleted
    third = engine.create(
        name="demo", specification=spec(step("s", "true")), source_dir=source, parameters={}
    )
    assert third["run_number"] == "3"


def test_a_run_starts_once(engine, source):
    workflow_id = run(engine, source, spec(step("s", "true")))
    wait(engine, workflow_id)
    with pytest.raises(Conflict, match="already started"):
        engine.start(workflow_id)


def test_a_new_engine_on_the_same_state_sees_the_runs(root, source, state):
    first = make_engine(root, state)
    workflow_id = run(first, source, spec(step("s", "echo kept > kept.txt; echo logged")))
    wait(first, workflow_id)
    before = (first.get(workflow_id), first.logs(workflow_id), first.list())
    first.shutdown()

    second = make_engine(root, state)
    try:
        after = (second.get(workflow_id), second.logs(workflow_id), second.list())
        assert after[0]["status"] == "finished"
        assert after[1] == before[1]
        assert after[1]["steps"][0]["log"] == "logged\n"
        assert after[2]["items"] == before[2]["items"]
        names = [i["name"] for i in second.workspace(workflow_id)["items"]]
        assert names == ["kept.txt", "provenance.json"]
    finally:
        second.shutdown()


CRASHING_SERVER = """
import json, sys, time
from pathlib import Path
from vre_lab.core.jobs import JobStore
from vre_lab.reana.local import LocalEngine

root, state = Path(sys.argv[1]), Path(sys.argv[2])
servers = JobStore(sys.argv[3]) if len(sys.argv) > 3 else None  # the app's, else the engine's
engine = LocalEngine(root_dir=root, workspace_dir=root / "reana-runs", state_dir=state,
                     container_runtimes=(), servers=servers)
specification = {"workflow": {"type": "serial", "specification": {"steps": [
    {"name": "long", "commands": ["echo $$$$ > sleep.pid; exec sleep 60"]}]}}}
workflow = engine.create(name="crash", specification=specification,
                         source_dir=root / "analysis", parameters={})
engine.start(workflow["id"])
pid_file = root / "reana-runs" / "crash.1" / "sleep.pid"
while not (pid_file.exists() and pid_file.read_text().strip()):
    time.sleep(0.02)
while not engine.logs(workflow["id"])["steps"]:  # the job and its pid are recorded
    time.sleep(0.02)
print(workflow["id"], flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("shared_store", [False, True], ids=["engine-alone", "app-job-store"])
def test_recover_fails_a_run_whose_server_died_and_kills_what_it_left(
    root, source, state, tmp_path, shared_store
):
    """Which server drives a run, and whether it lives, is the job store's one notion (as for
    its jobs): the app's store, or the one an engine used on its own keeps in its state."""
    store = tmp_path / "jobs.sqlite3" if shared_store else state / "jobs.sqlite3"

    def server_engine():
        return make_engine(root, state, servers=JobStore(store) if shared_store else None)

    def server_stops(engine):
        engine.shutdown()
        engine.servers.close()  # the engine's own store is closed by shutdown

    server = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SERVER, str(root), str(state)]
        + ([str(store)] if shared_store else []),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workflow_id = server.stdout.readline().strip()
        assert workflow_id, "the server process did not start its run"
        sleeper = int((root / "reana-runs" / "crash.1" / "sleep.pid").read_text())
        # the run's owner is the server's id in the job store, whose lock it holds
        locks = store.with_name(f"{store.name}.servers")

        # while its server lives, another engine on the same state leaves the run alone
        bystander = server_engine()
        owner = bystander.runs.get(workflow_id)["owner"]
        assert (locks / f"{owner}.lock").exists()
        assert bystander.get(workflow_id)["status"] == "running"
        with pytest.raises(Conflict, match="another Jupyter server"):
            bystander.stop(workflow_id)
        server_stops(bystander)

        server.send_signal(signal.SIGKILL)  # the server dies; its step goes on
        server.wait(10)
        assert alive(sleeper)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
        server.stdout.close()

    engine = server_engine()  # the next server to start finds the run's server gone
    try:
        detail = engine.get(workflow_id)
        assert detail["status"] == "failed"
        assert detail["finished"]
        logs = engine.logs(workflow_id)
        assert INTERRUPTED in logs["workflow_log"]
        assert logs["steps"][0]["status"] == "failed"
        wait_for(lambda: not alive(sleeper), timeout=3)
        # the dead server's lock is gone
        assert sorted(p.name for p in locks.iterdir()) == [f"{engine.servers.server_id}.lock"]
    finally:
        server_stops(engine)


def test_shutdown_records_running_runs_as_interrupted(root, source, state):
    engine = make_engine(root, state)
    workflow_id = run(engine, source, spec(step("long", "sleep 60")))
    wait(engine, workflow_id, until=("running",))
    wait_for(lambda: engine.get(workflow_id)["progress"]["running"] == 1)
    began = time.monotonic()
    engine.shutdown()
    assert time.monotonic() - began < 2.0
    again = make_engine(root, state)
    try:
        detail = again.get(workflow_id)
        assert detail["status"] == "failed"
        logs = again.logs(workflow_id)
        assert INTERRUPTED in logs["workflow_log"]
        assert [s["status"] for s in logs["steps"]] == ["failed"]
    finally:
        again.shutdown()


def test_list_filters_by_status_and_name_sorts_and_pages(engine, source):
    ids = []
    for name in ("alpha", "alpha", "beta"):
        workflow = engine.create(
            name=name, specification=spec(step("s", "true")), source_dir=source, parameters={}
        )
        ids.append(workflow["id"])
        time.sleep(0.005)
    engine.start(ids[1])
    wait(engine, ids[1])

    listed = engine.list()
    assert [w["id"] for w in listed["items"]] == list(reversed(ids))
    assert (listed["total"], listed["page"], listed["size"]) == (3, 1, 20)
    assert [w["id"] for w in engine.list(sort="asc")["items"]] == ids
    assert [w["id"] for w in engine.list(status=["finished"])["items"]] == [ids[1]]
    assert [w["id"] for w in engine.list(status=["created", "failed"])["items"]] == [
        ids[2],
        ids[0],
    ]
    assert [w["id"] for w in engine.list(search="ALP")["items"]] == [ids[1], ids[0]]
    page = engine.list(page=2, size=2)
    assert ([w["id"] for w in page["items"]], page["total"]) == ([ids[0]], 3)
    assert engine.list(page=3, size=2)["items"] == []
    with pytest.raises(BadRequest):
        engine.list(status=["exploded"])
    with pytest.raises(BadRequest):
        engine.list(sort="sideways")
    with pytest.raises(BadRequest):
        engine.list(page=0)
    item = listed["items"][0]
    assert set(item) == {
        "id",
        "name",
        "run_number",
        "status",
        "created",
        "started",
        "finished",
        "duration_seconds",
        "progress",
        "size_bytes",
        "server",
    }


def test_workspace_listing_searches_and_pages(engine, source):
    (source / "data").mkdir()
    for name in ("b.csv", "a.csv"):
        (source / "data" / name).write_text("x,y\n")
    (source / "notes.txt").write_text("n\n")
    workflow_id = run(
        engine,
        source,
        spec(
            step("s", "mkdir -p out && echo r > out/r.csv"),
            files=["notes.txt"],
            directories=["data"],
        ),
    )
    wait(engine, workflow_id)
    listing = engine.workspace(workflow_id)
    assert [i["name"] for i in listing["items"]] == [
        "data/a.csv",
        "data/b.csv",
        "notes.txt",
        "out/r.csv",
        "provenance.json",
    ]
    assert (listing["total"], listing["page"], listing["size"]) == (5, 1, 50)
    item = listing["items"][0]
    assert item["size"] == 4
    assert item["last_modified"].endswith("+00:00")
    found = engine.workspace(workflow_id, search=".CSV", page=2, size=2)
    assert ([i["name"] for i in found["items"]], found["total"]) == (["out/r.csv"], 3)


def test_file_path_is_confined_to_the_workspace(engine, tmp_path, source):
    (tmp_path / "secret.txt").write_text("not yours\n")
    workflow_id = run(engine, source, spec(step("s", "mkdir -p out && echo r > out/r.txt")))
    detail = wait(engine, workflow_id)
    workspace = engine.root_dir / detail["workspace_path"]
    (workspace / "escape").symlink_to(tmp_path / "secret.txt")

    assert engine.file_path(workflow_id, "out/r.txt") == (workspace / "out" / "r.txt").resolve()
    assert engine.file_path(workflow_id, "out/../out/r.txt").read_text() == "r\n"
    for bad in ("../demo.1/out/r.txt/../../../secret.txt", "/etc/passwd", "escape", "a\x00b"):
        with pytest.raises(BadRequest):
            engine.file_path(workflow_id, bad)
    for missing in ("nothing.txt", "out"):
        with pytest.raises(NotFound):
            engine.file_path(workflow_id, missing)


def test_delete_removes_the_record_logs_and_workspace(engine, source, state):
    workflow_id = run(engine, source, spec(step("s", "echo hi > hi.txt")))
    detail = wait(engine, workflow_id)
    workspace = engine.root_dir / detail["workspace_path"]
    assert workspace.is_dir()
    assert (state / "logs" / workflow_id).is_dir()
    engine.delete(workflow_id)
    assert not workspace.exists()
    assert not (state / "logs" / workflow_id).exists()
    assert engine.runs.get(workflow_id) is None
    assert list(workspace.parent.iterdir()) == []
    with pytest.raises(NotFound):
        engine.get(workflow_id)
    with pytest.raises(NotFound):
        engine.delete(workflow_id)


def test_a_running_run_cannot_be_deleted_before_it_is_stopped(engine, source):
    workflow_id = run(engine, source, spec(step("s", "sleep 60")))
    wait(engine, workflow_id, until=("running",))
    with pytest.raises(Conflict, match="stop it"):
        engine.delete(workflow_id)
    engine.stop(workflow_id)
    engine.delete(workflow_id)
    assert engine.list()["total"] == 0


def fake_runtime(folder: Path, name: str) -> Path:
    """A stand-in container runtime: it records its arguments and runs the command on the host."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(
        "#!/bin/bash\n"
        f"printf '%s\\0' \"$@\" > '{folder}'/\"$1\".argv\n"
        'if [ "$1" = run ] || [ "$1" = exec ]; then exec bash -c "${@: -1}"; fi\n'
    )
    script.chmod(0o755)
    return script


def recorded(folder: Path, subcommand: str) -> list[str]:
    return (folder / f"{subcommand}.argv").read_text().split("\0")[:-1]


def test_a_step_runs_in_its_image_with_podman(root, source, state, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    fake_runtime(bin_dir, "podman")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    engine = make_engine(root, state, container_runtimes=("podman",))
    try:
        workflow_id = run(
            engine, source, spec(step("s", "echo inside > where.txt", environment="python:3.12"))
        )
        detail = wait(engine, workflow_id)
        assert detail["status"] == "finished"
        assert detail["engine_note"] is None
        workspace = str((root / detail["workspace_path"]).resolve())
        argv = recorded(bin_dir, "run")
        job_id = engine.logs(workflow_id)["steps"][0]["id"]
        assert argv[:4] == [
            "run",
            "--rm",
            "--name",
            f"vre-lab-{job_id}",
        ]
        pairs = list(itertools.pairwise(argv))
        assert ("-v", f"{workspace}:{workspace}") in pairs
        assert ("-w", workspace) in pairs
        assert argv[-4:] == [
            "docker.io/library/python:3.12",
            "bash",
            "-c",
            "echo inside > where.txt",
        ]
        assert (Path(workspace) / "where.txt").read_text() == "inside\n"
        assert "in python:3.12 with podman" in engine.logs(workflow_id)["workflow_log"]
    finally:
        engine.shutdown()


def test_the_provenance_records_the_digest_podman_reports_for_a_step_s_image(
    root, source, state, tmp_path, monkeypatch
):
    bin_dir = tmp_path / "bin"
    script = fake_runtime(bin_dir, "podman")
    digest = "sha256:" + "ab" * 32
    with script.open("a") as answer:  # `podman image inspect --format {{.Digest}} REF`
        answer.write(f'if [ "$1" = image ] && [ "$2" = inspect ]; then echo {digest}; fi\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    engine = make_engine(root, state, container_runtimes=("podman",))
    try:
        steps = [step("a", "echo a", environment="python:3.12"), step("b", "echo b")]
        steps[1]["environment"] = None
        workflow_id = run(engine, source, spec(*steps))
        detail = wait(engine, workflow_id)
        record = json.loads((root / detail["workspace_path"] / "provenance.json").read_text())
        assert [(s["ran_on"], s["image_digest"]) for s in record["steps"]] == [
            ("podman", digest),
            ("host", None),  # no image: nothing to say
        ]
        assert recorded(bin_dir, "image")[-1] == "docker.io/library/python:3.12"
    finally:
        engine.shutdown()


def test_a_step_runs_in_its_image_with_apptainer(root, source, state, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    fake_runtime(bin_dir, "apptainer")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    engine = make_engine(root, state, container_runtimes=("apptainer", "podman"))
    try:
        workflow_id = run(engine, source, spec(step("s", "echo in", environment="alpine:3")))
        detail = wait(engine, workflow_id)
        assert detail["status"] == "finished"
        workspace = str((root / detail["workspace_path"]).resolve())
        assert recorded(bin_dir, "exec") == [
            "exec",
            "--containall",
            "--bind",
            f"{workspace}:{workspace}",
            "--pwd",
            workspace,
            "docker://alpine:3",
            "bash",
            "-c",
            "echo in",
        ]
    finally:
        engine.shutdown()


def test_runtime_discovery_is_injectable_and_in_order(root, source, state):
    found = {"podman": "/opt/fake/podman", "apptainer": None}
    engine = make_engine(
        root, state, container_runtimes=("apptainer", "podman"), find_runtime=found.get
    )
    try:
        runtime = engine.container_runtime()
        assert (runtime.name, runtime.path) == ("podman", "/opt/fake/podman")
        found["apptainer"] = "/opt/fake/apptainer"
        assert engine.container_runtime().name == "apptainer"
    finally:
        engine.shutdown()
    nothing = make_engine(
        root, state, container_runtimes=("apptainer", "podman"), find_runtime=lambda n: None
    )
    try:
        workflow = nothing.create(
            name="demo",
            specification=spec(step("s", "true", environment="alpine:3")),
            source_dir=source,
            parameters={},
        )
        assert workflow["engine_note"] == (
            "No container runtime (apptainer, podman) found: running on this host instead of"
            " alpine:3"
        )
    finally:
        nothing.shutdown()


def test_no_secret_of_the_server_reaches_step_commands(engine, source, canary, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", canary.value)
    monkeypatch.setenv("SOME_SERVICE_PASSWORD", canary.value)
    workflow_id = run(
        engine,
        source,
        spec(step("s", "env > env.txt", 'echo "token=$REANA_ACCESS_TOKEN"')),
    )
    detail = wait(engine, workflow_id)
    assert detail["status"] == "finished"
    seen = (engine.root_dir / detail["workspace_path"] / "env.txt").read_text()
    canary.check(seen, "a step's environment")
    names = {line.split("=", 1)[0] for line in seen.splitlines() if "=" in line}
    assert names <= {"PATH", "HOME", "LANG", "USER", "LOGNAME", "TMPDIR", "PWD", "SHLVL", "_"}
    logs = engine.logs(workflow_id)
    assert logs["steps"][1]["log"] == "token=\n"
    canary.check(json.dumps(logs), "the run's logs")
    canary.check(json.dumps(engine.get(workflow_id)), "the run's detail")


def test_stopping_a_podman_step_removes_its_container(root, source, state, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    fake_runtime(bin_dir, "podman")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    engine = make_engine(root, state, container_runtimes=("podman",))
    try:
        workflow_id = run(engine, source, spec(step("s", "sleep 60", environment="alpine")))
        wait_for(lambda: (bin_dir / "run.argv").exists())
        assert engine.stop(workflow_id)["status"] == "stopped"
        job_id = engine.logs(workflow_id)["steps"][0]["id"]
        assert recorded(bin_dir, "rm") == ["rm", "--force", "--ignore", f"vre-lab-{job_id}"]
    finally:
        engine.shutdown()


def test_an_input_swapped_for_a_link_out_of_the_root_after_planning_is_not_copied(tmp_path):
    from vre_lab.core.errors import Forbidden
    from vre_lab.reana.local.files import copy_inputs, plan_copy

    root, outside = tmp_path / "root", tmp_path / "outside.txt"
    (root / "analysis").mkdir(parents=True)
    (root / "analysis" / "data.csv").write_text("a,b\n")
    outside.write_text("secret")
    plan = plan_copy(root / "analysis", root, ["data.csv"], [])
    (root / "analysis" / "data.csv").unlink()
    (root / "analysis" / "data.csv").symlink_to(outside)  # between the check and the copy
    workspace = root / "reana-runs" / "w.1"
    workspace.mkdir(parents=True)
    with pytest.raises(Forbidden):
        copy_inputs(plan, workspace)
    assert list(workspace.iterdir()) == []
