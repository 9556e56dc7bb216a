"""vre-lab on a real JupyterHub: JupyterHub 5 from PyPI, configurable-http-proxy from npm, the
hub configured by docs/jupyterhub/jupyterhub_config.py as written (tests/plugins/hub.py), and
vre-lab installed in the single-user environment with the Dockerfile's `pip install` line.

Users alice, bob and carol log in through the hub's login form and spawn their servers through
the hub; every call goes through the hub's proxy to `/user/NAME/` with a token the hub issued.
Each user's Rucio account on the sandbox is theirs: the hub holds their access token in its
auth state and the vre-token-files service of the doc's config writes it to a file in their
home, which vre-lab reads on every call. One hub serves every test of this module, in order.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.plugins.hub import CULLED_USER, DOC_CONFIG, USERS
from tests.plugins.wheel import REPO
from tests.plugins.workflows import COUNT_SH, REANA_YAML
from tests.publish_examples import minimal_deposit
from tests.routes import concrete_url, handler_methods, registered_routes
from vre_lab.sandbox.server_side.demo_catalog import DATASETS

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

DATASET = DATASETS[0]
ONE_FILE = f"demo:{DATASET.file_names()[0]}"
INSTANCE = "escape"  # the Rucio instance of docs/jupyterhub/jupyterhub_config.py
INSTANCE_TITLE = "ESCAPE data lake"
LOCK_BUSY = 75  # flock's exit status when the lock stayed taken (-E)
BROWSER_CHECK = Path(__file__).parent / "hub" / "browser_check.mjs"


def wait_for(predicate, timeout: float = 30, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} never held within {timeout} s")


def put_analysis(server, folder: str = "analysis") -> None:
    """The serial analysis of tests/plugins/workflows.py, written through the contents API."""
    files = {
        "code/count.sh": COUNT_SH,
        "data/events.csv": "a\nb\nc\n",
        "config/cuts.txt": "pt>20",
        "reana.yaml": REANA_YAML,
    }
    for sub in ("", "/code", "/data", "/config"):
        answer = server.request("PUT", f"api/contents/{folder}{sub}", json={"type": "directory"})
        assert answer.status_code in (200, 201), answer.text
    for path, text in files.items():
        body = {"type": "file", "format": "text", "content": text}
        answer = server.request("PUT", f"api/contents/{folder}/{path}", json=body)
        assert answer.status_code in (200, 201), answer.text


def run_locally(server, body: dict) -> tuple[dict, dict]:
    """POST a run on the local engine; (its job once it ended, the workflow once it ended)."""
    job = server.wait_for_job(server.api("POST", "reana/servers/local/runs", body, expect=202))
    assert job["state"] == "succeeded", job
    detail = server.wait_for_workflow(job["result"]["workflow_id"])
    assert detail["status"] == "finished", detail
    return job, detail


def refresh_auth(hub, name: str) -> None:
    """A request of the user to the hub: the hub refreshes their auth state (auth_refresh_age
    is 1 s in the tests' config) from the identity provider."""
    time.sleep(1.1)
    answer = hub.hub.api("GET", "user", token=hub.hub.tokens[name])
    assert answer.status_code == 200, answer.text


def hand_over(hub, name: str, token: str | None) -> None:
    """The identity provider now has `token` for the user (None: revoked); the hub refreshes
    and its service writes (or removes) the user's token file."""
    hub.hub.set_idp_token(name, token)
    refresh_auth(hub, name)
    file = hub.hub.token_file(name)
    if token is None:
        wait_for(lambda: not file.exists(), 15, "the token file's removal")
    else:
        wait_for(lambda: file.is_file() and file.read_text().strip() == token, 15, "the file")


def test_the_doc_shows_the_hub_config_the_tests_run():
    """docs/jupyterhub.md shows docs/jupyterhub/jupyterhub_config.py inline: the same bytes."""
    doc = (REPO / "docs" / "jupyterhub.md").read_text()
    shown = re.search(
        r"<!-- the file docs/jupyterhub/jupyterhub_config.py -->\n```python\n(.*?)```", doc, re.S
    )
    assert shown, "docs/jupyterhub.md no longer shows the hub's config"
    assert shown.group(1) == DOC_CONFIG.read_text(), "docs/jupyterhub.md shows another config"


@pytest.fixture(scope="module")
def servers(hub) -> dict:
    """alice's and bob's servers, spawned through the hub (carol's is spawned by its test)."""
    return {name: hub.hub.spawn(name) for name in USERS if name != CULLED_USER}


RESULTS: dict[str, dict] = {}  # what each user made in the first test, for the isolation tests


def test_two_users_log_in_spawn_search_run_and_export_each_in_their_own_home(hub, servers):
    for name, server in servers.items():
        assert server.url.endswith(f"/user/{name}/")
        lab = hub.hub.sessions[name].get(f"{server.url}lab", timeout=60)  # the hub's OAuth
        assert lab.status_code == 200, lab.text[-2000:]
        assert lab.url == f"{server.url}lab"
        config = re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
            lab.text,
            re.S,
        )
        page = json.loads(config.group(1))
        assert page["baseUrl"] == f"/user/{name}/"
        assert "vre-lab" in {e["name"] for e in page["federated_extensions"]}

        assert server.api("GET", "status")["services"]["data"]["configured"]
        instances = server.api("GET", "rucio/instances")
        assert instances["default"] == INSTANCE
        assert server.api("GET", f"rucio/{INSTANCE}/whoami")["account"] == name
        found = server.api("GET", f"rucio/{INSTANCE}/dids", query="demo:higgs4l-*", type="dataset")
        assert DATASET.did in {item["did"] for item in found["items"]}

        download = server.api(
            "POST", f"rucio/{INSTANCE}/make-available", {"did": ONE_FILE}, expect=202
        )
        download = server.wait_for_job(download)
        assert download["state"] == "succeeded", download

        put_analysis(server)
        job, detail = run_locally(server, {"path": "analysis/reana.yaml", "name": f"run-{name}"})
        workspace = server.home / detail["workspace_path"]
        assert (workspace / "results" / "summary.txt").read_text().startswith("demo: 3 lines")

        body = {"paths": [detail["workspace_path"]], "deposit": minimal_deposit(f"By {name}")}
        export = server.wait_for_job(
            server.api("POST", "zenodo/repositories/rocrate/uploads", body, expect=202)
        )
        assert export["state"] == "succeeded", export
        crate = server.home / export["result"]["path"]
        assert crate.is_file()
        assert crate.suffix == ".zip"

        # all of it in the user's home: downloads, runs, crates, the job store, run records
        home = server.home
        data = home / ".local" / "share" / "jupyter" / "vre_lab"
        assert list((home / "rucio-downloads").rglob(Path(ONE_FILE.split(":")[1]).name))
        assert workspace.is_relative_to(home / "reana-runs")
        assert (data / "jobs.sqlite3").is_file()
        assert list((data / "local-runs").iterdir())
        RESULTS[name] = {
            "jobs": [download["id"], job["id"], export["id"]],
            "workflow": detail["id"],
            "run": f"run-{name}",
        }


