"""The attack suite: every path-like value a request can carry (a path segment of every route, a
path field of every body the OpenAPI document describes) gets hostile values: `..`, absolute
paths, percent-encoded and double-encoded traversals, NUL, 4 kB names, links from the root to
outside for reading and for writing. The server answers 4xx, or stays inside its root; it never
reads or writes a byte outside, and never calls a backend path other than the route's own (the
REANA double's access log says which)."""

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient

from tests.plugins.workflows import JOB_ENDED
from tests.publish_examples import minimal_deposit
from vre_lab.core import openapi

SECRET = f"outside-secret-{uuid.uuid4().hex}"
DEAD = "http://127.0.0.1:9"  # nothing listens: a backend that is down
PATH_FIELDS = {"path", "paths", "files", "destination", "certificate", "key", "proxy", "source"}
PATH_SCHEMAS = {"RootPath", "RootPathOrRoot", "ReanaYamlPath"}
DEPOSIT = minimal_deposit("Attack")


@pytest.fixture
def reana(reana_double_factory, canary):
    return reana_double_factory(token=canary.value, step_seconds=0.1)


@pytest.fixture
def jp_server_config(jp_server_config, reana, canary, tmp_path):
    token_file = tmp_path / "reana-token"
    token_file.write_text(reana.token)
    jp_server_config["VRELab"].update(
        reana_servers=[{"name": "cern", "url": reana.url, "access_token_file": str(token_file)}],
        rucio_instances=[
            {
                "name": "lake",
                "rucio_host": DEAD,
                "auth_host": DEAD,
                "auth_type": "userpass",
                "username": "alice",
                "password": "a-password-in-the-config",  # Jupyter Server logs config literals
            }
        ],
        rucio_credentials_path=str(tmp_path / "private" / "rucio-credentials.json"),
        rucio_token_dir=str(tmp_path / "private" / "rucio-tokens"),
        backend_timeout=2.0,
    )
    return jp_server_config


