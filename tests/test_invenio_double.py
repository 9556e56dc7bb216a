"""The InvenioRDM double answers as InvenioRDM (and Zenodo) would: shapes, refusals, state machine.

Driven with plain ``requests`` through the documented flow (docs-invenio-rdm
``reference/rest_api_drafts_records.md``).
"""

from __future__ import annotations

import hashlib
import http.client
import re
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import requests

from tests.invenio_double import DEFAULT_TOKEN, InvenioDouble

VALID_ORCID = "0000-0002-1825-0097"


def complete_metadata(**changes) -> dict:
    metadata = {
        "resource_type": {"id": "dataset"},
        "title": "Higgs to four leptons: invariant mass",
        "publication_date": "2026-01-22",
        "description": "<p>The four-lepton mass spectrum.</p>",
        "creators": [
            {
                "person_or_org": {
                    "type": "personal",
                    "given_name": "Jane",
                    "family_name": "Doe",
                    "identifiers": [{"scheme": "orcid", "identifier": VALID_ORCID}],
                },
                "affiliations": [{"name": "CERN"}],
            }
        ],
        "rights": [{"id": "cc-by-4.0"}],
        "subjects": [{"subject": "higgs"}],
    }
    metadata.update(changes)
    return metadata


class Client:
    """Requests to a double with a token (or none)."""

    def __init__(self, double: InvenioDouble, token: str | None = DEFAULT_TOKEN):
        self.url = double.url
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def __call__(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.url + path, timeout=10, **kwargs)

    def draft(self, metadata: dict | None = None, **body) -> dict:
        body.setdefault("access", {"record": "public", "files": "public"})
        body.setdefault("files", {"enabled": True})
        answer = self("POST", "/api/records", json={"metadata": metadata or {}, **body})
        assert answer.status_code == 201, answer.text
        return answer.json()

    def upload(self, record_id: str, key: str, content: bytes, *, commit: bool = True) -> None:
        files = f"/api/records/{record_id}/draft/files"
        assert self("POST", files, json=[{"key": key}]).status_code == 201
        put = self(
            "PUT",
            f"{files}/{key}/content",
            data=content,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert put.status_code == 200, put.text
        if commit:
            assert self("POST", f"{files}/{key}/commit").status_code == 200

    def published(self, content: bytes = b"mass spectrum\n", **metadata) -> dict:
        draft = self.draft(complete_metadata(**metadata))
        self.upload(draft["id"], "spectrum.csv", content)
        answer = self("POST", f"/api/records/{draft['id']}/draft/actions/publish")
        assert answer.status_code == 202, answer.text
        return answer.json()


@pytest.fixture
def client(invenio_double) -> Client:
    return Client(invenio_double)


# -- drafts --------------------------------------------------------------------------------------


def test_creating_a_draft_answers_201_with_the_draft_and_the_errors_of_partial_metadata(client):
    draft = client.draft({"title": "Partial"})

    assert re.fullmatch(r"\d+", draft["id"])  # Zenodo's record ids are numbers
    assert (draft["is_draft"], draft["is_published"], draft["status"]) == (True, False, "draft")
    assert draft["metadata"] == {"title": "Partial"}
    assert draft["pids"] == {}
    assert draft["files"]["enabled"] is True
    assert draft["parent"]["access"]["owned_by"] == {"user": "1"}
    assert draft["links"]["self"].endswith(f"/api/records/{draft['id']}/draft")
    assert draft["links"]["publish"].endswith(f"/api/records/{draft['id']}/draft/actions/publish")
    assert draft["links"]["self_html"].endswith(f"/uploads/{draft['id']}")
    assert {"field": "metadata.creators", "messages": ["Missing data for required field."]} in (
        draft["errors"]
    )
    assert "metadata.title" not in [e["field"] for e in draft["errors"]]


def test_an_invenio_draft_has_an_abcde_12345_id_and_its_doi_uses_the_prefix(
    invenio_double_factory,
):
    client = Client(invenio_double_factory(flavour="invenio", doi_prefix="10.9999"))
    record = client.published()

    assert re.fullmatch(r"[0-9a-z]{5}-[0-9a-z]{5}", record["id"])
    assert record["pids"]["doi"]["identifier"] == f"10.9999/{record['id']}"


def test_updating_a_draft_replaces_its_metadata_and_fills_person_names(client):
    draft = client.draft({"title": "First"})
    answer = client("PUT", f"/api/records/{draft['id']}/draft", json={
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": True},
        "metadata": complete_metadata(),
    })  # fmt: skip

    assert answer.status_code == 200
    person = answer.json()["metadata"]["creators"][0]["person_or_org"]
    assert person["name"] == "Doe, Jane"
    assert answer.json()["metadata"]["resource_type"]["title"] == {"en": "Dataset"}
    assert "errors" not in answer.json()
    stored = client("GET", f"/api/records/{draft['id']}/draft").json()
    assert stored["metadata"]["title"] == complete_metadata()["title"]


def test_an_unknown_license_refuses_to_save_the_draft(client):
    answer = client("POST", "/api/records", json={
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": True},
        "metadata": complete_metadata(rights=[{"id": "no-such-license"}]),
    })  # fmt: skip

    assert answer.status_code == 400
    assert answer.json() == {"status": 400, "message": "Invalid value no-such-license."}


def test_discarding_a_new_draft_removes_it(client):
    draft = client.draft()

    assert client("DELETE", f"/api/records/{draft['id']}/draft").status_code == 204
    assert client("GET", f"/api/records/{draft['id']}/draft").status_code == 404


# -- publishing ----------------------------------------------------------------------------------


def test_publishing_without_a_title_lists_the_field_in_invenio_error_format(client):
    metadata = complete_metadata()
    del metadata["title"]
    draft = client.draft(metadata)
    client.upload(draft["id"], "a.txt", b"a")

    answer = client("POST", f"/api/records/{draft['id']}/draft/actions/publish")

    assert answer.status_code == 400
    assert answer.json() == {
        "status": 400,
        "message": "A validation error occurred.",
        "errors": [{"field": "metadata.title", "messages": ["Missing data for required field."]}],
    }


def test_publishing_without_files_is_refused_while_files_are_enabled(client):
    draft = client.draft(complete_metadata())

    answer = client("POST", f"/api/records/{draft['id']}/draft/actions/publish")

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "files.enabled"
    assert answer.json()["errors"][0]["messages"][0].startswith("Missing uploaded files.")


def test_a_metadata_only_record_publishes_without_files(client):
    draft = client.draft(complete_metadata(), files={"enabled": False})

    answer = client("POST", f"/api/records/{draft['id']}/draft/actions/publish")

    assert answer.status_code == 202
    assert answer.json()["access"]["status"] == "metadata-only"


def test_publishing_with_a_pending_file_is_refused(client):
    draft = client.draft(complete_metadata())
    client.upload(draft["id"], "data.csv", b"1,2\n", commit=False)

    answer = client("POST", f"/api/records/{draft['id']}/draft/actions/publish")

    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "field": "files",
            "messages": ["One or more files have not completed their transfer, please wait."],
        }
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"creators": [{"person_or_org": {"type": "personal", "family_name": "Doe",
              "identifiers": [{"scheme": "orcid", "identifier": "0000-0002-1825-0098"}]}}]},
            "metadata.creators.0.person_or_org.identifiers.0.identifier",
            "Invalid ORCID identifier.",
        ),
        (
            {"creators": [{"person_or_org": {"type": "personal", "given_name": "Jane"}}]},
            "metadata.creators.0.person_or_org.family_name",
            "Family name cannot be blank.",
        ),
        (
            {"creators": [{"person_or_org": {"type": "organizational"}}]},
            "metadata.creators.0.person_or_org.name",
            "Name cannot be blank.",
        ),
        ({"publication_date": "2026-02-30"}, "metadata.publication_date",
         "Please provide a valid date or interval."),
        ({"contributors": [{"person_or_org": {"type": "organizational", "name": "ESCAPE"}}]},
         "metadata.contributors.0.role", "Missing data for required field."),
        ({"related_identifiers": [{"scheme": "doi", "identifier": "not-a-doi",
          "relation_type": {"id": "isderivedfrom"}}]},
         "metadata.related_identifiers.0.identifier", "Invalid DOI identifier."),
        ({"keywords": ["higgs"]}, "metadata.keywords", "Unknown field."),
        ({"description": ""}, "metadata.description", "Shorter than minimum length 3."),
    ],
)  # fmt: skip
def test_publishing_refuses_metadata_invenio_would_refuse(client, change, field, message):
    draft = client.draft(complete_metadata(**change))
    client.upload(draft["id"], "a.txt", b"a")

    assert {"field": field, "messages": [message]} in draft["errors"]
    answer = client("POST", f"/api/records/{draft['id']}/draft/actions/publish")
    assert answer.status_code == 400
    assert {"field": field, "messages": [message]} in answer.json()["errors"]


