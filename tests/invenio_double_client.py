"""A client of the InvenioRDM double for its tests: plain ``requests`` with a token (or none),
and the complete metadata of a draft that publishes."""

from __future__ import annotations

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
