"""Kernels and terminals started from the lab inherit no credential from the server's environment,
unless the operator hands them the selected REANA server's (`share_reana_credentials`); the
`%rucio` magics still find the Rucio instances that came from a variable."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugins.canary import CREDENTIAL_ENV_VARS
from vre_lab.core.credential_env import KERNEL_FILE_VARIABLE

RUCIO_INSTANCE = {
    "name": "lake",
    "rucio_host": "http://127.0.0.1:9",
    "auth_host": "http://127.0.0.1:9",
    "auth_type": "userpass",
    "username": "alice",
}
HUB_TOKEN_VARIABLE = "HUB_REANA_TOKEN"


@pytest.fixture
def jp_server_config(jp_server_config, canary, monkeypatch):
    monkeypatch.setenv(
        "VRE_LAB_RUCIO_INSTANCES", json.dumps([{**RUCIO_INSTANCE, "password": canary.value}])
    )
    monkeypatch.setenv("REANA_SERVER_URL", "http://127.0.0.1:9")
    monkeypatch.setenv(HUB_TOKEN_VARIABLE, canary.value)
    jp_server_config["VRELab"]["reana_servers"] = [
        {"name": "hub", "url": "http://127.0.0.1:9", "access_token_env": HUB_TOKEN_VARIABLE}
    ]
    return jp_server_config


def kernel_environment(serverapp, kernel_id: str) -> dict[str, str]:
    """What the kernel process really got, read from /proc."""
    pid = serverapp.kernel_manager.get_kernel(kernel_id).provisioner.process.pid
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


async def start_kernels(jp_fetch) -> list[str]:
    """One kernel of a notebook session (how the lab starts them) and one started alone."""
    session = {"path": "a.ipynb", "type": "notebook", "kernel": {"name": "python3"}}
    answer = await jp_fetch("api", "sessions", method="POST", body=json.dumps(session))
    alone = await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": "python3"}))
    return [json.loads(answer.body)["kernel"]["id"], json.loads(alone.body)["id"]]


async def test_a_kernel_started_by_the_lab_has_no_credential_in_its_environment(
    jp_serverapp, jp_fetch, canary
):
    for kernel_id in await start_kernels(jp_fetch):
        environ = kernel_environment(jp_serverapp, kernel_id)
        canary.check(json.dumps(environ), "a kernel's environment")
        assert not set(CREDENTIAL_ENV_VARS) & set(environ)
        assert "VRE_LAB_RUCIO_INSTANCES" not in environ
        assert environ["REANA_SERVER_URL"] == "http://127.0.0.1:9"  # not a secret: kept
    canary.check(json.dumps(dict(os.environ)), "the server's own environment")


async def test_the_server_still_uses_the_credentials_it_took(vre_app):
    registry = vre_app.workflows.registry
    assert {"hub", "reana"} <= set(registry.endpoints)
    token, source = registry.get("hub").configured_token()
    assert (bool(token), source) == (True, "env")


async def test_the_magics_of_a_kernel_find_the_rucio_instances_from_the_variable(
    jp_serverapp, jp_fetch, canary
):
    kernel_id = (await start_kernels(jp_fetch))[0]
    environ = kernel_environment(jp_serverapp, kernel_id)
    left = Path(environ[KERNEL_FILE_VARIABLE])
    assert stat.S_IMODE(left.stat().st_mode) == 0o600
    assert set(json.loads(left.read_text())) == {"VRE_LAB_RUCIO_INSTANCES"}  # no REANA token
    code = (
        "from vre_lab.kernel.config import load_service\n"
        "service, _ = load_service()\n"
        "instance = service.registry.get('lake')\n"
        f"print(instance.name, instance.username, instance.password == {canary.value!r})"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )
    assert run.stdout.split() == ["lake", "alice", "True"], run.stderr


class TestSharedReanaCredentials:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        jp_server_config["VRELab"]["share_reana_credentials"] = True
        return jp_server_config

    async def test_a_notebook_kernel_gets_the_selected_reana_server_and_its_token(
        self, jp_serverapp, jp_fetch, canary
    ):
        await jp_fetch(
            "vre-lab", "api", "reana", "selection", method="PUT", body='{"server": "hub"}'
        )
        kernel_id = (await start_kernels(jp_fetch))[0]
        environ = kernel_environment(jp_serverapp, kernel_id)
        assert environ["REANA_SERVER_URL"] == "http://127.0.0.1:9"
        assert environ["REANA_ACCESS_TOKEN"] == canary.value
        assert "VRE_LAB_RUCIO_INSTANCES" not in environ
