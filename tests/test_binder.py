"""binder/ as repo2docker runs it, without Docker: the Binder image's build and start, for real.

repo2docker clones the repository, creates the environment of binder/environment.yml, runs
binder/postBuild from the repository's root, and starts every session through binder/start.
Here: the repository's files (tracked, and untracked but not ignored) are copied into a
temporary folder, a fresh venv of this machine's Python stands for the conda environment, HOME
is a temporary folder, and binder/postBuild and binder/start run exactly as they are. Then, in
the environment binder/start made, the demo notebook runs headless (nbclient) against the
sandbox, its reana.yaml runs with the local engine, and a started lab opens the notebook.

Two shortcuts keep it quick, neither changing what the scripts do: the sandbox's Rucio server
venv is the one the other tests share (``$VRE_LAB_SANDBOX_VENV`` or ``.venv-rucio-server``,
when it is built), and jlpm's package cache is the repository's own (``.yarn/cache``).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.plugins.sandbox import shared_server_venv
from vre_lab.sandbox.paths import VENV_ENV
from vre_lab.sandbox.server_side import demo_catalog as catalog

REPO = Path(__file__).resolve().parents[1]
HELPER = Path(__file__).resolve().with_name("binder_demo.py")
DEMO_URL = "/lab/tree/demo/higgs4l.ipynb"
DEMO_DATASET = "demo:higgs4l-data-2012B-DoubleMuon"
# what a session's environment must not inherit from the one running the tests
_NOT_INHERITED = ("JUPYTER", "VRE_LAB_", "RUCIO_", "IPYTHON", "MPLBACKEND", "VIRTUAL_ENV")
_NOT_INHERITED_EXACT = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE")
_HOME_LIKE = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")

# the first test builds the image (postBuild: a few minutes), beyond the default 300 s
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


@dataclass
class Binder:
    root: Path  # the "clone": where repo2docker puts the repository, and the lab's root
    home: Path
    venv: Path
    env: dict[str, str]
    timings: dict[str, float]

    def run(self, *args, cwd=None, timeout=600.0, codes=(0,), with_stderr=False) -> str:
        """A command in the image's environment: its stdout (then its stderr, with_stderr), or
        a failure showing the end of both."""
        began = time.monotonic()
        result = subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode in codes, (
            f"{' '.join(map(str, args))} failed ({result.returncode}) after"
            f" {time.monotonic() - began:.0f} s:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
        return result.stdout + (result.stderr if with_stderr else "")

    def started(self, *command, cwd: Path | None = None, timeout: float = 600) -> str:
        """`binder/start COMMAND`, as repo2docker starts a session."""
        return self.run(self.root / "binder" / "start", *command, cwd=cwd, timeout=timeout)


def environment_yml() -> dict[str, str]:
    """binder/environment.yml's pins: {"python": "3.11", "nodejs": "20", "pip": ""}."""
    data = yaml.safe_load((REPO / "binder" / "environment.yml").read_text())
    pins = {}
    for dependency in data["dependencies"]:
        if isinstance(dependency, str):
            name, _, version = dependency.partition("=")
            pins[name.strip()] = version.strip("= ")
    return pins


def check_toolchain() -> Path:
    """The Python that stands for the conda environment's; Node.js must be there (skip if not)."""
    pins = environment_yml()
    assert {"python", "nodejs", "pip"} <= set(pins), pins
    node = shutil.which("node")
    if node is None:
        pytest.skip(f"binder/environment.yml installs nodejs={pins['nodejs']}; no node on PATH")
    node_version = subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    python = Path(getattr(sys, "_base_executable", None) or sys.executable)
    python_version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if pins["python"] and python_version != pins["python"]:
        warnings.warn(
            f"binder/environment.yml pins python={pins['python']}; this runs {python_version}",
            stacklevel=2,
        )
    if pins["nodejs"] and node_version.lstrip("v").split(".")[0] != pins["nodejs"].split(".")[0]:
        warnings.warn(
            f"binder/environment.yml pins nodejs={pins['nodejs']}; this runs {node_version}",
            stacklevel=2,
        )
    print(f"python {python_version} ({python}), node {node_version} ({node})")
    return python


