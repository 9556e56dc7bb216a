"""`docker` is tried as a runtime when its daemon answers, as apptainer and podman are: found
on PATH is not enough, `docker info` must succeed (within a few seconds). A docker client with
no daemon behind it (as /usr/local/bin/docker on the test machines) is passed over, and steps run
on this host with the usual note."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_reana_local_engine import make_engine, recorded, run, spec, step, wait
from vre_lab.app import VRELab
from vre_lab.reana.local import runtimes

HOST_DOCKER = Path("/usr/local/bin/docker")


@pytest.fixture
def root(tmp_path):
    (tmp_path / "root" / "analysis").mkdir(parents=True)
    return tmp_path / "root"


@pytest.fixture
def source(root):
    return root / "analysis"


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state"


def fake_docker(folder: Path, daemon: bool) -> Path:
    """A docker that records its arguments, answers `info` as its daemon would, and runs the
    step's command on the host."""
    folder.mkdir(exist_ok=True)
    script = folder / "docker"
    script.write_text(
        "#!/bin/bash\n"
        f"printf '%s\\0' \"$@\" > '{folder}'/\"$1\".argv\n"
        f'if [ "$1" = info ]; then exit {0 if daemon else 1}; fi\n'
        'if [ "$1" = run ]; then exec bash -c "${@: -1}"; fi\n'
    )
    script.chmod(0o755)
    return script


def test_docker_is_the_last_default_runtime():
    assert VRELab().reana_container_runtimes == ["apptainer", "podman", "docker"]


def test_a_docker_whose_daemon_does_not_answer_is_not_used(root, source, state, tmp_path):
    bin_dir = tmp_path / "bin"
    docker = fake_docker(bin_dir, daemon=False)
    assert runtimes.discover(["docker"], {"docker": str(docker)}.get) is None
    assert recorded(bin_dir, "info") == ["info"]
    engine = make_engine(
        root, state, container_runtimes=("apptainer", "podman", "docker"),
        find_runtime={"docker": str(docker)}.get,
    )  # fmt: skip
    try:
        detail = wait(
            engine, run(engine, source, spec(step("s", "echo here", environment="alpine:3")))
        )
        assert detail["status"] == "finished"
        assert detail["engine_note"] == (
            "No container runtime (apptainer, podman, docker) found: running on this host"
            " instead of alpine:3"
        )
        assert not (bin_dir / "run.argv").exists()
    finally:
        engine.shutdown()


@pytest.mark.skipif(not HOST_DOCKER.is_file(), reason="no /usr/local/bin/docker here")
def test_the_docker_client_of_this_machine_without_a_daemon_is_passed_over():
    if runtimes.daemon_answers(str(HOST_DOCKER)):
        pytest.skip("this machine's docker daemon answers")
    found = runtimes.discover(["apptainer", "podman", "docker"], {"docker": str(HOST_DOCKER)}.get)
    assert found is None


def test_a_docker_whose_daemon_answers_runs_the_steps_in_their_images(
    root, source, state, tmp_path, monkeypatch
):
    bin_dir = tmp_path / "bin"
    docker = fake_docker(bin_dir, daemon=True)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    only_docker = {"docker": str(docker)}.get
    engine = make_engine(
        root, state, container_runtimes=("apptainer", "podman", "docker"), find_runtime=only_docker
    )
    try:
        runtime = engine.container_runtime()
        assert (runtime.name, runtime.path) == ("docker", str(docker))
        workflow_id = run(engine, source, spec(step("s", "echo in", environment="alpine:3")))
        detail = wait(engine, workflow_id)
        assert detail["status"] == "finished", engine.logs(workflow_id)
        argv = recorded(bin_dir, "run")
        workspace = str((root / detail["workspace_path"]).resolve())
        assert argv[:2] == ["run", "--rm"]
        assert argv[-6:] == ["-w", workspace, "docker.io/library/alpine:3", "bash", "-c", "echo in"]
        assert f"Container runtime: docker ({docker})" in engine.logs(workflow_id)["workflow_log"]
    finally:
        engine.shutdown()


def test_a_daemon_that_hangs_counts_as_not_answering(tmp_path, monkeypatch):
    script = tmp_path / "docker"
    script.write_text("#!/bin/bash\nsleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(runtimes, "DAEMON_SECONDS", 0.5)
    assert runtimes.daemon_answers(str(script)) is False


def test_cwltool_is_given_docker_as_its_default_not_as_a_flag_it_does_not_have():
    from vre_lab.reana.local.runners import _cwl_containers

    docker = _cwl_containers(runtimes.Runtime("docker", "/usr/bin/docker"))
    podman = _cwl_containers(runtimes.Runtime("podman", "/usr/bin/podman"))
    assert docker == ["--default-container", "docker.io/frolvlad/alpine-bash"]
    assert podman[0] == "--podman"
