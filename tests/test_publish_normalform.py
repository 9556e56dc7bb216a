"""A deposit's normal form (`vre_lab.zenodo.metadata`): what InvenioRDM gets (a valid deposit
stays valid once normalised and InvenioRDM's rules take it), records turned back into deposits,
the default deposit, and merging the prefill sources."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import publish_examples as examples
from tests.invenio_double import validation as invenio_schema
from tests.publish_deposit import DEPOSIT, DEPOSIT_LIKE, JSON, TODAY, deposit, errors
from vre_lab.zenodo.metadata import (
    default_deposit,
    deposit_from_record,
    draft_body,
    merge_deposits,
    normalise_deposit,
    plain_text,
    validate_deposit,
)


def padded(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(["", " ", "  "]), text, st.sampled_from(["", " "])).map(
        "".join
    )


NAMES = padded(st.sampled_from(["Doe", "Roe", "van Rossum", "Müller", "Ødegård", "ESCAPE"]))
ORCIDS = st.sampled_from(["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"])
ORCID_IDS = st.builds(
    lambda url, orcid: url + orcid, st.sampled_from(["", "https://orcid.org/"]), ORCIDS
)
PEOPLE = st.builds(
    lambda family, given, orcid: {
        "person_or_org": {
            "type": "personal",
            "family_name": family,
            "given_name": given,
            "identifiers": [{"scheme": "orcid", "identifier": orcid}],
        },
        "affiliations": [{"name": "CERN"}, {"name": " "}],
    },
    NAMES,
    padded(st.sampled_from(["", "Jane", "A."])),
    st.sampled_from(["", " "]) | ORCID_IDS,
)
ORGANISATIONS = st.builds(
    lambda name: {"person_or_org": {"type": "organizational", "name": name}}, NAMES
)
EMPTY_ROWS = st.just({"person_or_org": {"type": "personal", "family_name": " "}})
VALID_DEPOSITS = st.builds(
    lambda title, creators, keywords, date_, rights, description: {
        "metadata": {
            "resource_type": {"id": "software"},
            "title": title,
            "publication_date": date_,
            "creators": creators,
            "subjects": [{"subject": k} for k in keywords],
            "rights": rights,
            "description": description,
        },
        "access": {"record": "public", "files": "public"},
    },
    padded(st.text(st.characters(categories=["L", "N"]), min_size=3, max_size=20)),
    st.lists(PEOPLE | ORGANISATIONS | EMPTY_ROWS, min_size=1, max_size=4),
    st.lists(padded(st.sampled_from(["higgs", "top", "jets", ""])), unique=True, max_size=3),
    st.sampled_from(["2026", "2026-11", "2026-11-22"]),
    st.sampled_from([[], [{"id": "mit"}], [{"id": "cc0-1.0"}, {"id": ""}]]),
    padded(st.sampled_from(["", "<p>Events</p>", "Plain words"])),
)


@settings(max_examples=100, deadline=None)
@given(VALID_DEPOSITS)
def test_a_valid_deposit_stays_valid_once_normalised_and_invenio_takes_it(value):
    if not validate_deposit(value, today=TODAY).valid:
        return  # a combination the rules refuse (twice the same keyword, no creator left…)
    normal = normalise_deposit(value)
    assert validate_deposit(normal, today=TODAY).valid
    assert normalise_deposit(normal) == normal
    assert invenio_schema.load(draft_body(value), flavour="invenio").errors == []


# ---------------------------------------------------------------------------------------------
# the normal form and what InvenioRDM gets


def test_normalising_fills_names_strips_text_and_drops_empty_rows():
    messy = deposit(
        metadata__title="  Higgs  ",
        metadata__creators__0__person_or_org__identifiers__0__identifier=(
            "https://orcid.org/0000-0002-1825-0097"
        ),
        metadata__subjects=[{"subject": " higgs "}, {"subject": ""}],
        metadata__related_identifiers=[{"identifier": "", "scheme": "doi"}],
        metadata__version="",
        access=None,
    )
    messy["metadata"]["creators"][0]["affiliations"].append({"name": " "})
    messy["metadata"]["creators"][1]["person_or_org"]["given_name"] = "stray"
    normal = normalise_deposit(messy)
    metadata = normal["metadata"]
    assert metadata["title"] == "Higgs"
    jane, escape = metadata["creators"]
    assert jane["person_or_org"]["name"] == "Doe, Jane"
    assert jane["person_or_org"]["identifiers"] == [
        {"scheme": "orcid", "identifier": "0000-0002-1825-0097"}
    ]
    assert jane["affiliations"] == [{"name": "CERN"}]
    assert escape == examples.escape()
    assert metadata["subjects"] == [{"subject": "higgs"}]
    assert "related_identifiers" not in metadata
    assert "version" not in metadata
    assert normal["access"] == {
        "record": "public",
        "files": "public",
        "embargo": {"active": False, "until": None, "reason": None},
    }
    assert normal["files"] == {"enabled": True}
    assert normal["communities"] == ["escape-ossr"]


def test_a_person_without_given_name_is_named_by_the_family_name():
    lone = deposit(metadata__creators__0__person_or_org__given_name=None)
    assert normalise_deposit(lone)["metadata"]["creators"][0]["person_or_org"]["name"] == "Doe"


def test_an_active_embargo_keeps_its_date_and_reason():
    embargo = {"active": True, "until": "2027-01-01", "reason": " thesis "}
    normal = normalise_deposit(deposit(access__files="restricted", access__embargo=embargo))
    assert normal["access"]["embargo"] == {
        "active": True,
        "until": "2027-01-01",
        "reason": "thesis",
    }


def test_the_draft_body_is_metadata_access_and_files_only():
    body = draft_body(deposit(files={"enabled": False}))
    assert set(body) == {"metadata", "access", "files"}
    assert body["files"] == {"enabled": True}
    assert body["metadata"]["creators"][0]["person_or_org"]["name"] == "Doe, Jane"


@pytest.mark.parametrize("flavour", ["invenio", "zenodo"])
def test_the_draft_body_passes_invenio_rdm_schema_rules(flavour):
    """The strict double restates InvenioRDM's record schema: it finds nothing to refuse."""
    loaded = invenio_schema.load(draft_body(DEPOSIT), flavour=flavour)
    assert loaded.errors == []


