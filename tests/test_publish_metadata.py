"""The rules of a deposit (`vre_lab.zenodo.metadata`): the rules of docs/publishing.md, each
field's error where the form shows it, and a validator that never raises on any JSON. The
vocabularies and identifiers are test_publish_identifiers.py, the normal form and records
test_publish_normalform.py, the one schema of the server and the browser
test_publish_schema.py."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.publish_deposit import DEPOSIT, DEPOSIT_LIKE, JSON, TODAY, deposit, errors, warnings
from vre_lab.zenodo.metadata import (
    validate_deposit,
)

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


@settings(max_examples=150, deadline=None)
@given(st.one_of(JSON, DEPOSIT_LIKE))
def test_validation_never_raises_on_any_json(value):
    result = validate_deposit(value, today=TODAY).to_json()
    assert result["valid"] == (result["errors"] == [])
    assert all(isinstance(e["field"], str) and e["message"] for e in result["errors"])