def test_an_embargo_needs_a_future_end_date(client):
    past = (date.today() - timedelta(days=1)).isoformat()
    draft = client.draft(
        complete_metadata(),
        access={"record": "public", "files": "restricted",
                "embargo": {"active": True, "until": past}},
    )  # fmt: skip

    assert {
        "field": "access.embargo.until",
        "messages": ["Embargo end date must be set to a future date."],
    } in draft["errors"]


def test_zenodo_requires_a_description_and_plain_invenio_does_not(invenio_double_factory):
    metadata = complete_metadata()
    del metadata["description"]
    zenodo = Client(invenio_double_factory()).draft(metadata)
    invenio = Client(invenio_double_factory(flavour="invenio")).draft(metadata)

    assert "metadata.description" in [e["field"] for e in zenodo["errors"]]
    assert "errors" not in invenio


def test_publishing_assigns_a_zenodo_doi_and_keeps_the_file_content(invenio_double, client):
    content = b"x" * 100_000
    record = client.published(content)
    rid = record["id"]

    assert (record["is_published"], record["is_draft"], record["status"]) == (
        True, False, "published",
    )  # fmt: skip
    assert record["pids"]["doi"] == {
        "identifier": f"10.5281/zenodo.{rid}", "provider": "datacite", "client": "datacite",
    }  # fmt: skip
    assert record["links"]["doi"] == f"https://doi.org/10.5281/zenodo.{rid}"
    assert record["versions"]["index"] == 1
    assert record["versions"]["is_latest"] is True
    files = requests.get(f"{invenio_double.url}/api/records/{rid}/files", timeout=10).json()
    md5 = hashlib.md5(content, usedforsecurity=False).hexdigest()
    assert files["entries"][0]["checksum"] == f"md5:{md5}"
    assert files["entries"][0]["size"] == len(content)
    assert requests.get(files["entries"][0]["links"]["content"], timeout=10).content == content
    assert client("GET", f"/api/records/{rid}/draft").status_code == 404


