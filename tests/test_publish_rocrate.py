"""The RO-Crate export (`vre_lab.zenodo.rocrate`): one zip holding the files, an RO-Crate 1.1
`ro-crate-metadata.json` that other RO-Crate tools read, and the deposit itself; streamed with
progress, and never a partial zip that looks complete."""

import json
import zipfile

import pytest

from tests.publish_examples import creator, curator, escape, jane_doe
from vre_lab.core.errors import BadRequest
from vre_lab.core.job_runner import JobCancelled
from vre_lab.zenodo.metadata import normalise_deposit
from vre_lab.zenodo.rocrate import CHUNK, crate_metadata, export_crate

DEPOSIT = normalise_deposit(
    {
        "metadata": {
            "resource_type": {"id": "dataset"},
            "title": "Higgs to four leptons",
            "publication_date": "2026-11-22",
            "creators": [
                creator(jane_doe(), "CERN"),
                {
                    "person_or_org": {
                        "type": "personal",
                        "given_name": "Ann",
                        "family_name": "Roe",
                    },
                    "affiliations": [{"name": "CERN"}],
                },
                escape(),
            ],
            "contributors": [curator(None, "Poe")],
            "description": "<p>Four-lepton <b>events</b>.</p>",
            "rights": [{"id": "cc-by-4.0"}],
            "subjects": [{"subject": "higgs"}, {"subject": "open data"}],
            "related_identifiers": [
                {
                    "identifier": "10.7483/OPENDATA.CMS.JKB8.RR42",
                    "scheme": "doi",
                    "relation_type": {"id": "isderivedfrom"},
                },
                {
                    "identifier": "arXiv:1207.7235",
                    "scheme": "arxiv",
                    "relation_type": {"id": "cites"},
                },
                {
                    "identifier": "https://example.org",
                    "scheme": "url",
                    "relation_type": {"id": "other"},
                },
            ],
            "version": "v1",
        },
        "communities": ["escape-ossr"],
    }
)


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "analysis"
    (folder / "plots").mkdir(parents=True)
    (folder / "fit.py").write_text("print('fit')\n")
    (folder / "analysis.ipynb").write_text("{}")
    (folder / "plots" / "mass plot.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    (folder / "events.root").write_bytes(bytes(2 * CHUNK + 123))  # more than one chunk
    return [
        ("fit.py", folder / "fit.py"),
        ("analysis.ipynb", folder / "analysis.ipynb"),
        ("plots/mass plot.png", folder / "plots" / "mass plot.png"),
        ("events.root", folder / "events.root"),
    ]


def entities(graph: list[dict]) -> dict[str, dict]:
    return {entity["@id"]: entity for entity in graph}


def test_the_crate_holds_the_files_its_metadata_and_the_deposit(tmp_path, files):
    target = tmp_path / "ro-crates" / "higgs.zip"
    result = export_crate(files, DEPOSIT, target, tmp_path)
    size = sum(path.stat().st_size for _, path in files)
    assert result == {"path": str(target), "files": 4, "bytes": size}
    with zipfile.ZipFile(target) as crate:
        assert crate.testzip() is None
        assert sorted(crate.namelist()) == sorted(
            [key for key, _ in files] + ["ro-crate-metadata.json", "deposit.json"]
        )
        for key, path in files:
            assert crate.read(key) == path.read_bytes()
        assert json.loads(crate.read("deposit.json")) == DEPOSIT
        assert crate.getinfo("events.root").compress_type == zipfile.ZIP_STORED
        assert crate.getinfo("fit.py").compress_type == zipfile.ZIP_DEFLATED
    assert [p.name for p in target.parent.iterdir()] == ["higgs.zip"]


def test_other_ro_crate_tools_read_it(tmp_path, files):
    rocrate = pytest.importorskip("rocrate.rocrate")
    target = tmp_path / "higgs.zip"
    export_crate(files, DEPOSIT, target, tmp_path)
    crate = rocrate.ROCrate(target)
    root = crate.root_dataset
    assert root["name"] == "Higgs to four leptons"
    assert root["datePublished"] == "2026-11-22"
    assert root["license"].id == "https://spdx.org/licenses/CC-BY-4.0"
    authors = root["author"]
    assert [a.id for a in authors] == [
        "https://orcid.org/0000-0002-1825-0097",
        "#ann-roe",
        "#org-escape",
    ]
    assert [a.type for a in authors] == ["Person", "Person", "Organization"]
    assert authors[0]["affiliation"]["name"] == "CERN"  # one value, not a list of one
    parts = {entity.id: entity for entity in crate.data_entities}
    assert set(parts) == {
        "fit.py",
        "analysis.ipynb",
        "plots/mass%20plot.png",
        "events.root",
        "deposit.json",
    }
    assert parts["events.root"]["contentSize"] == str(2 * CHUNK + 123)
    assert parts["plots/mass%20plot.png"]["encodingFormat"] == "image/png"
    assert all(entity.type == "File" for entity in parts.values())


def test_the_metadata_is_ro_crate_1_1_json_ld():
    document = crate_metadata([("fit.py", 13), ("data/events.root", 9)], DEPOSIT)
    assert document["@context"] == "https://w3id.org/ro/crate/1.1/context"
    graph = entities(document["@graph"])
    assert len(graph) == len(document["@graph"])  # every @id once
    descriptor = graph["ro-crate-metadata.json"]
    assert descriptor["@type"] == "CreativeWork"
    assert descriptor["conformsTo"] == {"@id": "https://w3id.org/ro/crate/1.1"}
    assert descriptor["about"] == {"@id": "./"}
    root = graph["./"]
    assert root["@type"] == "Dataset"
    assert root["description"] == "Four-lepton events."
    assert root["keywords"] == ["higgs", "open data"]
    assert root["version"] == "v1"
    assert root["contributor"] == {"@id": "#poe"}  # RO-Crate: single values, not lists of one
    assert root["hasPart"] == [
        {"@id": "fit.py"},
        {"@id": "data/events.root"},
        {"@id": "deposit.json"},
    ]
    for reference in [*root["author"], *root["hasPart"], root["license"]]:
        assert reference["@id"] in graph  # every reference resolves inside the crate
    assert graph["fit.py"] == {
        "@id": "fit.py",
        "@type": "File",
        "name": "fit.py",
        "contentSize": "13",
        "encodingFormat": "text/x-python",
    }
    assert graph["data/events.root"]["encodingFormat"] == "application/x-root"
    assert graph["https://spdx.org/licenses/CC-BY-4.0"]["name"].startswith("Creative Commons")
    jane = graph["https://orcid.org/0000-0002-1825-0097"]
    assert (jane["givenName"], jane["familyName"], jane["name"]) == ("Jane", "Doe", "Jane Doe")
    assert jane["affiliation"] == graph["#ann-roe"]["affiliation"] == {"@id": "#org-cern"}
    assert graph["#org-cern"] == {"@id": "#org-cern", "@type": "Organization", "name": "CERN"}


def test_related_works_are_sources_and_citations_where_schema_org_has_a_word():
    root = entities(crate_metadata([], DEPOSIT)["@graph"])["./"]
    assert root["isBasedOn"] == {"@id": "https://doi.org/10.7483/OPENDATA.CMS.JKB8.RR42"}
    assert root["citation"] == {"@id": "https://arxiv.org/abs/1207.7235"}
    assert "https://example.org" not in json.dumps(root)  # "other" says nothing to map


def test_a_sparse_deposit_still_makes_a_crate():
    minimal = {"metadata": {"title": "x", "publication_date": "2026"}}
    root = entities(crate_metadata([], minimal)["@graph"])["./"]
    assert root["name"] == root["description"] == "x"
    assert root["author"] == []
    assert "license" not in root


def test_progress_follows_the_bytes(tmp_path, files):
    reports = []
    export_crate(
        files,
        DEPOSIT,
        tmp_path / "c.zip",
        tmp_path,
        progress=lambda done, total: reports.append((done, total)),
    )
    total = sum(path.stat().st_size for _, path in files)
    assert reports[-1] == (total, total)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert len(reports) >= 4


def test_a_cancel_leaves_no_file(tmp_path, files):
    target = tmp_path / "out" / "c.zip"
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(JobCancelled):
        export_crate(files, DEPOSIT, target, tmp_path, cancelled=cancelled)
    assert list(target.parent.iterdir()) == []


def test_an_error_half_way_leaves_no_file(tmp_path, files):
    target = tmp_path / "c.zip"

    def failing(done, total):
        if done > CHUNK:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_crate(files, DEPOSIT, target, tmp_path, progress=failing)
    assert [p.name for p in tmp_path.iterdir()] == ["analysis"]


def test_an_existing_crate_is_replaced_only_when_the_new_one_is_complete(tmp_path, files):
    target = tmp_path / "c.zip"
    target.write_bytes(b"old crate")
    with pytest.raises(JobCancelled):
        export_crate(files, DEPOSIT, target, tmp_path, cancelled=lambda: True)
    assert target.read_bytes() == b"old crate"


@pytest.mark.parametrize(
    "key", ["ro-crate-metadata.json", "deposit.json", "../escape.py", "/abs.py", "", "a\\b.py"]
)
def test_keys_that_cannot_be_in_a_crate_are_refused_before_anything_is_written(tmp_path, key):
    source = tmp_path / "f.py"
    source.write_text("x")
    with pytest.raises(BadRequest):
        export_crate([(key, source)], DEPOSIT, tmp_path / "out" / "c.zip", tmp_path)
    assert not (tmp_path / "out").exists()


def test_a_key_chosen_twice_is_refused(tmp_path):
    source = tmp_path / "f.py"
    source.write_text("x")
    with pytest.raises(BadRequest, match="twice"):
        export_crate([("f.py", source), ("f.py", source)], DEPOSIT, tmp_path / "c.zip", tmp_path)
