"""CITATION.cff and codemeta.json prefill the Publish form (`vre_lab.zenodo.citation`): what they
say becomes deposit fields, a broken file gives what is readable and names its problems, the
nearest file wins; and after publishing, the DOI goes into CITATION.cff without losing anything
the file held."""

import hashlib
import json
import os
import stat
import textwrap
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import publish_examples as examples
from vre_lab.zenodo.citation import (
    prefill,
    read_citation_cff,
    read_codemeta,
    write_doi_to_citation,
)
from vre_lab.zenodo.metadata import default_deposit, merge_deposits, validate_deposit

CITATION_CFF = """\
# a comment the reader ignores
cff-version: 1.2.0
message: If you use this software, please cite it as below.
type: software
title: hzz-analysis
abstract: Four-lepton invariant mass analysis of CMS open data.
authors:
  - family-names: Doe
    given-names: Jane
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: CERN
    email: jane@example.org
  - family-names: Rossum
    name-particle: van
    given-names: Guido
  - name: The ESCAPE Collaboration
keywords:
  - higgs
  - open data
  - Higgs
license: Apache-2.0
version: 1.2.0
date-released: 2024-03-01
doi: 10.5281/zenodo.1003150
identifiers:
  - type: doi
    value: 10.5281/zenodo.1003149
  - type: url
    value: https://example.org/hzz
repository-code: https://github.com/example/hzz-analysis
preferred-citation:
  type: article
  title: The paper
  authors:
    - family-names: Doe
      given-names: Jane
"""

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


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text) if isinstance(text, str) else json.dumps(text))
    return path


def names(creators):
    return [c["person_or_org"].get("name") or c["person_or_org"]["family_name"] for c in creators]


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


YAML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=10)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "authors",
                    "family-names",
                    "given-names",
                    "name",
                    "orcid",
                    "affiliation",
                    "keywords",
                    "license",
                    "version",
                    "date-released",
                    "doi",
                    "identifiers",
                    "type",
                    "value",
                    "repository-code",
                    "abstract",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


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


# ---------------------------------------------------------------------------------------------
# the DOI written back

PUBLISHED = {
    "metadata": {
        "resource_type": {"id": "software"},
        "title": "hzz-analysis",
        "publication_date": "2026-11-22",
        "creators": [
            examples.creator(examples.jane_doe(name="Doe, Jane"), "CERN", "ESCAPE"),
            examples.escape(),
        ],
        "description": "<p>Four-lepton <em>analysis</em>.</p>",
        "rights": [{"id": "apache-2.0"}],
        "subjects": [{"subject": "higgs"}],
        "version": "1.3.0",
    },
    "access": {"record": "public", "files": "public"},
}
DOI = "10.5281/zenodo.2000001"
URL = "https://zenodo.org/records/2000001"

# The official JSON Schema of the Citation File Format 1.2.0 (tests/citation_file_format/README.md)
CFF_SCHEMA_FILE = Path(__file__).parent / "citation_file_format" / "schema-1.2.0.json"
CFF_SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"
CFF_SCHEMA = json.loads(CFF_SCHEMA_FILE.read_text(encoding="utf-8"))