# -- published records ---------------------------------------------------------------------------


@pytest.mark.invenio_violations_expected  # PUT on a record is a 405, which no client should send
def test_a_published_record_is_immutable(client):
    rid = client.published()["id"]

    assert client("PUT", f"/api/records/{rid}", json={}).status_code == 405
    assert client("PUT", f"/api/records/{rid}/draft", json={"metadata": {}}).status_code == 404
    init = client("POST", f"/api/records/{rid}/draft/files", json=[{"key": "b.txt"}])
    assert init.status_code == 404


def test_an_edit_draft_changes_metadata_but_its_files_stay_locked(client):
    rid = client.published()["id"]

    edit = client("POST", f"/api/records/{rid}/draft")
    assert edit.status_code == 201
    assert edit.json()["id"] == rid
    put = client(
        "PUT",
        f"/api/records/{rid}/draft/files/spectrum.csv/content",
        data=b"other",
        headers={"Content-Type": "application/octet-stream"},
    )
    assert put.status_code == 403
    assert put.json() == {"status": 403, "message": "Bucket is locked for modifications."}
    body = {**edit.json(), "metadata": complete_metadata(title="A better title")}
    assert client("PUT", f"/api/records/{rid}/draft", json=body).status_code == 200
    published = client("POST", f"/api/records/{rid}/draft/actions/publish").json()
    assert published["metadata"]["title"] == "A better title"
    assert published["files"]["count"] == 1
    assert published["pids"]["doi"]["identifier"] == f"10.5281/zenodo.{rid}"


def test_restricted_files_need_the_owner_token(invenio_double, client):
    draft = client.draft(complete_metadata(), access={"record": "public", "files": "restricted"})
    client.upload(draft["id"], "secret.txt", b"secret")
    rid = client("POST", f"/api/records/{draft['id']}/draft/actions/publish").json()["id"]
    content = f"/api/records/{rid}/files/secret.txt/content"

    assert requests.get(invenio_double.url + content, timeout=10).status_code == 403
    assert client("GET", content).content == b"secret"


# -- versions ------------------------------------------------------------------------------------


