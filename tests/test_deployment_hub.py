"""The JupyterHub recipe of docs/jupyterhub.md works as written.

The wheel is installed into a fresh virtual environment with the `RUN pip install` line of
docs/jupyterhub/Dockerfile (its wheel path replaced by the built wheel, the rest kept: the
session's `wheel_venv`, tests/plugins/wheel.py, which test_packaging.py shares), and
`jupyter lab` starts, as `jupyterhub-singleuser` would, in an empty folder with clean Jupyter
directories and only environment configuration: the Dockerfile's `ENV` and the `extraEnv` of
docs/jupyterhub/values.yaml. Token files and the Kubernetes secret are replaced by temporary
ones holding random tokens, the services' URLs by a closed local port (nothing leaves this
machine: listing what is configured needs no service). Over HTTP, with the server's token:
the server extension is enabled, `/lab` loads the vre-lab labextension, the REST API lists the
Rucio instance, REANA server and repositories of values.yaml with their tokens found, and no
token appears in an answer or in the server's log.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import time
from pathlib import Path

import pytest
import requests
import yaml

from tests.plugins.server_process import free_port, stop
from tests.plugins.wheel import DOCKERFILE, REPO, dockerfile_lines, run

VALUES = REPO / "docs" / "jupyterhub" / "values.yaml"
MOUNTS = "/var/run/vre/"  # where values.yaml mounts token files
HOME = "/home/jovyan"


def dockerfile_env() -> dict[str, str]:
    env = {}
    for line in dockerfile_lines():
        if line.startswith("ENV "):
            env.update(dict(pair.split("=", 1) for pair in shlex.split(line[4:])))
    return env


def hub_environment(home: Path, dead_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """(the single-user server's VRE environment from values.yaml, the tokens planted in it)."""
    extra_env = yaml.safe_load(VALUES.read_text())["singleuser"]["extraEnv"]
    tokens: dict[str, str] = {}
    env = dict(dockerfile_env())
    for name, value in extra_env.items():
        if isinstance(value, dict):  # valueFrom.secretKeyRef: the secret's value
            ref = value["valueFrom"]["secretKeyRef"]
            env[name] = tokens[f"secret {ref['name']}/{ref['key']}"] = secrets.token_hex(24)
        else:
            env[name] = str(value)
    for name, value in env.items():
        value = value.replace(MOUNTS, f"{home / 'run'}/").replace(HOME, str(home))
        env[name] = re.sub(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?", dead_url, value)
    for path in re.findall(rf"{re.escape(str(home / 'run'))}/[\w./-]+", json.dumps(env)):
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        tokens[f"file {file.name}"] = secrets.token_hex(24)
        file.write_text(tokens[f"file {file.name}"] + "\n")
        file.chmod(0o600)
    return env, tokens


def entries(variable: str) -> list[dict]:
    """The entries a JSON list variable of values.yaml configures."""
    return json.loads(yaml.safe_load(VALUES.read_text())["singleuser"]["extraEnv"][variable])


def named(variable: str) -> list[str]:
    return [entry["name"] for entry in entries(variable)]


@pytest.mark.slow
@pytest.mark.timeout(900)  # a cold pip cache; about a minute otherwise
def test_the_single_user_image_recipe_is_enabled_and_configured_by_the_environment(
    wheel_venv, tmp_path
):
    assert not re.search(
        r"jupyter\s+(server|labextension|serverextension)\s+enable", DOCKERFILE.read_text()
    ), "pip install alone must enable vre-lab"
    venv = wheel_venv

    home, root = tmp_path / "home", tmp_path / "root"
    root.mkdir()
    home.mkdir()
    vre_env, tokens = hub_environment(home, f"http://127.0.0.1:{free_port()}")
    assert tokens, "values.yaml hands over no token"
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter" / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter" / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter" / "runtime"),
        **vre_env,
    }

    extensions = run(venv / "bin" / "jupyter", "server", "extension", "list", env=env, cwd=root)
    extensions = re.sub(r"\x1b\[[0-9;]*m", "", extensions)
    assert re.search(r"vre_lab\s+enabled", extensions), extensions
    assert re.search(r"vre_lab [\w.+]+\s+OK", extensions), extensions

    port, server_token = free_port(), secrets.token_hex(16)
    command = [
        venv / "bin" / "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={server_token}",
        "--ServerApp.ip=127.0.0.1",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(a) for a in command], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    answers: list[str] = []
    try:
        api = Api(f"http://127.0.0.1:{port}/", server_token, answers)
        api.wait_until_up(server, log_path)

        page = api.get("lab").text
        config = re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S
        )
        labextensions = {e["name"]: e for e in json.loads(config.group(1))["federated_extensions"]}
        assert "vre-lab" in labextensions, sorted(labextensions)
        assert api.get("lab/extensions/vre-lab/" + labextensions["vre-lab"]["load"]).ok

        services = api.json("vre-lab/api/status")["services"]
        for service, variable in [
            ("data", "VRE_LAB_RUCIO_INSTANCES"),
            ("workflows", "VRE_LAB_REANA_SERVERS"),
            ("publish", "VRE_LAB_PUBLISH_REPOSITORIES"),
        ]:
            assert services[service]["configured"], services
            for entry in entries(variable):
                assert entry["display_name"] in services[service]["summary"], services

        instances = api.json("vre-lab/api/rucio/instances")
        assert [i["name"] for i in instances["instances"]] == named("VRE_LAB_RUCIO_INSTANCES")
        assert instances["default"] == vre_env["VRE_LAB_RUCIO_DEFAULT"]
        assert {i["credentials"] for i in instances["instances"]} == {"configured"}

        servers = api.json("vre-lab/api/reana/servers")["servers"]
        assert [s["name"] for s in servers] == ["local", *named("VRE_LAB_REANA_SERVERS")]
        assert [s["token"] for s in servers[1:]] == ["env"]

        repositories = api.json("vre-lab/api/zenodo/repositories")["repositories"]
        expected = [*named("VRE_LAB_PUBLISH_REPOSITORIES"), "rocrate"]
        assert [r["name"] for r in repositories] == expected
        by_name = {r["name"]: r["token"] for r in repositories}
        for entry in entries("VRE_LAB_PUBLISH_REPOSITORIES"):  # without a token: users enter one
            assert by_name[entry["name"]] == ("file" if "access_token_file" in entry else None)

        # the tokens are sent (to the closed port): the errors must not carry them
        with_file = [r for r in entries("VRE_LAB_PUBLISH_REPOSITORIES") if "access_token_file" in r]
        for path in [
            f"vre-lab/api/rucio/{named('VRE_LAB_RUCIO_INSTANCES')[0]}/whoami",
            f"vre-lab/api/reana/servers/{named('VRE_LAB_REANA_SERVERS')[0]}/whoami",
            f"vre-lab/api/zenodo/repositories/{with_file[0]['name']}/whoami",
        ]:
            response = api.get(path)
            assert response.status_code == 502, (path, response.status_code, response.text)
    finally:
        stop(server, grace=20)

    log = log_path.read_text()
    taken = re.search(r"vre-lab: settings from the environment: (.*)", log)
    assert taken, log[-3000:]
    assert "VRE_LAB_BACKEND_TIMEOUT" in taken[1]
    assert "VRE_LAB_RUCIO_DOWNLOAD_DIR" in taken[1]
    assert "Traceback" not in log, log[-3000:]
    assert " is not usable" not in log, log[-3000:]  # no broken entry in values.yaml
    texts = [("the server's log", log)] + [(f"answer {i}", a) for i, a in enumerate(answers)]
    for where, text in texts:
        for what, token in tokens.items():
            assert token not in text, f"the token of {what} leaked into {where}"


class Api:
    """GETs to the server with its token, keeping every answer to check it for tokens."""

    def __init__(self, url: str, token: str, answers: list[str]):
        self.url = url
        self.session = requests.Session()
        self.session.trust_env = False  # never a proxy from the environment
        self.session.headers["Authorization"] = f"token {token}"
        self.answers = answers

    def get(self, path: str) -> requests.Response:
        response = self.session.get(self.url + path, timeout=30)
        self.answers.append(json.dumps(dict(response.headers)) + response.text)
        return response

    def json(self, path: str) -> dict:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()

    def wait_until_up(self, server: subprocess.Popen, log_path: Path, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited:\n{log_path.read_text()[-3000:]}")
            try:
                if self.session.get(self.url + "api/status", timeout=5).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        pytest.fail(f"jupyter lab did not answer:\n{log_path.read_text()[-3000:]}")
