"""The vocabularies and identifiers of the Publish form (`vre_lab.zenodo.vocabularies`,
`vre_lab.zenodo.metadata`): InvenioRDM's default ids and titles, SPDX licence spellings, and
each identifier scheme's form (ORCID checksums, DOIs, ROR, ISNI, …) as idutils checks it."""

import pytest

from vre_lab.zenodo.metadata import (
    identifier_is_valid,
    normalise_orcid,
    orcid_is_valid,
)
from vre_lab.zenodo.vocabularies import (
    SPDX_IDS,
    VOCABULARIES,
    ids,
    license_id,
)

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