# ---------------------------------------------------------------------------------------------
# records, defaults and prefill

RECORD = {
    "id": "abcd-1234",
    "created": "2026-11-20T10:00:00+00:00",
    "is_published": False,
    "status": "draft",
    "pids": {"doi": {"identifier": "10.5281/zenodo.99", "provider": "datacite"}},
    "metadata": {
        "resource_type": {"id": "image-figure", "title": {"en": "Figure", "de": "Abbildung"}},
        "title": "Invariant mass",
        "publication_date": "2026",
        "creators": [
            {
                "person_or_org": examples.jane_doe(name="Doe, Jane"),
                "affiliations": [{"id": "01ggx4157", "name": "CERN"}],
                "role": {"id": "researcher", "title": {"en": "Researcher"}},
            }
        ],
        "rights": [
            {
                "id": "cc-by-4.0",
                "title": {"en": "Creative Commons Attribution 4.0 International"},
                "description": {"en": "The Creative Commons Attribution license allows…"},
                "icon": "cc-by-icon",
                "props": {"url": "https://creativecommons.org/licenses/by/4.0/legalcode"},
            }
        ],
        "languages": [{"id": "eng", "title": {"en": "English"}}],
        "publisher": "Zenodo",
    },
    "access": {
        "record": "public",
        "files": "restricted",
        "embargo": {"active": True, "until": "2027-06-01", "reason": None},
        "status": "embargoed",
    },
    "files": {"enabled": True, "count": 2, "total_bytes": 1200, "entries": {}},
    "parent": {"id": "parent-1", "communities": {}},
    "links": {"self": "https://zenodo.org/api/records/abcd-1234/draft"},
}


