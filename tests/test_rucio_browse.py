"""Browsing a real Rucio through the server's REST API: instances, whoami, scopes, search with
type and metadata filters, paging, a DID's metadata, files, replicas and rules."""

import pytest

from vre_lab.sandbox.server_side import demo_catalog as catalog

DOUBLE_MUON = "demo:higgs4l-data-2012B-DoubleMuon"
DEMO_DATASETS = {d.did for d in catalog.CONTAINER_DATASETS}


@pytest.fixture
def jp_server_config(rucio_server_config):
    return rucio_server_config


async def test_instances_list_the_sandbox_without_any_credential(rucio_api, rucio_sandbox):
    status, body = await rucio_api("GET", "instances")
    assert status == 200
    assert body["default"] == "sandbox"
    (instance,) = body["instances"]
    assert instance["modes"] == ["replica", "download"]
    assert instance["credentials"] == "configured"
    password = (rucio_sandbox.home / "secrets" / "password").read_text().strip()
    assert password not in str(body)


async def test_whoami_says_account_identity_and_token_time_left(rucio_api):
    status, body = await rucio_api("GET", "sandbox/whoami")
    assert status == 200
    assert body["account"] == "root"
    assert body["auth_type"] == "userpass"
    assert 0 < body["token_seconds_left"] <= 3600


async def test_scopes_are_listed_sorted(rucio_api):
    status, body = await rucio_api("GET", "sandbox/scopes")
    assert status == 200
    assert {"demo", "user.root"} <= set(body["scopes"])
    assert body["scopes"] == sorted(body["scopes"])


async def test_rses_can_be_listed_and_filtered_by_expression(rucio_api):
    _, body = await rucio_api("GET", "sandbox/rses")
    assert {"SANDBOX_DISK", "SANDBOX_SCRATCH"} <= set(body["rses"])
    _, body = await rucio_api("GET", "sandbox/rses", expression="SANDBOX_DISK")
    assert body["rses"] == ["SANDBOX_DISK"]


async def test_search_by_wildcard_and_type_finds_the_datasets(rucio_api):
    status, body = await rucio_api("GET", "sandbox/dids", query="demo:higgs4l-*", type="dataset")
    assert status == 200
    assert {item["did"] for item in body["items"]} == DEMO_DATASETS
    assert all(item["type"] == "dataset" for item in body["items"])
    assert body["next_cursor"] is None


async def test_search_with_a_bare_pattern_uses_the_given_scope(rucio_api):
    _, body = await rucio_api(
        "GET", "sandbox/dids", query="higgs4l-skim*", scope="user.root", type="dataset"
    )
    assert [item["did"] for item in body["items"]] == [catalog.USER_DATASET.did]


async def test_search_type_file_finds_files_with_their_size(rucio_api):
    _, body = await rucio_api(
        "GET", "sandbox/dids", query="demo:higgs4l-data-2012B-DoubleMuon.*", type="file"
    )
    assert len(body["items"]) == 3
    assert all(item["type"] == "file" and item["bytes"] > 0 for item in body["items"])


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("stream_name=DoubleMuon", {DOUBLE_MUON}),
        ("run_number>195000", {"demo:higgs4l-data-2012C-DoubleElectron"}),
        ("run_number<195000,project=data12_8TeV", {DOUBLE_MUON}),
        (
            "stream_name=DoubleMuon;stream_name=simulation",
            {DOUBLE_MUON, "demo:higgs4l-mc-ggH125-ZZ4l"},
        ),
        ("stream_name!=DoubleMuon,datatype=events_csv", DEMO_DATASETS - {DOUBLE_MUON}),
    ],
)
async def test_metadata_filters_combine_comparisons_with_and_and_or(
    rucio_api, expression, expected
):
    status, body = await rucio_api(
        "GET", "sandbox/dids", query="demo:*", type="dataset", filter=expression
    )
    assert status == 200, body
    assert {item["did"] for item in body["items"]} == expected


async def test_a_search_without_matches_is_an_empty_page_not_an_error(rucio_api):
    status, body = await rucio_api("GET", "sandbox/dids", query="demo:no-such-thing-*")
    assert (status, body) == (200, {"items": [], "next_cursor": None})


async def test_paging_follows_the_cursor_and_never_drops_or_repeats_a_result(rucio_api):
    seen, cursor, pages = [], None, 0
    while True:
        _, body = await rucio_api(
            "GET", "sandbox/dids", query="demo:*", type="all", page_size=2, cursor=cursor
        )
        seen += [item["did"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert len(body["items"]) == 2
    _, everything = await rucio_api(
        "GET", "sandbox/dids", query="demo:*", type="all", page_size=1000
    )
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(item["did"] for item in everything["items"])
    assert pages == -(-len(seen) // 2)


async def test_a_dataset_shows_metadata_size_and_availability(rucio_api):
    status, body = await rucio_api("GET", "sandbox/did", did=DOUBLE_MUON)
    assert status == 200
    assert body["type"] == "dataset"
    assert body["length"] == 3
    assert body["bytes"] > 0
    assert body["metadata"]["run_number"] == 194108
    assert body["metadata"]["stream_name"] == "DoubleMuon"
    assert body["availability"]["mode"] == "replica"


async def test_a_container_lists_its_files_paged_with_replicas_and_local_paths(rucio_api):
    files, cursor = [], None
    while True:
        _, body = await rucio_api(
            "GET", "sandbox/did/files", did="demo:higgs-open-data", page_size=3, cursor=cursor
        )
        files += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(files) == 8
    for item in files:
        assert {"rse": "SANDBOX_DISK", "state": "AVAILABLE"} in item["replicas"]
        assert item["available_here"] is True
        with open(item["path"], "rb") as f:
            assert f.read().startswith(catalog.CSV_HEADER.encode())


async def test_rules_show_their_state_and_lock_counts(rucio_api):
    status, body = await rucio_api("GET", "sandbox/did/rules", did="demo:higgs4l-mc-ggH125-ZZ4l")
    assert status == 200
    pending = [r for r in body["rules"] if r["rse_expression"] == catalog.SCRATCH_RSE]
    assert pending
    assert pending[0]["state"] == "REPLICATING"
    assert pending[0]["locks_replicating_cnt"] == 2


async def test_a_file_has_one_path_in_replica_mode(rucio_api):
    did = "demo:higgs4l-data-2012B-DoubleMuon.events_0001.csv"
    status, body = await rucio_api("GET", "sandbox/did/paths", did=did, mode="replica")
    assert status == 200
    assert body["type"] == "file"
    assert len(body["paths"]) == 1
    assert body["paths"][0].endswith(did.split(":")[1])


async def test_a_file_kept_on_the_destination_by_its_containers_rule_is_available(rucio_api):
    did = "demo:higgs4l-data-2012B-DoubleMuon.events_0002.csv"
    status, body = await rucio_api("GET", "sandbox/did", did=did)
    assert status == 200
    assert body["type"] == "file"
    assert body["availability"] == {"state": "available", "mode": "replica", "rule_id": None}


async def test_a_dataset_tells_its_availability_in_every_mode_the_instance_offers(
    rucio_api, tmp_path
):
    did = "user.root:higgs4l-skim-m120-130"
    _, body = await rucio_api("GET", "sandbox/did", did=did)
    by_mode = body["availability_by_mode"]
    assert set(by_mode) == {"replica", "download"}
    assert by_mode["replica"]["state"] == "available"
    assert by_mode["download"]["state"] == "not_available"
    assert body["availability"] == by_mode["replica"]
