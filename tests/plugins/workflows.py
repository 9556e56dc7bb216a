"""Fixtures for tests of the Workflows slice through the server's REST API.

- ``analysis``: a serial ``analysis/reana.yaml`` (``REANA_YAML``) with its inputs in the root;
- ``workflows_api``: ``await workflows_api("GET", "servers/local/workflows")`` -> (status, JSON
  body), never raising on an HTTP error status, so tests can assert on 4xx/5xx answers;
- ``wait_for_job``: ``await wait_for_job(job)`` -> the job once it ended;
- ``wait_for_workflow``: ``await wait_for_workflow("local", id)`` -> the detail once it ended.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

REANA_YAML = """\
version: 0.9.0
inputs:
  files:
    - code/count.sh
    - data/events.csv
  directories:
    - config
  parameters:
    events: data/events.csv
    label: demo
workflow:
  type: serial
  specification:
    steps:
      - name: count
        environment: docker.io/library/bash:5
        commands:
          - mkdir -p results
          - bash code/count.sh ${events} ${label} > results/summary.txt
outputs:
  files:
    - results/summary.txt
"""
COUNT_SH = 'echo "$2: $(wc -l < "$1") lines, config $(cat config/cuts.txt)"\n'


@pytest.fixture
def analysis(jp_root_dir) -> Path:
    """`analysis/reana.yaml` in the server root, with an input file, a directory and a script."""
    folder = jp_root_dir / "analysis"
    (folder / "code").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "config").mkdir()
    (folder / "code" / "count.sh").write_text(COUNT_SH)
    (folder / "data" / "events.csv").write_text("a\nb\nc\n")
    (folder / "config" / "cuts.txt").write_text("pt>20")
    (folder / "reana.yaml").write_text(REANA_YAML)
    return folder


JOB_ENDED = {"succeeded", "failed", "cancelled", "interrupted"}
WORKFLOW_ENDED = {"finished", "failed", "stopped", "deleted"}


@pytest.fixture
def workflows_api(jp_fetch, request):
    """Through `canary_fetch` when the test uses the canary, so every answer is checked."""
    fetch = (
        request.getfixturevalue("canary_fetch") if "canary" in request.fixturenames else jp_fetch
    )

    async def call(method: str, route: str, body: dict | None = None, **params):
        query = {k: v for k, v in params.items() if v is not None}
        kwargs = {"method": method, "params": query}
        if body is not None:
            kwargs["body"] = json.dumps(body)
        elif method in ("POST", "PUT"):
            kwargs["body"] = "{}"
        try:
            response = await fetch("vre-lab", "api", *route.split("/"), **kwargs)
        except HTTPClientError as e:
            return e.code, json.loads(e.response.body or b"{}")
        return response.code, json.loads(response.body) if response.body else None

    return call


@pytest.fixture
def wait_for_job(workflows_api):
    async def wait(job: dict, timeout: float = 60) -> dict:
        for _ in range(int(timeout / 0.1)):
            _, job = await workflows_api("GET", f"jobs/{job['id']}")
            if job["state"] in JOB_ENDED:
                return job
            await asyncio.sleep(0.1)
        raise AssertionError(f"job still {job['state']} after {timeout} s")

    return wait


@pytest.fixture
def wait_for_workflow(workflows_api):
    async def wait(server: str, workflow: str, timeout: float = 60) -> dict:
        for _ in range(int(timeout / 0.1)):
            status, detail = await workflows_api(
                "GET", f"reana/servers/{server}/workflows/{workflow}"
            )
            assert status == 200, detail
            if detail["status"] in WORKFLOW_ENDED:
                return detail
            await asyncio.sleep(0.1)
        raise AssertionError(f"workflow still {detail['status']} after {timeout} s")

    return wait


async def run_to_the_end(
    workflows_api, wait_for_job, wait_for_workflow, body: dict, server: str = "local"
) -> dict:
    """Run a reana.yaml through the API (`body` as `POST …/runs` takes it) and wait until the
    workflow finished; its detail."""
    status, job = await workflows_api("POST", f"reana/servers/{server}/runs", body)
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    detail = await wait_for_workflow(server, job["result"]["workflow_id"])
    assert detail["status"] == "finished", detail
    return detail


async def export_crate(workflows_api, wait_for_job, paths: list[str], deposit: dict) -> str:
    """Export `paths` as an RO-Crate zip (the `rocrate` repository); the zip's path."""
    body = {"paths": paths, "deposit": deposit}
    status, job = await workflows_api("POST", "zenodo/repositories/rocrate/uploads", body)
    assert status == 202, job
    job = await wait_for_job(job)
    assert job["state"] == "succeeded", job["message"]
    return job["result"]["path"]
