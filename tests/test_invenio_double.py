"""The InvenioRDM double answers as InvenioRDM (and Zenodo) would: shapes, refusals and the state
machine of drafts, published records, versions and files. Its listings, search, communities,
authentication and faults are test_invenio_double_service.py.

Driven with plain ``requests`` through the documented flow (docs-invenio-rdm
``reference/rest_api_drafts_records.md``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
import requests

from tests.invenio_double_client import Client, complete_metadata


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