def test_a_new_version_copies_metadata_but_not_date_doi_or_files(client):
    first = client.published(version="v1")

    answer = client("POST", f"/api/records/{first['id']}/versions")

    assert answer.status_code == 201
    new = answer.json()
    assert new["id"] != first["id"]
    assert new["parent"]["id"] == first["parent"]["id"]
    assert new["versions"]["index"] == 2
    assert new["status"] == "new_version_draft"
    assert "publication_date" not in new["metadata"]
    assert "version" not in new["metadata"]
    assert new["metadata"]["title"] == first["metadata"]["title"]
    assert new["pids"] == {}
    files = client("GET", f"/api/records/{new['id']}/draft/files").json()
    assert files["entries"] == []
    again = client("POST", f"/api/records/{first['id']}/versions")
    assert again.json()["id"] == new["id"]  # the next version's draft, not another one


def test_files_import_brings_the_previous_version_files_and_publishing_makes_it_latest(client):
    first = client.published(b"v1 data")
    new = client("POST", f"/api/records/{first['id']}/versions").json()

    imported = client("POST", f"/api/records/{new['id']}/draft/actions/files-import")
    assert imported.status_code == 201
    assert [e["key"] for e in imported.json()["entries"]] == ["spectrum.csv"]
    assert imported.json()["entries"][0]["status"] == "completed"
    again = client("POST", f"/api/records/{new['id']}/draft/actions/files-import")
    assert again.json()["errors"][0]["messages"] == ["Please remove all files first."]

    body = {
        "metadata": complete_metadata(publication_date="2026-02-01"),
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": True},
    }
    client("PUT", f"/api/records/{new['id']}/draft", json=body)
    second = client("POST", f"/api/records/{new['id']}/draft/actions/publish").json()
    assert second["versions"] == {"index": 2, "is_latest": True, "is_latest_draft": True}
    assert client("GET", f"/api/records/{first['id']}").json()["versions"]["is_latest"] is False
    versions = client("GET", f"/api/records/{first['id']}/versions").json()
    assert [h["id"] for h in versions["hits"]["hits"]] == [second["id"], first["id"]]


def test_discarding_a_new_version_draft_leaves_the_published_record(client):
    first = client.published()
    new = client("POST", f"/api/records/{first['id']}/versions").json()

    assert client("DELETE", f"/api/records/{new['id']}/draft").status_code == 204
    assert client("GET", f"/api/records/{first['id']}").status_code == 200
    assert client("GET", f"/api/records/{new['id']}").status_code == 404


# -- files ---------------------------------------------------------------------------------------


def test_file_rules_duplicate_keys_content_after_commit_and_listing(client):
    draft = client.draft(complete_metadata())
    files = f"/api/records/{draft['id']}/draft/files"
    client.upload(draft["id"], "a.txt", b"a")

    duplicate = client("POST", files, json=[{"key": "a.txt"}])
    assert duplicate.status_code == 400
    assert duplicate.json()["message"] == "File with key a.txt already exists."
    listing = client("GET", files).json()
    assert (listing["enabled"], [e["key"] for e in listing["entries"]]) == (True, ["a.txt"])
    late = client("PUT", f"{files}/a.txt/content", data=b"b",
                  headers={"Content-Type": "application/octet-stream"})  # fmt: skip
    assert late.status_code == 400  # InvenioRDM fails the transfer and drops the file
    assert client("GET", files).json()["entries"] == []
    assert client("POST", files, json=[{"key": "b.txt"}]).json()["entries"][0]["status"] == (
        "pending"
    )
    assert client("DELETE", f"{files}/b.txt").status_code == 204


@pytest.mark.invenio_violations_expected
def test_committing_before_any_content_is_a_500_and_a_violation(invenio_double, client):
    draft = client.draft()
    client("POST", f"/api/records/{draft['id']}/draft/files", json=[{"key": "a.txt"}])

    answer = client("POST", f"/api/records/{draft['id']}/draft/files/a.txt/commit")

    assert answer.status_code == 500
    assert "before any content" in invenio_double.violations[0]


def test_quotas_refuse_big_files_and_too_many_files(invenio_double_factory):
    client = Client(invenio_double_factory(max_file_size=10, max_files=2))
    draft = client.draft()
    files = f"/api/records/{draft['id']}/draft/files"
    client("POST", files, json=[{"key": "big"}])

    big = client("PUT", f"{files}/big/content", data=b"x" * 11,
                 headers={"Content-Type": "application/octet-stream"})  # fmt: skip
    assert big.status_code == 400
    assert big.json()["message"] == "File size limit exceeded."
    many = client("POST", files, json=[{"key": "a"}, {"key": "b"}])
    assert many.status_code == 400


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