def test_the_token_the_hub_changes_is_the_one_used_next_and_a_revoked_one_is_missing(hub, servers):
    bob = servers["bob"]
    relay = hub.relay

    def tokens_of(call) -> set[str]:
        before = len(relay.calls)
        answer = call()
        return answer, set(relay.tokens_used()[before:])

    first = hub.hub.token_file("bob").read_text().strip()
    answer, used = tokens_of(lambda: bob.api("GET", f"rucio/{INSTANCE}/whoami"))
    assert answer["account"] == "bob"
    assert used == {first}

    second = hub.new_token("bob")
    assert second != first
    hand_over(hub, "bob", second)
    answer, used = tokens_of(lambda: bob.api("GET", f"rucio/{INSTANCE}/scopes"))
    assert "demo" in answer["scopes"]
    assert used == {second}  # the next call, without a restart

    hand_over(hub, "bob", None)  # revoked: the hub has no token for bob any more
    answer, used = tokens_of(lambda: bob.api("GET", f"rucio/{INSTANCE}/whoami", expect=403))
    assert answer["reason"] == "credentials_missing", answer
    assert used == set()  # nothing was sent to Rucio
    assert bob.api("GET", f"rucio/{INSTANCE}/dids", query="demo:*", expect=403)["reason"] == (
        "credentials_missing"
    )

    hand_over(hub, "bob", hub.new_token("bob"))  # logged in again
    assert bob.api("GET", f"rucio/{INSTANCE}/whoami")["account"] == "bob"


