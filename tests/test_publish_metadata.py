"""The deposit of the Publish form (`vre_lab.zenodo.metadata`, `vre_lab.zenodo.vocabularies`):
the rules of docs/publishing.md, each field's error where the form shows it, a validator that
never raises on any JSON, the normal form sent to InvenioRDM, and records turned back into
deposits."""

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import publish_examples as examples
from tests.invenio_double import validation as invenio_schema
from vre_lab.zenodo import validation
from vre_lab.zenodo.metadata import (
    default_deposit,
    deposit_from_record,
    draft_body,
    identifier_is_valid,
    merge_deposits,
    normalise_deposit,
    normalise_orcid,
    orcid_is_valid,
    plain_text,
    validate_deposit,
)
from vre_lab.zenodo.vocabularies import (
    PERSON_OR_ORG_SCHEMES,
    SPDX_IDS,
    VOCABULARIES,
    ids,
    license_id,
)

TODAY = date(2026, 11, 22)

DEPOSIT = {
    "metadata": {
        "resource_type": {"id": "dataset"},
        "title": "Higgs to four leptons: invariant mass",
        "publication_date": "2026-11-22",
        "creators": [
            examples.creator(examples.jane_doe(), "CERN"),
            examples.escape(),
        ],
        "contributors": [examples.curator("A", "B")],
        "description": "<p>Four-lepton events.</p>",
        "rights": [{"id": "cc-by-4.0"}],
        "subjects": [{"subject": "higgs"}, {"subject": "open data"}],
        "related_identifiers": [
            {
                "identifier": "urn:rucio:demo:higgs-open-data",
                "scheme": "urn",
                "relation_type": {"id": "isderivedfrom"},
                "resource_type": {"id": "dataset"},
            }
        ],
        "version": "v1",
    },
    "access": {
        "record": "public",
        "files": "public",
        "embargo": {"active": False, "until": None, "reason": None},
    },
    "communities": ["escape-ossr"],
}


def deposit(**changes) -> dict:
    """The example deposit with `changes` at dotted paths (`metadata.title="x"`, None deletes)."""
    result = copy.deepcopy(DEPOSIT)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = result
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is None:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return result


def errors(value, **options) -> dict[str, str]:
    return {e.field: e.message for e in validate_deposit(value, today=TODAY, **options).errors}


def warnings(value, **options) -> set[str]:
    return {w.field for w in validate_deposit(value, today=TODAY, **options).warnings}


# ---------------------------------------------------------------------------------------------
# vocabularies


def test_every_vocabulary_is_a_list_of_ids_with_titles():
    assert set(VOCABULARIES) == {
        "resource_types",
        "licenses",
        "roles",
        "relation_types",
        "identifier_schemes",
    }
    for entries in VOCABULARIES.values():
        assert entries
        assert all(set(entry) == {"id", "title"} and entry["title"] for entry in entries)
        assert len({entry["id"] for entry in entries}) == len(entries)


def test_vocabularies_hold_invenio_rdm_default_ids():
    assert {"dataset", "software", "publication-article", "image-figure", "workflow", "other"} <= (
        ids("resource_types")
    )
    assert {"cc-by-4.0", "cc0-1.0", "mit", "apache-2.0", "bsd-3-clause", "gpl-3.0-or-later"} <= (
        ids("licenses")
    )
    assert 20 <= len(ids("licenses")) <= 45
    assert all(id_ == id_.lower() for id_ in ids("licenses"))
    assert {"datacurator", "contactperson", "researcher", "other"} <= ids("roles")
    assert {"isderivedfrom", "cites", "issupplementto", "isnewversionof"} <= ids("relation_types")
    assert {"ark", "arxiv", "ads", "doi", "handle", "isbn", "issn", "url", "urn", "w3id"} <= (
        ids("identifier_schemes")
    )


def test_subtypes_are_titled_with_their_type_so_the_others_differ():
    titles = {entry["id"]: entry["title"] for entry in VOCABULARIES["resource_types"]}
    assert titles["image-other"] == "Image: Other"
    assert titles["publication-article"] == "Publication: Journal article"
    assert titles["dataset"] == "Dataset"


def test_licenses_keep_their_spdx_spelling():
    assert SPDX_IDS["cc-by-4.0"] == "CC-BY-4.0"
    assert SPDX_IDS["apache-2.0"] == "Apache-2.0"
    assert license_id("Apache-2.0") == "apache-2.0"
    assert license_id(" MIT ") == "mit"
    assert license_id("Proprietary") is None