def copy_repository(destination: Path) -> None:
    """The files a clone would have, with this tree's uncommitted changes (what is tested)."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the repository's file list needs git and a git checkout: {error}")
    for name in filter(None, listing.decode().split("\0")):
        source = REPO / name
        if not os.path.lexists(source):
            continue  # tracked, but deleted in this tree
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def session_env(home: Path, venv: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_NOT_INHERITED)
        and key not in _NOT_INHERITED_EXACT
        and key not in _HOME_LIKE
    }
    # the environment's bin first, as conda's; no other venv (this one's) on PATH
    path = [
        entry
        for entry in os.environ.get("PATH", "").split(os.pathsep)
        if entry and not (Path(entry).parent / "pyvenv.cfg").exists()
    ]
    env.update(HOME=str(home), PATH=os.pathsep.join([str(venv / "bin"), *path]))
    server_venv = shared_server_venv()
    if (server_venv / "vre-lab-server-venv.json").is_file():
        env[VENV_ENV] = str(server_venv.resolve())
    if (REPO / ".yarn" / "cache").is_dir():
        env["YARN_CACHE_FOLDER"] = str(REPO / ".yarn" / "cache")
    return env


@pytest.fixture(scope="module")
def binder(tmp_path_factory) -> Iterator[Binder]:
    """The image built: the repository copied, the environment made, binder/postBuild run."""
    python = check_toolchain()
    base = tmp_path_factory.mktemp("binder")
    root, home, venv = base / "repo", base / "home", base / "env"
    home.mkdir()
    timings = {}

    began = time.monotonic()
    copy_repository(root)
    subprocess.run([python, "-m", "venv", venv], check=True, timeout=300)
    image = Binder(root, home, venv, session_env(home, venv), timings)
    image.run("python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    timings["environment"] = time.monotonic() - began

    began = time.monotonic()
    try:
        image.run("bash", "binder/postBuild", timeout=1500)
        timings["postBuild"] = time.monotonic() - began
        yield image
    finally:
        if (venv / "bin" / "vre-lab").exists():  # postBuild installed it: stop what runs
            subprocess.run(
                [venv / "bin" / "vre-lab", "sandbox", "stop"],
                env=image.env,
                cwd=root,
                capture_output=True,
                timeout=120,
                check=False,
            )
        print("binder timings: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))


def test_post_build_installs_vre_lab_and_makes_the_lab_open_the_demo(binder):
    for script in ("postBuild", "start"):
        assert os.access(binder.root / "binder" / script, os.X_OK), f"binder/{script}: chmod +x"
    # from HOME: `python -c` in the repository's root would import its source tree
    located = binder.run(
        "python", "-c", "import vre_lab, matplotlib; print(vre_lab.__file__)", cwd=binder.home
    )
    assert Path(located.strip().splitlines()[-1]).is_relative_to(binder.venv)

    labextensions = re.sub(
        r"\x1b\[[0-9;]*m", "", binder.run("jupyter", "labextension", "list", with_stderr=True)
    )
    assert re.search(r"vre-lab v[\w.]+ enabled\s+OK \(python, vre_lab\)", labextensions)
    # built from source in the clone (its labextension is not in git), not copied
    assert (binder.root / "vre_lab" / "labextension" / "static" / "style.js").is_file()

    config = json.loads((binder.home / ".jupyter" / "jupyter_server_config.json").read_text())
    assert config["ServerApp"]["default_url"] == DEMO_URL
    assert config["LabApp"]["default_url"] == DEMO_URL

    # the sandbox was made once and stopped: the session only starts it
    status = json.loads(binder.run("vre-lab", "sandbox", "status", "--json", codes=(3,)))
    assert Path(status["home"]).is_relative_to(binder.home)
    assert status["seeded"] is True
    assert status["running"] is False


def test_the_demo_notebook_and_its_workflow_run_in_the_started_environment(binder):
    demo = binder.root / "demo"
    executed = binder.home / "higgs4l.executed.ipynb"

    began = time.monotonic()
    output = binder.started("python", HELPER, "notebook", executed, cwd=demo)
    binder.timings["notebook"] = time.monotonic() - began
    answer = json.loads(output.strip().splitlines()[-1])
    assert Path(answer["vre_lab"]).is_relative_to(binder.venv), "vre_lab is the one installed"

    notebook = json.loads(executed.read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    outputs = [output for cell in code for output in cell["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert all(cell["execution_count"] for cell in code), "every code cell ran"

    search = _text(code[0]["outputs"])
    for dataset in catalog.CONTAINER_DATASETS:
        assert dataset.did in search
    assert "(3 DIDs)" in search
    imported = _text(code[1]["outputs"])
    assert f"rucio: {DEMO_DATASET} is available here" in imported
    assert imported.strip().endswith("3"), "events: the dataset's 3 paths"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot is in the notebook"

    with (demo / "data" / "events.csv").open(newline="") as events:
        rows = list(csv.reader(events))
    assert rows[0] == ["event_id", "pt", "eta", "phi", "mass"]
    assert len(rows) == 1 + 3 * catalog.EVENTS_PER_FILE == 241

    began = time.monotonic()
    output = binder.started("python", HELPER, "workflow", binder.home / "local-runs", cwd=demo)
    binder.timings["workflow"] = time.monotonic() - began
    run = json.loads(output.strip().splitlines()[-1])
    assert run["status"] == "finished", run
    workspace = Path(run["workspace"])
    assert workspace == binder.root / "reana-runs" / "demo.1"
    assert run["outputs"] == ["results/mass.png", "results/summary.json"]
    assert (workspace / "results" / "mass.png").read_bytes().startswith(b"\x89PNG")
    summary = json.loads((workspace / "results" / "summary.json").read_text())
    assert summary["events"] == 240
    assert 0 < summary["in_window"] < 240


def test_the_started_lab_opens_the_demo_with_the_sandbox_local_engine_and_offline_publishing(
    binder,
):
    port, token = _free_port(), "binder-test-token"
    command = ["jupyter", "lab", "--no-browser", f"--port={port}"]
    command += [f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = binder.home / "lab.log"
    with log.open("w") as output:
        lab = subprocess.Popen(
            [binder.root / "binder" / "start", *command],
            cwd=binder.root,
            env=binder.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        first = _wait_for(base + "/", token, lab, log)
        assert first.status == 302
        assert first.headers["Location"].split("?")[0].endswith(DEMO_URL)
        assert _get(base + DEMO_URL, token).status == 200

        instances = _json(base + "/vre-lab/api/rucio/instances", token)
        assert instances["default"] == "sandbox"
        whoami = _json(base + "/vre-lab/api/rucio/sandbox/whoami", token)
        assert whoami["account"] == "root"
        servers = _json(base + "/vre-lab/api/reana/servers", token)
        assert "local" in [server["name"] for server in servers["servers"]]
        repositories = _json(base + "/vre-lab/api/zenodo/repositories", token)
        assert repositories["selected"] == "rocrate", "no repository: offline publishing"
    finally:
        os.killpg(lab.pid, 15)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, 9)
            lab.wait(timeout=10)


def _text(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def _free_port() -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port != 8888:
            return port


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(request, timeout=30)
    except urllib.error.HTTPError as answer:  # a 302 too, since redirects are not followed
        return answer


def _json(url: str, token: str):
    answer = _get(url, token)
    assert answer.status == 200, f"{url}: {answer.status}"
    return json.loads(answer.read())


def _wait_for(url: str, token: str, lab: subprocess.Popen, log: Path, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.poll() is not None:
            pytest.fail(f"the lab exited ({lab.returncode}):\n{log.read_text()[-4000:]}")
        try:
            return _get(url, token)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"the lab did not answer in {timeout:.0f} s:\n{log.read_text()[-4000:]}")
