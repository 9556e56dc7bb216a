"""The seeded demo catalogue of the local Rucio sandbox, as rucio-clients see it in the session
sandbox: scopes, the container and its datasets, closed datasets with their files, replicas
with the right checksums on real files, metadata, and replication rules."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from vre_lab.sandbox.server_side import demo_catalog as catalog


def test_seeded_scopes_exist(rucio_client):
    assert set(catalog.SCOPES) <= set(rucio_client.list_scopes())


def test_container_holds_the_demo_datasets(rucio_client):
    content = rucio_client.list_content("demo", catalog.CONTAINER)
    assert sorted(d["name"] for d in content) == sorted(d.name for d in catalog.CONTAINER_DATASETS)


@pytest.mark.parametrize("dataset", catalog.ALL_DATASETS, ids=lambda d: d.did)
def test_datasets_are_closed_with_their_files_counted(rucio_client, dataset):
    did = rucio_client.get_did(dataset.scope, dataset.name)
    assert did["type"] == "DATASET"
    assert did["open"] is False
    assert did["length"] == dataset.files
    expected_bytes = sum(len(catalog.event_csv(dataset, name)) for name in dataset.file_names())
    assert did["bytes"] == expected_bytes
    files = rucio_client.list_files(dataset.scope, dataset.name)
    assert sorted(f["name"] for f in files) == dataset.file_names()


@pytest.mark.parametrize("dataset", catalog.ALL_DATASETS, ids=lambda d: d.did)
def test_replicas_have_correct_checksums_and_real_files(rucio_client, rucio_sandbox, dataset):
    replicas = list(
        rucio_client.list_replicas([{"scope": dataset.scope, "name": dataset.name}], sort="random")
    )
    assert sorted(r["name"] for r in replicas) == dataset.file_names()
    for replica in replicas:
        expected = catalog.event_csv(dataset, replica["name"])
        assert replica["bytes"] == len(expected)
        assert replica["adler32"] == catalog.adler32(expected)
        assert replica["md5"] == catalog.md5(expected)
        (pfn,) = replica["rses"][catalog.RSE]
        path = Path(urlparse(pfn).path)
        assert path.is_relative_to(rucio_sandbox.home / "storage" / catalog.RSE)
        assert path.read_bytes() == expected


def test_demo_files_are_event_tables():
    dataset = catalog.DATASETS[2]
    lines = catalog.event_csv(dataset, dataset.file_names()[0]).decode().splitlines()
    assert lines[0] == "event_id,pt,eta,phi,mass"
    assert len(lines) == 1 + catalog.EVENTS_PER_FILE
    masses = [float(line.split(",")[4]) for line in lines[1:]]
    assert 120 < sum(masses) / len(masses) < 130  # a 125 GeV Higgs signal sample


def test_metadata_filter_search_finds_datasets(rucio_client):
    data = rucio_client.list_dids("demo", {"project": "data12_8TeV"}, did_type="dataset")
    assert sorted(data) == sorted(d.name for d in catalog.DATASETS[:2])
    by_run = rucio_client.list_dids(
        "demo", [{"run_number.gte": 195000, "datatype": "events_csv"}], did_type="dataset"
    )
    assert list(by_run) == ["higgs4l-data-2012C-DoubleElectron"]


def test_datasets_carry_their_metadata(rucio_client):
    dataset = catalog.DATASETS[0]
    metadata = rucio_client.get_metadata(dataset.scope, dataset.name)
    assert {key: metadata[key] for key in dataset.metadata} == dataset.metadata
    file_metadata = rucio_client.get_metadata(dataset.scope, dataset.file_names()[0])
    assert file_metadata["events"] == catalog.EVENTS_PER_FILE


def test_replication_rules_show_up(rucio_client):
    rules = {(r["name"], r["rse_expression"]): r for r in rucio_client.list_account_rules("root")}
    assert rules[(catalog.CONTAINER, catalog.RSE)]["state"] == "OK"
    # no transfer daemon runs in the sandbox, so a rule to another RSE stays pending
    assert rules[(catalog.DATASETS[2].name, catalog.SCRATCH_RSE)]["state"] == "REPLICATING"


def test_dataset_replicas_are_complete_on_the_sandbox_disk(rucio_client):
    dataset = catalog.DATASETS[0]
    (replica,) = rucio_client.list_dataset_replicas(dataset.scope, dataset.name, deep=True)
    assert replica["rse"] == catalog.RSE
    assert replica["state"] == "AVAILABLE"
    assert replica["available_length"] == dataset.files