# ---------------------------------------------------------------------------------------------
# identifiers


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
)
def test_valid_orcids(orcid):
    assert orcid_is_valid(orcid)
    assert orcid_is_valid(f"https://orcid.org/{orcid}")
    assert normalise_orcid(f"https://orcid.org/{orcid}") == orcid


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-0098",  # wrong check digit
        "0000-0002-1694-2330",  # X expected
        "0000-0002-1825-009",  # too short
        "0000-0002-1825-00977",  # too long
        "0000-0001-2146-438X",  # a valid ISNI, but not from ORCID's blocks
        "orcid:0000-0002-1825-0097",
        "",
        "Jane Doe",
        None,
        21825009,
    ],
)
def test_invalid_orcids(orcid):
    assert not orcid_is_valid(orcid)


def test_orcids_are_normalised_to_the_bare_dashed_form():
    assert normalise_orcid(" http://orcid.org/0000-0002-1694-233x/ ") == "0000-0002-1694-233X"
    assert normalise_orcid("0000000218250097") == "0000-0002-1825-0097"
    assert normalise_orcid(" not an orcid ") == "not an orcid"


@pytest.mark.parametrize(
    ("scheme", "identifier"),
    [
        ("doi", "10.5281/zenodo.1234"),
        ("doi", "https://doi.org/10.1000/xyz-1"),
        ("doi", "doi:10.1000/x"),
        ("url", "https://opendata.cern.ch/record/5500"),
        ("url", "ftp://ftp.example.org/data"),
        ("urn", "urn:rucio:demo:higgs-open-data"),
        ("arxiv", "2101.01234"),
        ("arxiv", "arXiv:2101.01234v2"),
        ("arxiv", "hep-ph/0101001"),
        ("handle", "20.500.12345/abc"),
        ("handle", "hdl:1234/5678"),
        ("isbn", "978-3-16-148410-0"),
        ("isbn", "0-306-40615-2"),
        ("issn", "0317-8471"),
        ("eissn", "2049-3630"),
        ("lissn", "0317-8471"),
        ("ean13", "4006381333931"),
        ("isni", "0000 0001 2146 438X"),
        ("orcid", "0000-0002-1825-0097"),
        ("ror", "01ggx4157"),
        ("ror", "https://ror.org/01ggx4157"),
        ("gnd", "4022153-2"),
        ("pmid", "12345678"),
        ("lsid", "urn:lsid:ubio.org:namebank:11815"),
        ("purl", "http://purl.org/dc/terms/title"),
        ("ark", "ark:/13030/tf5p30086k"),
        ("ads", "2019ApJ...882L..24A"),
        ("wikidata", "Q42"),
        ("istc", "0A9-2002-12B4A105-7"),
        ("igsn", "IECUR0097"),
        ("w3id", "https://w3id.org/ro/crate"),
        ("other", "anything at all"),
    ],
)
def test_identifiers_of_the_right_form(scheme, identifier):
    assert identifier_is_valid(scheme, identifier)


@pytest.mark.parametrize(
    ("scheme", "identifier"),
    [
        ("doi", "11.1000/x"),
        ("doi", "10.5281"),
        ("doi", "zenodo.1234"),
        ("url", "opendata.cern.ch/record/5500"),
        ("url", "https://exa mple.org"),
        ("urn", "rucio:demo:higgs"),
        ("arxiv", "1234"),
        ("handle", "no-handle"),
        ("isbn", "0-306-40615-3"),
        ("issn", "0317-8472"),
        ("ean13", "4006381333932"),
        ("ror", "1ggx4157"),
        ("purl", "https://example.org/x"),
        ("wikidata", "P31"),
        ("other", " "),
        ("bibcode", "2019ApJ...882L..24A"),  # the scheme's id is "ads"
        ("doi", None),
        (None, "10.5281/zenodo.1234"),
    ],
)
def test_identifiers_of_the_wrong_form(scheme, identifier):
    assert not identifier_is_valid(scheme, identifier)


def test_every_scheme_of_the_vocabulary_can_be_checked():
    for scheme in ids("identifier_schemes"):
        identifier_is_valid(scheme, "10.5281/zenodo.1234")  # no KeyError


# ---------------------------------------------------------------------------------------------
# validation: required fields


def test_the_documented_example_is_valid_without_warnings():
    validation = validate_deposit(DEPOSIT, today=TODAY, require_description=True)
    assert validation.to_json() == {"valid": True, "errors": [], "warnings": []}


