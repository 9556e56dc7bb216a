"""One JSON Schema for a deposit (`vre_lab.zenodo.validation`): the server reads the file the
browser imports (validate.ts, with ajv), its identifier forms accept what idutils accepts, and
the shared cases (deposit_cases.json) give the server the errors the browser finds too."""

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest

from vre_lab.zenodo import validation
from vre_lab.zenodo.metadata import (
    identifier_is_valid,
    validate_deposit,
)
from vre_lab.zenodo.vocabularies import (
    PERSON_OR_ORG_SCHEMES,
)

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