@pytest.fixture
def outside(tmp_path, jp_root_dir, analysis):
    """A folder next to the root holding a secret, and links from inside the root to it: to a
    folder, to a file, and dangling ones where a write would create a file outside."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "CITATION.cff").write_text(f"cff-version: 1.2.0\ntitle: {SECRET}\n")
    (folder / "reana.yaml").write_text(f"# {SECRET}\n" + (analysis / "reana.yaml").read_text())
    links = {
        "escape": folder,
        "escape.txt": folder / "secret.txt",
        "escape.yaml": folder / "reana.yaml",
        "escape.zip": folder / "made.zip",
        "escape-dir": folder / "made",
    }
    for name, target in links.items():
        (jp_root_dir / name).symlink_to(target)
    for name in ("c.pem", "k.pem", "p"):  # so that the other credential paths are good ones
        (jp_root_dir / name).write_text("not a real certificate\n")
    return folder


def hostile_values(outside: Path) -> list[str]:
    return [
        "../outside/secret.txt",
        "../../outside",
        str(outside / "secret.txt"),
        str(outside / "made.zip"),
        "%2e%2e%2foutside%2fsecret.txt",
        "..%252f..%252foutside",
        "analysis/../../outside/reana.yaml",
        "a\x00b",
        "n" * 4096,
        "escape/secret.txt",
        "escape/reana.yaml",
        "escape.txt",
        "escape.yaml",
        "escape",
        "escape.zip",
        "escape/made.zip",
        "escape-dir",
        "escape-dir/x.zip",
    ]


def snapshot(folder: Path) -> dict:
    """Every entry under `folder` with its size, time and content hash."""
    found = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(base) / name
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
            found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, digest)
    return found


async def finished_runs(workflows_api, wait_for_job) -> dict[str, str]:
    """One finished run on the local engine and one on the REANA double, to download from."""
    ids = {}
    for server in ("local", "cern"):
        status, job = await workflows_api(
            "POST", f"reana/servers/{server}/runs", {"path": "analysis/reana.yaml"}
        )
        assert status == 202, job
        job = await wait_for_job(job)
        assert job["state"] == "succeeded", job["message"]
        ids[server] = job["result"]["workflow_id"]
    return ids


def body_attacks(workflows: dict) -> list[tuple[str, str, dict, list[str]]]:
    """(method, route, a body the route accepts, its path fields to attack)."""
    local, cern = workflows["local"], workflows["cern"]
    return [
        ("PUT", "rucio/lake/credentials",
         {"auth_type": "x509", "certificate": "c.pem", "key": "k.pem"}, ["certificate", "key"]),
        ("PUT", "rucio/lake/credentials", {"auth_type": "x509_proxy", "proxy": "p"}, ["proxy"]),
        ("POST", "rucio/lake/upload", {"path": "analysis/data/events.csv", "rse": "R",
                                       "scope": "user"}, ["path"]),
        ("POST", "rucio/lake/registrations", {"server": "local", "workflow": local,
                                              "scope": "user", "rse": "R"}, ["files"]),
        ("POST", "rucio/lake/registrations", {"server": "cern", "workflow": cern,
                                              "scope": "user", "rse": "R"}, ["files"]),
        ("POST", "reana/validate", {"path": "analysis/reana.yaml"}, ["path"]),
        ("POST", "reana/reproductions", {"source": "a-crate.zip"}, ["source"]),
        ("POST", "reana/servers/local/runs", {"path": "analysis/reana.yaml"}, ["path"]),
        ("POST", "reana/servers/cern/runs", {"path": "analysis/reana.yaml"}, ["path"]),
        ("POST", "reana/servers/cern/secrets", {"name": "s1", "path": "x"}, ["path"]),
        ("POST", f"reana/servers/local/workflows/{local}/download", {"outputs": True},
         ["destination", "files"]),
        ("POST", f"reana/servers/cern/workflows/{cern}/download", {"outputs": True},
         ["destination", "files"]),
        ("POST", "zenodo/metadata/prefill", {"paths": ["analysis"]}, ["paths"]),
        ("POST", "zenodo/repositories/rocrate/uploads", {"paths": ["analysis"],
                                                         "deposit": DEPOSIT},
         ["paths", "destination"]),
    ]  # fmt: skip


# Path fields this suite does not reach, and where they are attacked instead
ELSEWHERE = {
    ("post", "/vre-lab/api/zenodo/repositories/{repository}/records/{record}/download"): (
        "a published record on the InvenioRDM double: test_publish_api.py downloads"
    ),
    ("post", "/vre-lab/api/zenodo/repositories/{repository}/records/{record}/publish"): (
        "citation_folder: test_publish_api.py"
    ),
}


def documented_path_fields() -> set[tuple[str, str, str]]:
    doc, fields = openapi.document(), set()
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            body = (operation.get("requestBody") or {}).get("content", {})
            schema = body.get("application/json", {}).get("schema", {})
            if "$ref" in schema:
                schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
            for name, prop in (schema.get("properties") or {}).items():
                items = prop.get("items")
                ref = (items if isinstance(items, dict) else prop).get("$ref", "")
                if name in PATH_FIELDS or ref.rsplit("/", 1)[-1] in PATH_SCHEMAS:
                    fields.add((method, path, name))
    return fields


def test_the_suite_attacks_every_path_field_the_document_names():
    template = {
        "rucio/lake": "rucio/{instance}",
        "reana/servers/local": "reana/servers/{server}",
        "reana/servers/cern": "reana/servers/{server}",
        "zenodo/repositories/rocrate": "zenodo/repositories/{repository}",
        "workflows/W": "workflows/{workflow}",
    }
    covered = set()
    for method, route, _, fields in body_attacks({"local": "W", "cern": "W"}):
        for concrete, name in template.items():
            route = route.replace(concrete, name)
        covered |= {(method.lower(), f"/vre-lab/api/{route}", field) for field in fields}
    missing = {f for f in documented_path_fields() - covered if f[:2] not in ELSEWHERE}
    assert missing == set()
    assert documented_path_fields() >= covered  # the suite attacks nothing the doc dropped


def test_no_query_parameter_of_the_document_is_a_path():
    for path, item in openapi.document()["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []) if method != "parameters" else []:
                if isinstance(parameter, dict) and parameter.get("in") == "query":
                    assert parameter["name"] not in PATH_FIELDS, (method, path)


async def test_hostile_paths_in_bodies_are_refused_or_confined(
    workflows_api, wait_for_job, outside, canary, jp_root_dir
):
    workflows = await finished_runs(workflows_api, wait_for_job)
    before, probes = snapshot(outside), 0
    for method, route, body, fields in body_attacks(workflows):
        for field in fields:
            for value in hostile_values(outside):
                attack = {**body, field: [value] if field in ("paths", "files") else value}
                status, answer = await workflows_api(method, route, attack)
                probes += 1
                where = (method, route, field, value[:40], status, answer)
                assert status < 500, where
                if status == 202:
                    answer = await wait_for_job(answer)
                    assert answer["state"] in JOB_ENDED, where
                assert SECRET not in json.dumps(answer), where
                assert snapshot(outside) == before, where
    assert probes > 250
    assert not list(jp_root_dir.glob("**/*" + SECRET[-8:] + "*"))


SEGMENTS = ["..%2F..%2Fsecrets%3F", "%2e%2e", "..%252f..%252fsecrets", "x%00y", "%2F" * 50,
            "n" * 4000]  # fmt: skip
KNOWN = {"instance": "lake", "server": "cern", "repository": "rocrate", "name": "s1"}


async def test_hostile_path_segments_never_reach_another_backend_path(
    jp_http_port,
    jp_base_url,
    jp_auth_header,
    workflows_api,
    wait_for_job,
    analysis,
    reana_calls,
    canary,
):
    workflows = await finished_runs(workflows_api, wait_for_job)
    known = {**KNOWN, "workflow": workflows["cern"], "record": "1", "job_id": "0"}
    client, probes = AsyncHTTPClient(), 0
    for template, item in openapi.document()["paths"].items():
        for parameter in re.findall(r"\{(\w+)\}", template):
            for method in [m for m in item if m in ("get", "post", "put", "delete")]:
                for value in SEGMENTS:
                    path = template
                    for name, good in known.items():
                        path = path.replace(f"{{{name}}}", value if name == parameter else good)
                    url = f"http://127.0.0.1:{jp_http_port}{jp_base_url.rstrip('/')}{path}"
                    response = await client.fetch(
                        url,
                        method=method.upper(),
                        headers={**jp_auth_header, "X-XSRFToken": "x", "Cookie": "_xsrf=x"},
                        body="{}" if method in ("post", "put") else None,
                        raise_error=False,
                    )
                    probes += 1
                    assert response.code < 500, (method, path[:120], response.body[:300])
                    canary.check_response(response)
    assert probes > 150
    calls = reana_calls()
    assert calls, "no route reached the REANA double"
    for call in calls:  # each hostile value stayed one escaped segment of the route's own path
        segments = call.split()[1].split("?")[0].split("/")
        assert segments[:2] == ["", "api"], call
        assert ".." not in segments, call
        assert "." not in segments, call
