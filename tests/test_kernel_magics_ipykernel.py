"""The `%rucio` magics in a real ipykernel, against the real sandbox Rucio server: what a cell
returns, and that no output of the kernel carries a secret (the password, the token, the
canary identity)."""

from __future__ import annotations

import json
import os
import uuid

import pytest

from tests.plugins.sandbox import sandbox_password
from vre_lab.rucio.credentials import CredentialStore, UserCredentials

DOUBLE_MUON = "demo:higgs4l-data-2012B-DoubleMuon"


@pytest.fixture
def canary_identity(rucio_client, canary) -> str:
    """A userpass identity of the sandbox's root account whose password is the canary."""
    name = f"canary-{uuid.uuid4().hex[:12]}"
    rucio_client.add_identity(
        account="root",
        identity=name,
        authtype="USERPASS",
        email="canary@example.org",
        password=canary.value,
    )
    return name


class Kernel:
    """A real ipykernel; `run(code)` returns its outputs as nbformat-like dicts."""

    def __init__(self, client):
        self.client = client

    def run(self, code: str, timeout: float = 120) -> list[dict]:
        outputs = []

        def keep(message):
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                outputs.append({"output_type": "stream", "name": content["name"],
                                "text": content["text"]})  # fmt: skip
            elif kind in ("execute_result", "display_data", "update_display_data"):
                outputs.append({"output_type": kind, "data": content["data"]})
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": content["ename"],
                                "traceback": content["traceback"]})  # fmt: skip

        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=keep)
        assert reply["content"]["status"] == "ok", reply["content"]
        return outputs


@pytest.fixture
def kernel(jupyter_home, sandbox_instances, canary_identity, canary, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    wrong = {**sandbox_instances[0], "name": "wrong", "display_name": "Wrong"}
    monkeypatch.setenv("VRE_LAB_RUCIO_INSTANCES", json.dumps([*sandbox_instances, wrong]))
    store = CredentialStore(jupyter_home.credentials)
    store.put(
        "sandbox", UserCredentials("userpass", username=canary_identity, password=canary.value)
    )
    store.put(
        "wrong",
        UserCredentials("userpass", username=canary_identity, password=canary.value + "-wrong"),
    )
    manager, client = start_new_kernel(kernel_name="python3", env=dict(os.environ))
    try:
        yield Kernel(client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def text_of(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
        else:
            parts.extend(output["traceback"])
    return "".join(parts)


def test_get_in_a_real_kernel_returns_paths_and_no_output_carries_a_secret(
    kernel, canary, canary_identity, rucio_sandbox, jupyter_home
):
    assert kernel.run("%load_ext vre_lab") == []
    get = kernel.run(f"x = %rucio get {DOUBLE_MUON}")
    assert f"rucio: {DOUBLE_MUON} is available here (3 files, replica mode)" in text_of(get)
    assert text_of(kernel.run("len(x), all(isinstance(p, str) for p in x)")) == "(3, True)"

    whoami = kernel.run("%rucio whoami")
    who = text_of(whoami)
    assert "'account': 'root'" in who
    assert "'token_seconds_left'" in who
    assert f"'identity': '{canary_identity}'" in who  # logged in with the canary password
    instances = kernel.run("%rucio instances")
    assert "sandbox" in text_of(instances)
    assert "wrong" in text_of(instances)
    found = kernel.run("%rucio search demo:* --type dataset")
    assert "text/html" in found[0]["data"]
    assert "3 DIDs" in text_of(found)
    rejected = kernel.run("%rucio whoami --instance wrong")
    assert text_of(rejected).startswith("rucio: Rucio Wrong did not accept the credentials")
    malformed = kernel.run("%rucio get no-scope")
    assert text_of(malformed) == "rucio: 'no-scope' is not a DID; write SCOPE:NAME\n"
    unknown = kernel.run("%rucio ls demo:x --instance nosuch")
    for errors in (rejected, malformed, unknown):
        assert [o["output_type"] for o in errors] == ["stream"]  # one line, no traceback
        assert errors[0]["name"] == "stderr"
        assert errors[0]["text"].count("\n") == 1

    outputs = [*get, *whoami, *instances, *found, *rejected, *malformed, *unknown]
    canary.check_outputs(outputs)  # the user's password (typed in the panel) and the wrong one
    everything = json.dumps(outputs)
    assert sandbox_password(rucio_sandbox) not in everything  # the operator's, in rucio.cfg
    tokens = [p.read_text().strip() for p in jupyter_home.tokens.rglob("*token*") if p.is_file()]
    tokens = [token for token in tokens if len(token) > 20]  # not the expiry timestamps
    assert tokens, "the kernel logged in with a cached token"
    for token in tokens:
        assert token not in everything
