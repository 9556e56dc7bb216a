"""CITATION.cff and codemeta.json prefill the Publish form (`vre_lab.zenodo.citation`): what they
say becomes deposit fields, a broken file gives what is readable and names its problems, the
nearest file wins. After publishing, the DOI written into CITATION.cff is
test_publish_citation_write.py."""

import json
from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests import publish_examples as examples
from tests.publish_citation_files import CITATION_CFF, YAML_VALUES, write
from vre_lab.zenodo.citation import (
    prefill,
    read_citation_cff,
    read_codemeta,
)
from vre_lab.zenodo.metadata import default_deposit, merge_deposits, validate_deposit

CODEMETA = {
    "@context": "https://doi.org/10.5063/schema/codemeta-2.0",
    "@type": "SoftwareSourceCode",
    "name": "hzz-tools",
    "description": "Tools for the four-lepton analysis.",
    "author": [
        {
            "@type": "Person",
            "@id": "https://orcid.org/0000-0001-5109-3700",
            "givenName": "Ann",
            "familyName": "Roe",
            "affiliation": {"@type": "Organization", "name": "DESY"},
        },
        {"@type": "Person", "name": "Bo Lee"},
        {"@type": "Organization", "name": "ESCAPE"},
    ],
    "contributor": {"@type": "Person", "givenName": "Cy", "familyName": "Poe"},
    "license": "https://spdx.org/licenses/MIT",
    "keywords": "higgs, jets",
    "version": "2.0",
    "datePublished": "2025-01-15",
    "identifier": "https://doi.org/10.5281/zenodo.42",
    "codeRepository": "https://gitlab.cern.ch/example/hzz-tools",
}


# ---------------------------------------------------------------------------------------------
# CITATION.cff


def test_a_citation_cff_fills_the_deposit(tmp_path):
    fragment, problems = read_citation_cff(write(tmp_path / "CITATION.cff", CITATION_CFF))
    assert problems == []
    metadata = fragment["metadata"]
    assert metadata["resource_type"] == {"id": "software"}
    assert metadata["title"] == "hzz-analysis"
    assert metadata["description"] == "Four-lepton invariant mass analysis of CMS open data."
    jane, guido, escape = metadata["creators"]
    assert jane == examples.creator(examples.jane_doe(), "CERN")
    assert guido["person_or_org"]["family_name"] == "van Rossum"
    assert escape == {
        "person_or_org": {"type": "organizational", "name": "The ESCAPE Collaboration"}
    }
    assert metadata["subjects"] == [{"subject": "higgs"}, {"subject": "open data"}]
    assert metadata["rights"] == [{"id": "apache-2.0"}]
    assert metadata["version"] == "1.2.0"
    assert metadata["publication_date"] == "2024-03-01"
    assert metadata["related_identifiers"] == [
        {
            "identifier": "10.5281/zenodo.1003150",
            "scheme": "doi",
            "relation_type": {"id": "isversionof"},
        },
        {
            "identifier": "10.5281/zenodo.1003149",
            "scheme": "doi",
            "relation_type": {"id": "isversionof"},
        },
        {
            "identifier": "https://github.com/example/hzz-analysis",
            "scheme": "url",
            "relation_type": {"id": "issupplementto"},
            "resource_type": {"id": "software"},
        },
    ]


def test_a_cff_dataset_is_a_dataset_and_numbers_read_as_text(tmp_path):
    cff = write(tmp_path / "CITATION.cff", "type: dataset\ntitle: 2024\nversion: 1.0\n")
    fragment, problems = read_citation_cff(cff)
    assert problems == []
    assert fragment["metadata"] == {
        "resource_type": {"id": "dataset"},
        "title": "2024",
        "version": "1.0",
    }