def as_cff_tools_read(value):
    """YAML dates as text: "it is necessary to cast YAML 'date' objects to string objects when
    validating against this schema" (the schema's note to tool implementers)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_cff_tools_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_cff_tools_read(item) for item in value]
    return value


def valid_cff(path) -> dict:
    """The file's content, once checked against the official CFF 1.2.0 schema."""
    data = as_cff_tools_read(yaml.safe_load(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft7Validator(
        CFF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]
    assert errors == [], errors
    return data


def test_the_cff_schema_is_the_official_one_unchanged():
    assert hashlib.sha256(CFF_SCHEMA_FILE.read_bytes()).hexdigest() == CFF_SCHEMA_SHA256
    assert CFF_SCHEMA["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    jsonschema.Draft7Validator.check_schema(CFF_SCHEMA)
    notice = (CFF_SCHEMA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in notice
    assert CFF_SCHEMA_SHA256 in notice


def test_the_example_citation_cff_is_valid_cff(tmp_path):
    valid_cff(write(tmp_path / "CITATION.cff", CITATION_CFF))


def test_a_new_citation_cff_describes_the_published_version(tmp_path):
    path = write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    assert path == tmp_path / "CITATION.cff"
    data = valid_cff(path)
    assert data == {
        "cff-version": "1.2.0",
        "message": "If you use this software, please cite it as below.",
        "type": "software",
        "title": "hzz-analysis",
        "abstract": "Four-lepton analysis.",
        "authors": [
            {
                "family-names": "Doe",
                "given-names": "Jane",
                "affiliation": "CERN; ESCAPE",
                "orcid": "https://orcid.org/0000-0002-1825-0097",
            },
            {"name": "ESCAPE"},
        ],
        "keywords": ["higgs"],
        "license": "Apache-2.0",
        "version": "1.3.0",
        "date-released": "2026-11-22",
        "doi": DOI,
        "identifiers": [
            {"type": "doi", "value": DOI, "description": f"This version, published at {URL}"}
        ],
        "url": URL,
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["CITATION.cff"]  # no temporary file left


def test_updating_keeps_what_the_file_held(tmp_path):
    path = write(tmp_path / "CITATION.cff", CITATION_CFF)
    os.chmod(path, 0o664)
    write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    data = valid_cff(path)
    assert data["preferred-citation"]["title"] == "The paper"  # a key we do not manage
    assert data["repository-code"] == "https://github.com/example/hzz-analysis"
    assert data["url"] == URL  # the file had none
    assert data["doi"] == DOI
    assert data["version"] == "1.3.0"
    assert data["date-released"] == "2026-11-22"
    jane = data["authors"][0]
    assert jane["email"] == "jane@example.org"  # the same person keeps her other keys
    assert jane["affiliation"] == "CERN; ESCAPE"
    assert data["authors"][1] == {"name": "ESCAPE"}
    values = [identifier["value"] for identifier in data["identifiers"]]
    assert values == ["10.5281/zenodo.1003149", "https://example.org/hzz", DOI]
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_writing_twice_does_not_repeat_the_doi(tmp_path):
    write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    path = write_doi_to_citation(tmp_path, PUBLISHED, f"https://doi.org/{DOI}", URL)
    assert yaml.safe_load(path.read_text())["doi"] == DOI
    assert len(yaml.safe_load(path.read_text())["identifiers"]) == 1


def test_what_is_written_reads_back_as_the_same_deposit(tmp_path):
    fragment, problems = read_citation_cff(write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL))
    assert problems == []
    metadata = fragment["metadata"]
    assert metadata["title"] == PUBLISHED["metadata"]["title"]
    assert names(metadata["creators"]) == ["Doe", "ESCAPE"]
    assert metadata["creators"][0]["person_or_org"]["identifiers"][0]["identifier"] == (
        "0000-0002-1825-0097"
    )
    assert metadata["rights"] == [{"id": "apache-2.0"}]
    assert metadata["related_identifiers"][0]["identifier"] == DOI


def test_an_unreadable_citation_cff_is_set_aside_not_lost(tmp_path):
    write(tmp_path / "CITATION.cff", "title: [broken\n")
    path = write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    assert yaml.safe_load(path.read_text())["doi"] == DOI
    assert (tmp_path / "CITATION.cff.bak").read_text() == "title: [broken\n"


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = write(tmp_path / "CITATION.cff", CITATION_CFF)

    def disk_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="disk full"):
        write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    assert path.read_text() == CITATION_CFF
    assert [p.name for p in tmp_path.iterdir()] == ["CITATION.cff"]


def test_several_licenses_are_written_as_the_list_cff_allows(tmp_path):
    deposit = {
        "metadata": {**PUBLISHED["metadata"], "rights": [{"id": "apache-2.0"}, {"id": "mit"}]}
    }
    data = valid_cff(write_doi_to_citation(tmp_path, deposit, DOI, URL))
    assert data["license"] == ["Apache-2.0", "MIT"]


COMMENTED_CFF = """\
# Please cite the analysis with the paper too (see preferred-citation).
title: hzz-analysis  # the repository's name
cff-version: 1.2.0
message: 'Cite it, please.'
authors:
  # the main author first
  - family-names: Doe
    given-names: Jane
    email: jane@example.org  # her CERN address
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: CERN; ESCAPE
  - name: ESCAPE
version: "1.2.0"  # bumped by the release script
date-released: 2024-03-01
repository-code: https://github.com/example/hzz-analysis
"""


def test_an_update_keeps_the_comments_the_order_and_the_quoting_of_the_file(tmp_path):
    path = write(tmp_path / "CITATION.cff", COMMENTED_CFF)
    write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    text = path.read_text()
    valid_cff(path)
    for comment in (
        "# Please cite the analysis with the paper too (see preferred-citation).\n",
        "title: hzz-analysis  # the repository's name\n",
        "  # the main author first\n",
        "    email: jane@example.org  # her CERN address\n",
        "# bumped by the release script",
    ):
        assert comment in text
    assert "message: 'Cite it, please.'\n" in text  # unchanged: as the user quoted it
    assert 'version: "1.3.0"  # bumped by the release script\n' in text  # changed in place
    keys = list(yaml.safe_load(text))
    assert keys[:8] == [
        "title",
        "cff-version",
        "message",
        "authors",
        "version",
        "date-released",
        "repository-code",
        "type",  # the keys the file did not have come after its own
    ]
    assert "\ndate-released: 2026-11-22\n" in text  # not quoted: as the file wrote its date


def test_an_update_that_changes_nothing_leaves_the_file_as_it_was(tmp_path):
    path = write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    annotated = "# written when the record was published\n" + path.read_text().replace(
        "keywords:\n", "keywords:  # Zenodo's subjects\n"
    )
    path.write_text(annotated)
    write_doi_to_citation(tmp_path, PUBLISHED, f"https://doi.org/{DOI}", URL)
    assert path.read_text() == annotated


def test_an_update_keeps_the_indentation_of_the_file(tmp_path):
    path = write(
        tmp_path / "CITATION.cff",
        "cff-version: 1.2.0\nmessage: Cite it.\ntitle: x\nauthors:\n- family-names: Doe\n"
        "  given-names: Jane\nkeywords:\n- higgs\n",
    )
    write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL)
    text = path.read_text()
    assert "authors:\n- family-names: Doe\n  given-names: Jane\n" in text
    assert "keywords:\n- higgs\n" in text
    assert "identifiers:\n- type: doi\n" in text
    valid_cff(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(YAML_VALUES)
def test_writing_over_any_content_keeps_the_keys_it_does_not_manage(tmp_path, value):
    path = tmp_path / "CITATION.cff"
    unknown = yaml.safe_dump({"unknown": value})
    path.write_text("cff-version: 1.2.0\n" + unknown)
    text = write_doi_to_citation(tmp_path, PUBLISHED, DOI, URL).read_text()
    assert yaml.safe_load(text)["doi"] == DOI
    assert yaml.safe_load(text)["unknown"] == value  # a key it does not manage, as it was
