"""The InvenioRDM double as a service: listings, search, communities and vocabularies as
InvenioRDM (and Zenodo) answer them, refusals of anonymous and careless requests, its request
log, the faults it injects, and its life cycle as a thread or a process.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time

import pytest
import requests

from tests.invenio_double_client import Client, complete_metadata


@pytest.fixture
def client(invenio_double) -> Client:
    return Client(invenio_double)


# -- listings, search, communities, vocabularies -------------------------------------------------


def test_user_records_lists_the_token_users_drafts_and_records_only(invenio_double_factory):
    double = invenio_double_factory(tokens={
        "jane": {"id": "1", "username": "jane", "full_name": "Jane", "email": "j@x.org"},
        "john": {"id": "2", "username": "john", "full_name": "John", "email": "k@x.org"},
    })  # fmt: skip
    jane, john = Client(double, "jane"), Client(double, "john")
    draft = jane.draft({"title": "Jane's draft"})
    record = jane.published()
    john.draft({"title": "John's draft"})

    listing = jane("GET", "/api/user/records", params={"size": 10})

    assert listing.status_code == 200
    hits = listing.json()["hits"]
    assert hits["total"] == 2
    assert {h["id"] for h in hits["hits"]} == {draft["id"], record["id"]}
    assert Client(double, None)("GET", "/api/user/records").status_code == 403


def test_search_finds_public_published_records_by_words_and_hides_drafts_and_restricted(
    invenio_double, client
):
    public = client.published(title="Dimuon spectrum of open data")
    draft = client.draft(complete_metadata(title="Dimuon draft"))
    hidden = client.draft(complete_metadata(title="Dimuon hidden"),
                          access={"record": "restricted", "files": "restricted"})  # fmt: skip
    client.upload(hidden["id"], "a.txt", b"a")
    client("POST", f"/api/records/{hidden['id']}/draft/actions/publish")
    anonymous = Client(invenio_double, None)

    found = anonymous("GET", "/api/records", params={"q": "dimuon", "size": 5}).json()

    assert [h["id"] for h in found["hits"]["hits"]] == [public["id"]]
    assert found["hits"]["total"] == 1
    assert found["sortBy"] == "bestmatch"
    assert draft["id"] not in str(found)
    assert anonymous("GET", "/api/records", params={"size": 0}).status_code == 400


def test_a_doi_field_query_matches_the_whole_doi_only_and_or_joins_alternatives(
    invenio_double, client
):
    record = client.published(title="Dimuon spectrum")
    doi = record["pids"]["doi"]["identifier"]
    concept = record["parent"]["pids"]["doi"]["identifier"]
    anonymous = Client(invenio_double, None)

    def found(q: str) -> list[str]:
        answer = anonymous("GET", "/api/records", params={"q": q})
        assert answer.status_code == 200, answer.text
        return [h["id"] for h in answer.json()["hits"]["hits"]]

    assert found(f'pids.doi.identifier:"{doi}"') == [record["id"]]
    assert found(f'pids.doi.identifier:"{doi[:-1]}"') == []  # keyword field: no substring
    assert found(f'pids.doi.identifier:"{doi.upper()}"') == []  # nor another case
    assert found(f'pids.doi.identifier:"{concept}"') == []
    assert found(f'parent.pids.doi.identifier:"{concept}"') == [record["id"]]
    assert found(f'pids.doi.identifier:"{concept}" OR parent.pids.doi.identifier:"{concept}"') == [
        record["id"]
    ]
    assert found('metadata.title:"dimuon" OR metadata.title:"nothing"') == [record["id"]]


def test_communities_are_searchable_and_take_inclusion_requests(invenio_double, client):
    found = client("GET", "/api/communities", params={"q": "escape"}).json()["hits"]["hits"]
    assert [c["slug"] for c in found] == ["escape-ossr"]
    community = found[0]
    assert community["metadata"]["title"] == "ESCAPE OSSR"
    record = client.published()

    answer = client("POST", f"/api/records/{record['id']}/communities",
                    json={"communities": [{"id": community["id"]}, {"id": "nowhere"}]})  # fmt: skip

    assert answer.status_code == 200
    processed = answer.json()["processed"][0]
    assert processed["request"]["type"] == "community-inclusion"
    assert processed["request"]["status"] == "submitted"
    assert answer.json()["errors"] == [
        {"community_id": "nowhere", "message": "Community not found."}
    ]
    invenio_double.accept_inclusion_requests()
    members = client("GET", f"/api/communities/{community['id']}/records").json()
    assert [h["id"] for h in members["hits"]["hits"]] == [record["id"]]


def test_vocabularies_answer_resource_types_and_licenses(client):
    types = client("GET", "/api/vocabularies/resourcetypes", params={"size": 100}).json()
    licenses = client("GET", "/api/vocabularies/licenses", params={"q": "cc-by-4.0"}).json()

    assert {"id": "dataset", "title": {"en": "Dataset"}}.items() <= (
        next(h for h in types["hits"]["hits"] if h["id"] == "dataset").items()
    )
    assert "cc-by-4.0" in [h["id"] for h in licenses["hits"]["hits"]]


# -- authentication and careless requests --------------------------------------------------------


def test_anonymous_and_unknown_tokens_are_refused_where_a_user_is_needed(invenio_double, client):
    record = client.published()

    for token in (None, "not-a-token"):
        stranger = Client(invenio_double, token)
        answer = stranger("POST", "/api/records", json={"metadata": {}})
        assert answer.status_code == 403
        assert answer.json() == {"status": 403, "message": "Permission denied."}
        assert stranger("GET", f"/api/records/{record['id']}").status_code == 200


@pytest.mark.invenio_violations_expected
def test_requests_without_user_agent_are_refused_and_recorded(invenio_double):
    connection = http.client.HTTPConnection(invenio_double.host, invenio_double.port, timeout=10)
    connection.request("GET", "/api/records")  # http.client sends no User-Agent by itself

    assert connection.getresponse().status == 403
    assert "no User-Agent" in invenio_double.violations[0]


@pytest.mark.invenio_violations_expected
def test_unknown_routes_404_and_wrong_methods_405_are_violations(invenio_double, client):
    assert client("GET", "/api/deposit/depositions").status_code == 404
    assert client("PATCH", "/api/records").status_code == 405
    assert client("GET", "/api/nothing").json()["status"] == 404
    assert len(invenio_double.violations) == 3


def test_the_request_log_counts_calls_per_operation(invenio_double, client):
    client.draft()
    client.draft()

    assert invenio_double.count("create_draft") == 2
    assert invenio_double.count("create_draft", status=201) == 2
    assert len(invenio_double.drafts) == 2


# -- faults and life cycle -----------------------------------------------------------------------


def test_the_status_fault_answers_the_status_for_its_operations_then_wears_off(
    invenio_double, client
):
    invenio_double.faults.set("status", status=503, operations=["create_draft"], times=1)

    failed = client("POST", "/api/records", json={})
    assert failed.status_code == 503
    assert failed.json()["status"] == 503
    assert client("POST", "/api/records", json={}).status_code == 201
    assert invenio_double.injected == ["503: POST /api/records"]


def test_the_slow_fault_delays_the_answer(invenio_double, client):
    invenio_double.faults.set("slow", seconds=0.3, operations="search_records", times=1)

    started = time.monotonic()
    assert client("GET", "/api/records").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_the_drop_fault_closes_the_connection_with_or_without_doing_the_work(
    invenio_double, client
):
    invenio_double.faults.set("drop", operations=["create_draft"], times=1)
    with pytest.raises(requests.ConnectionError):
        client("POST", "/api/records", json={})
    assert invenio_double.drafts == {}

    invenio_double.faults.set("drop", processed=True, operations=["create_draft"], times=1)
    with pytest.raises(requests.ConnectionError):
        client("POST", "/api/records", json={})
    assert len(invenio_double.drafts) == 1  # the answer was lost, the draft exists


def test_down_mid_upload_cuts_the_upload_and_removes_the_file(invenio_double, client):
    draft = client.draft()
    files = f"/api/records/{draft['id']}/draft/files"
    client("POST", files, json=[{"key": "big.bin"}])
    invenio_double.faults.set("down_mid_upload", after_bytes=1 << 20, times=1)

    with pytest.raises(requests.ConnectionError):
        client("PUT", f"{files}/big.bin/content", data=b"x" * (8 << 20),
               headers={"Content-Type": "application/octet-stream"})  # fmt: skip

    deadline = time.monotonic() + 5
    while client("GET", files).json()["entries"] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert client("GET", files).json()["entries"] == []


def test_stop_refuses_connections_and_start_resumes_on_the_same_port_with_the_state(
    invenio_double, client
):
    draft = client.draft()
    url = invenio_double.url

    invenio_double.stop()
    with pytest.raises(requests.ConnectionError):
        client("GET", f"/api/records/{draft['id']}/draft")
    invenio_double.start()

    assert invenio_double.url == url
    assert client("GET", f"/api/records/{draft['id']}/draft").status_code == 200


def test_the_process_prints_its_url_and_takes_faults_over_http(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.invenio_double", "--state-dir", str(tmp_path),
         "--token", "tok", "--flavour", "invenio"],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        url = re.fullmatch(r"InvenioRDM double listening on (\S+)\n", line).group(1)
        fault = {"name": "status", "status": 500, "operations": ["search_records"], "times": 1}
        assert requests.post(f"{url}/_double/faults", json=fault, timeout=10).status_code == 201
        assert requests.get(f"{url}/api/records", timeout=10).status_code == 500
        assert requests.get(f"{url}/api/records", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(10)


def test_a_doi_badge_is_an_svg_image_served_without_a_token(invenio_double):
    doi = "10.5281/zenodo.42"
    answer = requests.get(f"{invenio_double.url}/badge/DOI/{doi}.svg", timeout=10)

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/svg+xml"
    assert answer.text.startswith("<svg")
    assert doi in answer.text
    assert invenio_double.violations == []
