"""A DOI typed into the record search: the record it names (or, for a concept DOI, the latest
version of the record), found in the chosen repository by an exact search on the DOI fields;
`doi` in the answer names the DOI looked up. A text that claims to be a DOI (`doi:…`, a doi.org
link, `10.NNNN/…`) but is not one is a 400 `bad_doi`; any other text is words, searched as before.
"""

import pytest
import requests

from tests.invenio_double import InvenioDouble
from tests.plugins.invenio import INV_TOKEN, with_inv_repository
from tests.publish_examples import creator, jane_doe
from vre_lab.core.errors import BadRequest
from vre_lab.zenodo import doi

SEARCH = "zenodo/repositories/inv/search"
METADATA = {
    "resource_type": {"id": "dataset"},
    "title": "Dimuon spectrum of open data",
    "publication_date": "2026-01-22",
    "creators": [creator(jane_doe(), "CERN")],
    "description": "The dimuon mass spectrum.",
    "rights": [{"id": "cc-by-4.0"}],
}


class Double:
    """Records published straight to the InvenioRDM double, as another user of it would."""

    def __init__(self, double: InvenioDouble):
        self.url = double.url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {INV_TOKEN}"

    def __call__(self, method: str, path: str, expect: int, **kwargs) -> dict:
        answer = self.session.request(method, self.url + path, timeout=10, **kwargs)
        assert answer.status_code == expect, answer.text
        return answer.json()

    def publish(self, title: str) -> dict:
        body = {"metadata": {**METADATA, "title": title}, "files": {"enabled": True}}
        draft = self("POST", "/api/records", 201, json=body)
        files = f"/api/records/{draft['id']}/draft/files"
        self("POST", files, 201, json=[{"key": "provenance.json"}])
        headers = {"Content-Type": "application/octet-stream"}
        self("PUT", f"{files}/provenance.json/content", 200, data=b"{}", headers=headers)
        self("POST", f"{files}/provenance.json/commit", 200)
        return self("POST", f"/api/records/{draft['id']}/draft/actions/publish", 202)

    def new_version(self, record: dict, title: str) -> dict:
        draft = self("POST", f"/api/records/{record['id']}/versions", 201)
        self("POST", f"/api/records/{draft['id']}/draft/actions/files-import", 201)
        body = {"metadata": {**METADATA, "title": title}, "files": {"enabled": True}}
        self("PUT", f"/api/records/{draft['id']}/draft", 200, json=body)
        return self("POST", f"/api/records/{draft['id']}/draft/actions/publish", 202)


@pytest.fixture
def jp_server_config(jp_server_config, inv_repository, tmp_path):
    return with_inv_repository(jp_server_config, inv_repository, tmp_path)


@pytest.fixture
def published(inv_repository) -> tuple[Double, dict]:
    double = Double(inv_repository)
    double.publish("Another record")
    return double, double.publish("Dimuon spectrum")


# -- which texts are DOIs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "10.5281/zenodo.1234567",
        "  10.5281/zenodo.1234567 ",
        "https://doi.org/10.5281/zenodo.1234567",
        "http://dx.doi.org/10.5281%2Fzenodo.1234567",
        "doi.org/10.5281/zenodo.1234567",
        "doi:10.5281/zenodo.1234567",
        "DOI: 10.5281/zenodo.1234567",
        'doi:"10.5281/zenodo.1234567"',
    ],
)
def test_every_accepted_form_of_a_doi_gives_the_bare_doi(text):
    assert doi.parse(text) == "10.5281/zenodo.1234567"


@pytest.mark.parametrize("text", ["", "higgs boson", "10.5 GeV", "title:doi", "zenodo.1234567"])
def test_texts_that_do_not_claim_to_be_a_doi_are_words(text):
    assert doi.parse(text) is None


@pytest.mark.parametrize(
    "text",
    ["doi:junk", "https://doi.org/", "https://doi.org/zenodo.1", "10.5281/", "10.5281/two words"],
)
def test_a_text_that_claims_to_be_a_doi_but_is_not_is_refused_with_an_example(text):
    with pytest.raises(BadRequest) as refused:
        doi.parse(text)
    assert refused.value.code == "bad_doi"
    assert "10.5281/zenodo.1234567" in refused.value.message


def test_the_query_asks_for_the_doi_exactly_as_typed_and_in_lower_case_and_escapes_quotes():
    assert doi.query("10.1234/ABC") == (
        'pids.doi.identifier:"10.1234/ABC" OR pids.doi.identifier:"10.1234/abc"'
    )
    assert doi.query('10.1234/a"b\\', doi.CONCEPT) == (
        'parent.pids.doi.identifier:"10.1234/a\\"b\\\\"'
    )


# -- the search route ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    ["{doi}", "https://doi.org/{doi}", "doi:{doi}", "DOI:{upper}", "http://dx.doi.org/{doi}"],
)
async def test_a_published_record_is_found_by_its_doi_in_every_accepted_form(
    workflows_api, published, form
):
    _, record = published
    record_doi = record["pids"]["doi"]["identifier"]
    q = form.format(doi=record_doi, upper=record_doi.upper())

    status, found = await workflows_api("GET", SEARCH, q=q)

    assert status == 200, found
    assert [hit["id"] for hit in found["hits"]] == [record["id"]]
    assert found["total"] == 1
    assert found["hits"][0]["doi"] == record_doi
    assert found["doi"] == (record_doi.upper() if "upper" in form else record_doi)


async def test_a_concept_doi_finds_the_latest_version_and_a_version_doi_that_very_version(
    workflows_api, published
):
    double, first = published
    second = double.new_version(first, "Dimuon spectrum, second version")
    concept = first["parent"]["pids"]["doi"]["identifier"]
    assert concept != first["pids"]["doi"]["identifier"]

    status, found = await workflows_api("GET", SEARCH, q=concept)

    assert status == 200, found
    assert [hit["id"] for hit in found["hits"]] == [second["id"]]
    assert found["doi"] == concept
    status, old = await workflows_api("GET", SEARCH, q=first["pids"]["doi"]["identifier"])
    assert status == 200, old
    assert [hit["id"] for hit in old["hits"]] == [first["id"]]  # the version a paper cites


async def test_a_doi_with_no_record_gives_an_empty_page_that_names_the_doi(
    workflows_api, published
):
    _, record = published
    record_doi = record["pids"]["doi"]["identifier"]
    for missing in ("10.5281/zenodo.999999999", record_doi[:-1]):  # a prefix matches nothing
        status, found = await workflows_api("GET", SEARCH, q=missing)
        assert status == 200, found
        assert (found["hits"], found["total"], found["doi"]) == ([], 0, missing)


async def test_a_malformed_doi_is_a_400_and_the_repository_is_not_asked(
    workflows_api, published, inv_repository
):
    searches = inv_repository.count("search_records")

    status, error = await workflows_api("GET", SEARCH, q="doi:not-a-doi")

    assert status == 400, error
    assert error["reason"] == "bad_doi"
    assert "is not a DOI" in error["message"]
    assert inv_repository.count("search_records") == searches


async def test_words_are_searched_as_before_and_the_answer_says_no_doi(workflows_api, published):
    _, record = published

    status, found = await workflows_api("GET", SEARCH, q='"dimuon spectrum"')

    assert status == 200, found
    assert [hit["id"] for hit in found["hits"]] == [record["id"]]
    assert found["doi"] is None