def test_a_record_becomes_the_deposit_a_draft_takes():
    found = deposit_from_record(RECORD)
    assert found["metadata"]["resource_type"] == {"id": "image-figure"}
    assert found["metadata"]["rights"] == [{"id": "cc-by-4.0"}]
    assert found["metadata"]["languages"] == [{"id": "eng"}]  # fields the form does not edit stay
    assert found["metadata"]["publisher"] == "Zenodo"
    assert found["metadata"]["creators"][0]["role"] == {"id": "researcher"}
    assert found["metadata"]["creators"][0]["affiliations"] == [{"id": "01ggx4157", "name": "CERN"}]
    assert found["access"] == {
        "record": "public",
        "files": "restricted",
        "embargo": {"active": True, "until": "2027-06-01", "reason": None},
    }
    assert found["files"] == {"enabled": True}
    assert errors(found) == {}
    assert invenio_schema.load(draft_body(found), flavour="invenio").errors == []


def test_odd_records_give_a_deposit_anyway():
    for odd in ({}, {"metadata": None, "access": "x"}, {"metadata": {"creators": "x"}}, None):
        assert set(deposit_from_record(odd)) == {"metadata", "access", "files"}


@settings(max_examples=100, deadline=None)
@given(st.one_of(JSON, DEPOSIT_LIKE))
def test_any_record_and_any_deposit_can_be_normalised(value):
    assert set(deposit_from_record(value)) == {"metadata", "access", "files"}
    assert set(normalise_deposit(value)) <= {"metadata", "access", "files", "communities"}


def test_the_default_deposit_is_an_open_dataset_under_cc_by_published_today():
    default = default_deposit(TODAY)
    assert default["metadata"]["resource_type"] == {"id": "dataset"}
    assert default["metadata"]["publication_date"] == "2026-11-22"
    assert default["metadata"]["rights"] == [{"id": "cc-by-4.0"}]
    assert default["metadata"]["creators"] == []
    assert default["access"]["record"] == default["access"]["files"] == "public"
    assert set(errors(default)) == {"metadata.title", "metadata.creators"}


def test_merging_prefers_the_first_source_and_fills_what_it_left_empty():
    citation = {
        "metadata": {
            "title": "From CITATION.cff",
            "creators": [{"person_or_org": {"type": "personal", "family_name": "Doe"}}],
            "resource_type": {"id": "software"},
        }
    }
    last = {
        "metadata": {
            "title": "Old title",
            "creators": [{"person_or_org": {"type": "personal", "family_name": "Roe"}}],
            "subjects": [{"subject": "higgs"}],
            "rights": [{"id": "mit"}],
        },
        "access": {"record": "public", "files": "restricted"},
    }
    merged = merge_deposits(citation, last, default_deposit(TODAY))
    metadata = merged["metadata"]
    assert metadata["title"] == "From CITATION.cff"
    assert [c["person_or_org"]["family_name"] for c in metadata["creators"]] == ["Doe"]
    assert metadata["resource_type"] == {"id": "software"}
    assert metadata["subjects"] == [{"subject": "higgs"}]
    assert metadata["rights"] == [{"id": "mit"}]
    assert metadata["publication_date"] == "2026-11-22"
    assert merged["access"] == {"record": "public", "files": "restricted"}
    assert merged["files"] == {"enabled": True}
    assert merge_deposits({"metadata": {"title": ""}}, {"metadata": {"title": "x"}}) == {
        "metadata": {"title": "x"}
    }


def test_merging_does_not_share_nested_values_with_its_sources():
    source = default_deposit(TODAY)
    merged = merge_deposits(source)
    merged["metadata"]["rights"].append({"id": "mit"})
    assert source["metadata"]["rights"] == [{"id": "cc-by-4.0"}]


def test_descriptions_read_as_plain_text():
    html = "<p>Four <b>lepton</b> events &amp; more.</p><p>Second<br>line</p>"
    assert plain_text(html) == "Four lepton events & more.\nSecond\nline"
    assert plain_text("just text") == "just text"