def browser(hub, name: str, expect: str, screenshot: Path) -> list[str]:
    """tests/hub/browser_check.mjs in Debian's Chromium (under the lock the browser tests share):
    the URLs the page asked for."""
    settings = {
        "playwright": str(hub.hub.venv / "node" / "node_modules"),
        "hub": hub.hub.url,
        "user": name,
        "password": hub.hub.password,
        "instance_title": INSTANCE_TITLE,
        "expect": expect,
        "query": "demo:higgs4l-*",
        "did": DATASET.did,
        "screenshot": str(screenshot),
    }
    # Chromium runs one at a time on a shared machine: other Galata runs may hold the lock long
    lock = ["flock", "-E", str(LOCK_BUSY), "-w", "420", "/tmp/galata.lock"]
    command = [*lock, "node", str(BROWSER_CHECK), json.dumps(settings)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=540)
    if result.returncode == LOCK_BUSY and not os.environ.get("CI"):
        pytest.skip("/tmp/galata.lock stayed held by other browser tests for 7 minutes")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["failure"] is None, (answer["failure"], hub.hub.log_tail())
    return answer["requests"]


@pytest.mark.timeout(1200)  # two waits, at most 7 minutes each, for the browser lock
def test_the_vre_panel_in_chromium_at_the_users_url_and_the_revoked_token_in_it(
    hub, servers, tmp_path
):
    asked = browser(hub, "alice", "connected", tmp_path / "connected.png")
    hand_over(hub, "alice", None)
    try:
        asked += browser(hub, "alice", "login", tmp_path / "credentials-missing.png")
    finally:
        hand_over(hub, "alice", hub.new_token("alice"))
    api = [url for url in asked if "/vre-lab/api/" in url]
    for route in (
        "status",
        "rucio/instances",
        f"rucio/{INSTANCE}/whoami",
        f"rucio/{INSTANCE}/dids",
    ):
        assert any(f"/vre-lab/api/{route}" in url for url in api), (route, api)
    origin = hub.hub.url.rstrip("/")
    for url in asked:
        if url.startswith(origin):
            path = url[len(origin) :]
            assert path.startswith(("/hub/", "/user/alice/")), url
        else:
            assert url.startswith(("data:", "blob:")), url  # nothing leaves the hub
    assert all(url.startswith(f"{origin}/user/alice/vre-lab/api/") for url in api)


def test_a_users_hub_token_is_refused_by_another_users_server_on_every_route(
    hub, servers, jp_serverapp
):
    alice, bob = servers["alice"], servers["bob"]
    routes = registered_routes(jp_serverapp)
    assert len(routes) > 40, sorted(routes)
    tried = 0
    for path, handler in sorted(routes.items()):
        url = concrete_url(path).lstrip("/")
        for method in handler_methods(handler):
            body = {} if method in ("post", "put", "patch") else None
            answer = bob.request(method.upper(), url, token=alice.token, json=body)
            # bob's server does not know alice's token: not logged in (401), never served
            assert answer.status_code in (401, 403), (method, url, answer.status_code, answer.text)
            tried += 1
    assert tried >= len(routes)
    # the same calls with bob's own token do reach his server (it is no blanket refusal)
    assert bob.request("GET", "vre-lab/api/status").status_code == 200
    assert alice.request("GET", "vre-lab/api/status", token=bob.token).status_code in (401, 403)