def test_an_empty_deposit_names_every_required_field():
    assert errors({}) == {
        "metadata.resource_type.id": "Choose a resource type.",
        "metadata.title": "A title is required.",
        "metadata.publication_date": "A publication date is required.",
        "metadata.creators": "Add at least one creator.",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"metadata__resource_type": None}, "metadata.resource_type.id"),
        ({"metadata__resource_type": {"id": ""}}, "metadata.resource_type.id"),
        ({"metadata__resource_type": {"id": "journal"}}, "metadata.resource_type.id"),
        ({"metadata__title": "   "}, "metadata.title"),
        ({"metadata__title": "Hi"}, "metadata.title"),
        ({"metadata__publication_date": None}, "metadata.publication_date"),
        ({"metadata__publication_date": "22.11.2026"}, "metadata.publication_date"),
        ({"metadata__publication_date": "2026-02-30"}, "metadata.publication_date"),
        ({"metadata__publication_date": "2026-13"}, "metadata.publication_date"),
        ({"metadata__creators": []}, "metadata.creators"),
        ({"metadata__version": "v" * 192}, "metadata.version"),
    ],
)
def test_each_required_field(change, field):
    assert field in errors(deposit(**change))


@pytest.mark.parametrize("published", ["2026", "2026-11", "2026-11-22", "2024-02-29"])
def test_publication_dates_may_be_a_year_a_month_or_a_day(published):
    assert errors(deposit(metadata__publication_date=published)) == {}


def test_zenodo_requires_a_description_and_others_only_warn():
    no_description = deposit(metadata__description=None)
    assert errors(no_description, require_description=True) == {
        "metadata.description": "This repository needs a description."
    }
    assert errors(no_description) == {}
    assert "metadata.description" in warnings(no_description)
    assert "metadata.description" in errors(deposit(metadata__description="ok"))


# ---------------------------------------------------------------------------------------------
# validation: creators and contributors

CREATOR = "metadata.creators.0"
WHO = f"{CREATOR}.person_or_org"


def test_a_person_needs_a_family_name_but_no_given_name():
    assert errors(deposit(metadata__creators__0__person_or_org__family_name="")) == {
        f"{WHO}.family_name": "The family name is required."
    }
    assert errors(deposit(metadata__creators__0__person_or_org__given_name=None)) == {}


def test_an_organisation_needs_a_name():
    ror = [{"scheme": "ror", "identifier": "01ggx4157"}]
    creator = {"person_or_org": {"type": "organizational", "name": " ", "identifiers": ror}}
    assert errors(deposit(metadata__creators__1=creator)) == {
        "metadata.creators.1.person_or_org.name": "The name is required."
    }


def test_the_kind_of_creator_must_be_personal_or_organizational():
    found = errors(deposit(metadata__creators__0__person_or_org__type="robot"))
    assert found == {f"{WHO}.type": "Choose 'personal' or 'organizational'."}


def test_an_empty_row_is_no_creator():
    empty = {"person_or_org": {"type": "personal", "given_name": "", "family_name": " "}}
    assert errors(deposit(metadata__creators=[*DEPOSIT["metadata"]["creators"], empty])) == {}
    assert errors(deposit(metadata__creators=[empty])) == {
        "metadata.creators": "Add at least one creator."
    }


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0098", "1234", "https://orcid.org/x"])
def test_orcids_must_carry_a_valid_checksum(orcid):
    path = f"{WHO}.identifiers.0.identifier"
    found = errors(deposit(metadata__creators__0__person_or_org__identifiers__0__identifier=orcid))
    assert set(found) == {path}
    assert "ORCID" in found[path]


def test_an_orcid_may_be_given_as_its_url():
    url = "https://orcid.org/0000-0002-1825-0097"
    assert (
        errors(deposit(metadata__creators__0__person_or_org__identifiers__0__identifier=url)) == {}
    )


def test_people_and_organisations_take_orcid_isni_gnd_and_ror_only():
    identifiers = [
        {"scheme": "ror", "identifier": "01ggx4157"},
        {"scheme": "ror", "identifier": "CERN"},
        {"scheme": "doi", "identifier": "10.5281/zenodo.1"},
        {"scheme": "orcid", "identifier": ""},  # an empty row
    ]
    found = errors(deposit(metadata__creators__0__person_or_org__identifiers=identifiers))
    assert set(found) == {f"{WHO}.identifiers.1.identifier", f"{WHO}.identifiers.2.scheme"}
    assert "ROR" in found[f"{WHO}.identifiers.1.identifier"]


def test_affiliations_need_a_name_or_an_id_and_differ():
    affiliations = [{"name": "CERN"}, {"id": "01ggx4157"}, {"name": "cern"}, {"name": ""}]
    assert errors(deposit(metadata__creators__0__affiliations=affiliations)) == {
        f"{CREATOR}.affiliations.2.name": "'cern' is named twice."
    }


