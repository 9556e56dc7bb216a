"""Opening a DID's detail costs a fixed number of calls to Rucio, whatever its number of files
and of modes: counted against the real Rucio of the sandbox."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
from rucio.client.baseclient import BaseClient

from vre_lab.sandbox.server_side import demo_catalog as catalog

DATASET = catalog.CONTAINER_DATASETS[0]
CONTAINER = f"demo:{catalog.CONTAINER}"


@pytest.fixture
def jp_server_config(rucio_server_config):
    return rucio_server_config


@pytest.fixture
def rucio_calls(monkeypatch) -> Counter:
    """Every request the server sends to Rucio, as (what, of what): ("dids", "meta"), ..."""
    calls: Counter = Counter()
    send = BaseClient._send_request

    def counted(self, url, *args, **kwargs):
        path = urlparse(url).path.strip("/").split("/")
        calls[(path[0], path[-1] if len(path) > 3 else "")] += 1
        return send(self, url, *args, **kwargs)

    monkeypatch.setattr(BaseClient, "_send_request", counted)
    return calls


async def detail(rucio_api, rucio_calls: Counter, did: str) -> tuple[dict, Counter]:
    await rucio_api("GET", "sandbox/whoami")  # logged in: a login is no cost of the detail
    rucio_calls.clear()
    status, body = await rucio_api("GET", "sandbox/did", did=did)
    assert status == 200, body
    return body, Counter(rucio_calls)


async def test_a_detail_costs_the_same_few_calls_for_a_dataset_and_its_container(
    rucio_api, rucio_calls
):
    dataset, dataset_calls = await detail(rucio_api, rucio_calls, DATASET.did)
    container, container_calls = await detail(rucio_api, rucio_calls, CONTAINER)
    assert dataset["length"] == DATASET.files
    assert container["length"] > dataset["length"]
    assert set(dataset["availability_by_mode"]) == {"replica", "download"}

    # the DID, its metadata, its rules, one listing of its replicas for both modes
    assert sum(dataset_calls.values()) <= 4, dataset_calls
    assert dataset_calls[("replicas", "")] == 1, dataset_calls
    assert not dataset_calls[("dids", "files")], dataset_calls
    # the container has its own rule on the destination: replica mode needs no listing
    assert sum(container_calls.values()) <= sum(dataset_calls.values()), container_calls
    assert container_calls[("replicas", "")] <= 1, container_calls


async def test_the_detail_answers_what_the_paths_say(rucio_api, rucio_calls):
    for did in (DATASET.did, CONTAINER):
        body, _ = await detail(rucio_api, rucio_calls, did)
        for mode, availability in body["availability_by_mode"].items():
            status, _ = await rucio_api("GET", "sandbox/did/paths", did=did, mode=mode)
            assert (availability["state"] == "available") == (status == 200), (did, mode)


async def test_downloaded_files_make_a_detail_available_in_download_mode_at_the_same_cost(
    rucio_api, rucio_calls, wait_for_job
):  # wait_for_job: tests/plugins/workflows.py
    status, job = await rucio_api(
        "POST", "sandbox/make-available", {"did": DATASET.did, "mode": "download"}
    )
    assert status == 202
    assert (await wait_for_job(job))["state"] == "succeeded"
    body, calls = await detail(rucio_api, rucio_calls, DATASET.did)
    assert body["availability_by_mode"]["download"]["state"] == "available"
    assert sum(calls.values()) <= 4, calls
    assert calls[("replicas", "")] == 1, calls

    status, paths = await rucio_api("GET", "sandbox/did/paths", did=DATASET.did, mode="download")
    Path(paths["paths"][-1]).write_text("damaged")  # the same size no more: not here
    body, _ = await detail(rucio_api, rucio_calls, DATASET.did)
    assert body["availability_by_mode"]["download"]["state"] == "not_available"