def test_typed_credentials_jobs_downloads_and_runs_never_reach_another_user(
    hub, servers, jp_serverapp
):
    alice, bob = servers["alice"], servers["bob"]
    canary = hub.passwords["alice"]  # alice's own Rucio password, typed in her panel
    typed = {
        "auth_type": "userpass",
        "account": "alice",
        "username": "alice-login",
        "password": canary,
    }
    try:
        assert alice.api("PUT", f"rucio/{INSTANCE}/credentials", typed)["account"] == "alice"
        assert any(canary in f.read_text(errors="replace") for f in files(alice.home))

        bob.answers.clear()
        for path, handler in sorted(registered_routes(jp_serverapp).items()):
            if "get" in handler_methods(handler) and "{" not in path:
                bob.request("GET", path.lstrip("/"))
        for route in ("jobs", "reana/servers/local/workflows", f"rucio/{INSTANCE}/whoami"):
            bob.api("GET", route)
        bob.request("GET", "api/contents")
        secrets = [
            canary,
            *RESULTS["alice"]["jobs"],
            RESULTS["alice"]["workflow"],
            RESULTS["alice"]["run"],
            str(alice.home),
        ]
        for answer in bob.answers:
            for secret in secrets:
                assert secret not in answer, f"{secret!r} of alice's in bob's answer {answer[:300]}"
        for job in RESULTS["alice"]["jobs"]:  # (these answers name what was asked)
            assert bob.api("GET", f"jobs/{job}", expect=404)
        bob.api("GET", f"reana/servers/local/workflows/{RESULTS['alice']['workflow']}", expect=404)
        for file in files(bob.home):
            text = file.read_text(errors="replace")
            assert canary not in text, f"alice's password in {file}"
        assert canary not in hub.hub.log_tail(10**9), "alice's password in the hub's log"
    finally:
        alice.request("DELETE", f"vre-lab/api/rucio/{INSTANCE}/credentials")


def files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and p.stat().st_size < 10**7]


def test_one_users_slow_rucio_does_not_slow_another_users_server(hub, servers):
    alice, bob = servers["alice"], servers["bob"]
    slow = hub.hub.token_file("alice").read_text().strip()
    hub.relay.slow[slow] = 4.0
    took: dict[str, float] = {}

    def search_as_alice():
        started = time.monotonic()
        alice.api("GET", f"rucio/{INSTANCE}/dids", query="demo:higgs4l-*", type="dataset")
        took["alice"] = time.monotonic() - started

    thread = threading.Thread(target=search_as_alice)
    try:
        thread.start()
        wait_for(lambda: slow in hub.relay.tokens_used(), 10, "alice's call to Rucio")
        for _ in range(5):
            started = time.monotonic()
            found = bob.api("GET", f"rucio/{INSTANCE}/dids", query="demo:higgs4l-*", type="dataset")
            assert found["items"]
            assert time.monotonic() - started < 2.0
            started = time.monotonic()
            assert alice.api("GET", "status")  # alice's own server answers too, meanwhile
            assert time.monotonic() - started < 2.0
        thread.join(timeout=60)
        assert took["alice"] >= 4.0
    finally:
        hub.relay.slow.pop(slow, None)
        thread.join(timeout=60)


def test_the_idle_culler_stops_a_server_mid_job_and_the_job_resumes_after_the_next_spawn(hub):
    carol = hub.hub.spawn(CULLED_USER)
    put_analysis(carol)
    token = hub.hub.token_file(CULLED_USER).read_text().strip()
    hub.relay.hold(token)  # carol's Rucio hangs: her run stays in its input download
    try:
        body = {
            "path": "analysis/reana.yaml",
            "name": "culled",
            "rucio_inputs": [{"did": ONE_FILE, "parameter": "events"}],
        }
        job = carol.api("POST", "reana/servers/local/runs", body, expect=202)
        wait_for(lambda: token in hub.relay.tokens_used(), 30, "carol's call to Rucio")
        assert carol.api("GET", f"jobs/{job['id']}")["state"] == "running"
        started = time.monotonic()
        hub.hub.wait_until_stopped(CULLED_USER, timeout=120)  # no request since: idle
        assert time.monotonic() - started < 60
    finally:
        hub.relay.release(token)
    assert f"Culling server {CULLED_USER}" in hub.hub.log_tail(10**9)
    for name in USERS:  # the culler's role covers carol only
        if name != CULLED_USER:
            assert hub.hub.user_model(name)["servers"][""]["ready"]

    carol = hub.hub.spawn(CULLED_USER)
    interrupted = carol.api("GET", f"jobs/{job['id']}")
    assert interrupted["state"] == "interrupted", interrupted
    resumed = carol.api("POST", f"reana/runs/{job['id']}/resume", expect=202)
    resumed = carol.wait_for_job(resumed)
    assert resumed["state"] == "succeeded", resumed
    detail = carol.wait_for_workflow(resumed["result"]["workflow_id"])
    assert detail["status"] == "finished", detail
    workspace = carol.home / detail["workspace_path"]
    assert (workspace / "rucio" / ONE_FILE.replace(":", "/")).is_file()