def test_contributors_need_a_known_role_and_creators_may_have_one():
    assert errors(deposit(metadata__contributors__0__role=None)) == {
        "metadata.contributors.0.role.id": "Choose a role."
    }
    assert "metadata.contributors.0.role.id" in errors(
        deposit(metadata__contributors__0__role={"id": "boss"})
    )
    assert errors(deposit(metadata__creators__0__role={"id": "researcher"})) == {}


# ---------------------------------------------------------------------------------------------
# validation: license, keywords, related works


def test_licenses_come_from_the_vocabulary():
    assert errors(deposit(metadata__rights=[{"id": "CC-BY-4.0"}])) == {
        "metadata.rights.0.id": "'CC-BY-4.0' is not a known license."
    }


def test_open_files_without_license_warn():
    assert "metadata.rights" in warnings(deposit(metadata__rights=[]))
    restricted = deposit(metadata__rights=[], access__files="restricted")
    assert "metadata.rights" not in warnings(restricted)


def test_keywords_are_not_blank_nor_repeated():
    subjects = [
        {"subject": "higgs"},
        {"subject": "Higgs "},
        {"subject": ""},
        {"id": "euroscivoc:1"},
    ]
    assert errors(deposit(metadata__subjects=subjects)) == {
        "metadata.subjects.1.subject": "'Higgs' is there twice."
    }
    assert "metadata.subjects" in warnings(deposit(metadata__subjects=None))


def test_controlled_subjects_are_given_by_id():
    subjects = [{"id": "euroscivoc:1"}, {"id": "euroscivoc:2"}, {"id": "euroscivoc:1"}]
    assert errors(deposit(metadata__subjects=subjects)) == {
        "metadata.subjects.2.subject": "'euroscivoc:1' is there twice."
    }


def test_related_identifiers_need_a_known_scheme_a_matching_form_and_a_relation():
    related = "metadata.related_identifiers.0"
    checks = {
        "scheme": ("bibcode", f"{related}.scheme"),
        "identifier": ("not-a-urn", f"{related}.identifier"),
        "relation_type": ({"id": "likes"}, f"{related}.relation_type.id"),
        "resource_type": ({"id": "thing"}, f"{related}.resource_type.id"),
    }
    for key, (value, field) in checks.items():
        found = errors(deposit(**{f"metadata__related_identifiers__0__{key}": value}))
        assert set(found) == {field}, key
    found = errors(deposit(metadata__related_identifiers__0__relation_type=None))
    assert found == {f"{related}.relation_type.id": "Choose how it is related."}


def test_a_doi_related_identifier_is_checked_as_a_doi():
    doi = {"identifier": "10.5281/zenodo.1", "scheme": "doi", "relation_type": {"id": "cites"}}
    assert errors(deposit(metadata__related_identifiers=[doi])) == {}
    doi["identifier"] = "https://example.org/paper"
    assert set(errors(deposit(metadata__related_identifiers=[doi]))) == {
        "metadata.related_identifiers.0.identifier"
    }


# ---------------------------------------------------------------------------------------------
# validation: access


def test_access_is_public_or_restricted():
    assert errors(deposit(access__record="private")) == {
        "access.record": "Must be 'public' or 'restricted'."
    }
    assert errors(deposit(access=None)) == {}  # open by default


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("2026-11-23", None),
        ("2030-01-01", None),
        ("2026-11-22", "The embargo must end after today."),
        ("2020-01-01", "The embargo must end after today."),
        (None, "Give the day the embargo ends (YYYY-MM-DD)."),
        ("2027", "Give the day the embargo ends (YYYY-MM-DD)."),
        ("2027-02-30", "Give the day the embargo ends (YYYY-MM-DD)."),
    ],
)
def test_an_active_embargo_ends_after_today(until, message):
    embargo = {"active": True, "until": until, "reason": "thesis defence"}
    found = errors(deposit(access__files="restricted", access__embargo=embargo))
    assert found == ({"access.embargo.until": message} if message else {})


def test_an_inactive_embargo_date_is_ignored():
    embargo = {"active": False, "until": "2020-01-01"}
    assert errors(deposit(access__embargo=embargo)) == {}