def test_what_a_citation_file_says_is_a_valid_deposit_once_completed(tmp_path):
    fragment, _ = read_citation_cff(write(tmp_path / "CITATION.cff", CITATION_CFF))
    deposit = merge_deposits(fragment, default_deposit(date(2026, 11, 22)))
    assert validate_deposit(deposit, today=date(2026, 11, 22)).errors == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("title: [unclosed\n", "not valid YAML (line 2)"),
        ("- just\n- a list\n", "does not hold a mapping"),
        ("", "does not hold a mapping"),
        ("title: x\n\tbad: tab\n", "not valid YAML"),
    ],
)
def test_an_unreadable_citation_cff_gives_nothing_and_says_why(tmp_path, text, problem):
    fragment, problems = read_citation_cff(write(tmp_path / "CITATION.cff", text))
    assert fragment == {}
    assert len(problems) == 1
    assert problem in problems[0]


def test_a_partly_broken_citation_cff_gives_what_is_readable(tmp_path):
    cff = write(
        tmp_path / "CITATION.cff",
        """\
        title: Still readable
        authors:
          - just a string
          - family-names: Doe
            orcid: https://orcid.org/0000-0002-1825-0098
          - email: nobody@example.org
          - given-names: Plato
        license: Proprietary-1.0
        date-released: 1st of May
        repository-code: not a url
        keywords: single
        """,
    )
    fragment, problems = read_citation_cff(cff)
    metadata = fragment["metadata"]
    assert metadata["title"] == "Still readable"
    doe, plato = metadata["creators"]
    assert "identifiers" not in doe["person_or_org"]  # its ORCID's checksum is wrong
    assert plato["person_or_org"]["family_name"] == "Plato"
    assert metadata["subjects"] == [{"subject": "single"}]
    assert "rights" not in metadata
    assert "publication_date" not in metadata
    assert "related_identifiers" not in metadata
    assert len(problems) == 6
    assert any("0000-0002-1825-0098" in p for p in problems)
    assert any("Proprietary-1.0" in p for p in problems)


def test_a_binary_or_huge_file_is_a_problem_not_a_crash(tmp_path):
    binary = tmp_path / "a" / "CITATION.cff"
    binary.parent.mkdir()
    binary.write_bytes(b"\xff\xfe\x00title")
    assert read_citation_cff(binary)[0] == {}
    huge = tmp_path / "CITATION.cff"
    huge.write_text("title: x\n" + "#" * 2_000_000)
    fragment, problems = read_citation_cff(huge)
    assert fragment == {}
    assert "too large" in problems[0]
    assert read_citation_cff(tmp_path / "missing.cff")[1]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(YAML_VALUES)
def test_reading_never_raises_on_any_content(tmp_path, value):
    cff = tmp_path / "CITATION.cff"
    cff.write_text(yaml.safe_dump(value))
    fragment, problems = read_citation_cff(cff)
    assert isinstance(fragment, dict)
    assert isinstance(problems, list)
    codemeta = tmp_path / "codemeta.json"
    codemeta.write_text(json.dumps(value, default=str).replace('"authors"', '"author"'))
    fragment, problems = read_codemeta(codemeta)
    assert isinstance(fragment, dict)
    assert isinstance(problems, list)


# ---------------------------------------------------------------------------------------------
# codemeta.json


def test_a_codemeta_file_fills_the_deposit(tmp_path):
    fragment, problems = read_codemeta(write(tmp_path / "codemeta.json", CODEMETA))
    assert problems == []
    metadata = fragment["metadata"]
    assert metadata["resource_type"] == {"id": "software"}
    assert metadata["title"] == "hzz-tools"
    assert metadata["description"] == "Tools for the four-lepton analysis."
    ann, bo, escape = metadata["creators"]
    assert ann["person_or_org"]["identifiers"] == [
        {"scheme": "orcid", "identifier": "0000-0001-5109-3700"}
    ]
    assert ann["affiliations"] == [{"name": "DESY"}]
    assert (bo["person_or_org"]["family_name"], bo["person_or_org"]["given_name"]) == ("Lee", "Bo")
    assert escape["person_or_org"] == {"type": "organizational", "name": "ESCAPE"}
    assert metadata["contributors"] == [
        {
            "person_or_org": {"type": "personal", "given_name": "Cy", "family_name": "Poe"},
            "role": {"id": "other"},
        }
    ]
    assert metadata["rights"] == [{"id": "mit"}]
    assert metadata["subjects"] == [{"subject": "higgs"}, {"subject": "jets"}]
    assert metadata["version"] == "2.0"
    assert metadata["publication_date"] == "2025-01-15"
    related = {(r["identifier"], r["relation_type"]["id"]) for r in metadata["related_identifiers"]}
    assert related == {
        ("10.5281/zenodo.42", "isversionof"),
        ("https://gitlab.cern.ch/example/hzz-tools", "issupplementto"),
    }


