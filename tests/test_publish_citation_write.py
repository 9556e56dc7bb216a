"""After publishing, the DOI goes into CITATION.cff (`vre_lab.zenodo.citation`) without losing
anything the file held: a round trip that keeps comments, order, quoting and indentation, a file
valid against the official CFF 1.2.0 schema, and an unreadable file set aside, not lost."""

import hashlib
import json
import os
import stat
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests import publish_examples as examples
from tests.publish_citation_files import CITATION_CFF, YAML_VALUES, names, write
from vre_lab.zenodo.citation import (
    read_citation_cff,
    write_doi_to_citation,
)

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