# ---------------------------------------------------------------------------------------------
# validation: any JSON


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ([], ""),
        ({"metadata": "x"}, "metadata"),
        ({"metadata": {**DEPOSIT["metadata"], "title": 3}}, "metadata.title"),
        ({"metadata": {**DEPOSIT["metadata"], "creators": {"a": 1}}}, "metadata.creators"),
        ({"metadata": {**DEPOSIT["metadata"], "creators": ["Doe"]}}, "metadata.creators.0"),
        (
            {"metadata": {**DEPOSIT["metadata"], "resource_type": "dataset"}},
            "metadata.resource_type",
        ),
        ({**DEPOSIT, "access": {"embargo": {"active": "yes"}}}, "access.embargo.active"),
        ({**DEPOSIT, "communities": "escape"}, "communities"),
        ({**DEPOSIT, "files": {"enabled": "no"}}, "files.enabled"),
    ],
)
def test_wrong_types_are_errors_at_their_place(value, field):
    assert field in errors(value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "metadata",
        "access",
        "files",
        "communities",
        "resource_type",
        "id",
        "title",
        "creators",
        "person_or_org",
        "type",
        "family_name",
        "identifiers",
        "scheme",
        "identifier",
        "role",
        "affiliations",
        "name",
        "rights",
        "subjects",
        "subject",
        "related_identifiers",
        "relation_type",
        "embargo",
        "active",
        "until",
        "description",
        "publication_date",
        "0",
    ]
)
# JSON whose keys are mostly the deposit's own, so the checks get deep
DEPOSIT_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        ["personal", "organizational", "orcid", "doi", "dataset", "public", "2026-01-01"]
    ),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(JSON, DEPOSIT_LIKE))
def test_validation_never_raises_on_any_json(value):
    result = validate_deposit(value, today=TODAY).to_json()
    assert result["valid"] == (result["errors"] == [])
    assert all(isinstance(e["field"], str) and e["message"] for e in result["errors"])


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


# ---------------------------------------------------------------------------------------------
# one schema: the server's rules are the browser's


def test_the_server_and_the_browser_read_the_same_schema_file():
    """validation.py reads the schema the package ships; validate.ts imports that very file."""
    shipped = Path(validation.__file__).with_name(validation.SCHEMA_FILE)
    assert json.loads(shipped.read_text("utf-8")) == validation.SCHEMA
    browser = Path(__file__).parents[1] / "src" / "zenodo" / "validate.ts"
    imported = re.search(r"from '([^']+deposit\.schema\.json)'", browser.read_text("utf-8"))
    assert imported, "validate.ts imports the deposit schema"
    assert (browser.parent / imported[1]).resolve() == shipped.resolve()


def test_the_schema_names_the_identifiers_of_people_and_organisations():
    person = validation.SCHEMA["definitions"]["personOrOrg"]["properties"]["identifiers"]["items"]
    assert tuple(person["properties"]["scheme"]["enum"]) == PERSON_OR_ORG_SCHEMES


def test_each_identifier_form_of_the_schema_accepts_what_idutils_accepts():
    """The forms people see first are never stricter than the exact check that follows."""
    examples = {
        "orcid": ["0000-0002-1825-0097", "https://orcid.org/0000-0002-1694-233x"],
        "ror": ["01ggx4157", "https://ror.org/01ggx4157"],
        "doi": ["10.5281/zenodo.1234", "https://doi.org/10.1000/xyz-1", "doi:10.1000/x"],
        "url": ["https://opendata.cern.ch/record/5500", "ftp://ftp.example.org/data"],
        "urn": ["urn:rucio:demo:higgs-open-data"],
        "arxiv": ["2101.01234", "arXiv:2101.01234v2", "hep-ph/0101001"],
        "handle": ["20.500.12345/abc", "hdl:1234/5678"],
        "isbn": ["978-3-16-148410-0", "0-306-40615-2"],
        "issn": ["0317-8471"],
    }
    forms = validation.identifier_forms()
    assert set(forms) == set(examples)
    for scheme, identifiers in examples.items():
        for identifier in identifiers:
            assert identifier_is_valid(scheme, identifier), (scheme, identifier)
            assert forms[scheme].search(identifier), (scheme, identifier)


CASES = json.loads((Path(__file__).parent / "deposit_cases.json").read_text("utf-8"))


def case_deposit(case: dict) -> dict:
    """The base deposit with the case's `metadata` and `access` keys (None: removed)."""
    result = copy.deepcopy(CASES["base"])
    for part in ("metadata", "access"):
        for key, value in case.get(part, {}).items():
            if value is None:
                result[part].pop(key, None)
            else:
                result[part][key] = value
    return result


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["name"])
def test_the_shared_cases_give_what_the_browser_finds_too(case):
    """src/__tests__/publish-validate.spec.ts runs the same cases through ajv."""
    found = validate_deposit(
        case_deposit(case),
        require_description=case.get("kind") == "zenodo",
        today=date.fromisoformat(CASES["today"]),
    )
    assert {e.field: e.message for e in found.errors} == case["errors"]
    assert sorted(w.field for w in found.warnings) == sorted(case["warnings"])