@pytest.mark.parametrize(
    ("license_", "expected"),
    [
        ("MIT", [{"id": "mit"}]),
        ("http://spdx.org/licenses/Apache-2.0.html", [{"id": "apache-2.0"}]),
        ({"@id": "https://spdx.org/licenses/CC-BY-4.0"}, [{"id": "cc-by-4.0"}]),
        (
            ["https://spdx.org/licenses/MIT", "GPL-3.0-or-later"],
            [{"id": "mit"}, {"id": "gpl-3.0-or-later"}],
        ),
    ],
)
def test_codemeta_licenses_in_their_several_spellings(tmp_path, license_, expected):
    fragment, _ = read_codemeta(write(tmp_path / "codemeta.json", {"license": license_}))
    assert fragment["metadata"]["rights"] == expected


def test_codemeta_keywords_may_be_defined_terms(tmp_path):
    keywords = [{"@type": "DefinedTerm", "name": "higgs"}, "jets"]
    fragment, _ = read_codemeta(write(tmp_path / "codemeta.json", {"keywords": keywords}))
    assert fragment["metadata"]["subjects"] == [{"subject": "higgs"}, {"subject": "jets"}]


@pytest.mark.parametrize(
    ("content", "problem"),
    [("{not json", "not valid JSON"), ("[1, 2]", "does not hold a JSON object")],
)
def test_an_unreadable_codemeta_file_gives_nothing_and_says_why(tmp_path, content, problem):
    path = tmp_path / "codemeta.json"
    path.write_text(content)
    fragment, problems = read_codemeta(path)
    assert fragment == {}
    assert problem in problems[0]


# ---------------------------------------------------------------------------------------------
# prefill: which files, in which order


@pytest.fixture
def workspace(tmp_path):
    write(tmp_path / "CITATION.cff", "title: Workspace\nversion: '9'\nlicense: MIT\n")
    write(tmp_path / "analysis" / "codemeta.json", {"name": "Analysis", "version": "1"})
    write(tmp_path / "analysis" / "fit" / "fit.py", "print('fit')\n")
    write(tmp_path / "notes" / "CITATION.cff", "title: Notes\nkeywords: [notes]\n")
    return tmp_path


def test_prefill_reads_the_chosen_folder_then_its_parents_nearest_first(workspace):
    fragment, sources = prefill(workspace, ["analysis/fit/fit.py"])
    assert sources == ["analysis/codemeta.json", "CITATION.cff"]
    metadata = fragment["metadata"]
    assert metadata["title"] == "Analysis"  # the nearer file wins
    assert metadata["version"] == "1"
    assert metadata["rights"] == [{"id": "mit"}]  # what it did not say comes from further up


def test_prefill_with_several_paths_reads_each_folder_before_any_parent(workspace):
    fragment, sources = prefill(workspace, ["analysis", "notes/"])
    assert sources == ["analysis/codemeta.json", "notes/CITATION.cff", "CITATION.cff"]
    assert fragment["metadata"]["title"] == "Analysis"
    assert fragment["metadata"]["subjects"] == [{"subject": "notes"}]


def test_prefill_without_paths_reads_the_root_and_without_files_gives_nothing(workspace, tmp_path):
    assert prefill(workspace, [])[1] == ["CITATION.cff"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert prefill(empty, ["."]) == ({}, [])


def test_prefill_stays_inside_the_root(workspace):
    _, sources = prefill(workspace / "analysis", ["fit"])
    assert sources == ["codemeta.json"]  # not the CITATION.cff above the root


def test_prefill_reads_a_broken_file_as_far_as_it_can(workspace):
    (workspace / "notes" / "CITATION.cff").write_text("title: [broken\n")
    fragment, sources = prefill(workspace, ["notes"])
    assert sources == ["notes/CITATION.cff", "CITATION.cff"]
    assert fragment["metadata"]["title"] == "Workspace"
