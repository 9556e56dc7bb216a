"""The controlled vocabularies of the publish form: InvenioRDM's defaults (its fixtures and the
`RDM_RECORDS_*_SCHEMES` config of invenio-rdm-records), which Zenodo uses too."""

from __future__ import annotations

from functools import cache

_RESOURCE_TYPES = (
    ("publication", "Publication"),
    ("publication-annotationcollection", "Annotation collection"),
    ("publication-book", "Book"),
    ("publication-section", "Book chapter"),
    ("publication-conferencepaper", "Conference paper"),
    ("publication-conferenceproceeding", "Conference proceeding"),
    ("publication-datamanagementplan", "Output management plan"),
    ("publication-journal", "Journal"),
    ("publication-article", "Journal article"),
    ("publication-patent", "Patent"),
    ("publication-peerreview", "Peer review"),
    ("publication-preprint", "Preprint"),
    ("publication-deliverable", "Project deliverable"),
    ("publication-milestone", "Project milestone"),
    ("publication-proposal", "Proposal"),
    ("publication-report", "Report"),
    ("publication-softwaredocumentation", "Software documentation"),
    ("publication-taxonomictreatment", "Taxonomic treatment"),
    ("publication-technicalnote", "Technical note"),
    ("publication-workingpaper", "Working paper"),
    ("publication-datapaper", "Data paper"),
    ("publication-dissertation", "Thesis"),
    ("publication-standard", "Standard"),
    ("publication-studyregistration", "Study Registration"),
    ("publication-other", "Other"),
    ("poster", "Poster"),
    ("presentation", "Presentation"),
    ("event", "Event"),
    ("dataset", "Dataset"),
    ("image", "Image"),
    ("image-figure", "Figure"),
    ("image-plot", "Plot"),
    ("image-drawing", "Drawing"),
    ("image-diagram", "Diagram"),
    ("image-photo", "Photo"),
    ("image-other", "Other"),
    ("model", "Model"),
    ("video", "Video"),
    ("audio", "Audio"),
    ("software", "Software"),
    ("software-computationalnotebook", "Computational notebook"),
    ("lesson", "Lesson"),
    ("physicalobject", "Physical object"),
    ("workflow", "Workflow"),
    ("other", "Other"),
)

# SPDX spellings (CITATION.cff and RO-Crate need them); InvenioRDM's ids are these lower-cased.
# The licenses research outputs commonly carry, the most used first.
_LICENSES = (
    ("CC-BY-4.0", "Creative Commons Attribution 4.0 International"),
    ("CC0-1.0", "Creative Commons Zero v1.0 Universal"),
    ("CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0 International"),
    ("CC-BY-NC-4.0", "Creative Commons Attribution Non Commercial 4.0 International"),
    (
        "CC-BY-NC-SA-4.0",
        "Creative Commons Attribution Non Commercial Share Alike 4.0 International",
    ),
    ("CC-BY-ND-4.0", "Creative Commons Attribution No Derivatives 4.0 International"),
    (
        "CC-BY-NC-ND-4.0",
        "Creative Commons Attribution Non Commercial No Derivatives 4.0 International",
    ),
    ("CC-BY-3.0", "Creative Commons Attribution 3.0 Unported"),
    ("CC-BY-SA-3.0", "Creative Commons Attribution Share Alike 3.0 Unported"),
    ("CC-PDDC", "Creative Commons Public Domain Dedication and Certification"),
    ("MIT", "MIT License"),
    ("Apache-2.0", "Apache License 2.0"),
    ("BSD-3-Clause", 'BSD 3-Clause "New" or "Revised" License'),
    ("BSD-2-Clause", 'BSD 2-Clause "Simplified" License'),
    ("0BSD", "BSD Zero Clause License"),
    ("ISC", "ISC License"),
    ("GPL-3.0-or-later", "GNU General Public License v3.0 or later"),
    ("GPL-3.0-only", "GNU General Public License v3.0 only"),
    ("GPL-2.0-or-later", "GNU General Public License v2.0 or later"),
    ("LGPL-3.0-or-later", "GNU Lesser General Public License v3.0 or later"),
    ("LGPL-2.1-or-later", "GNU Lesser General Public License v2.1 or later"),
    ("AGPL-3.0-or-later", "GNU Affero General Public License v3.0 or later"),
    ("MPL-2.0", "Mozilla Public License 2.0"),
    ("EPL-2.0", "Eclipse Public License 2.0"),
    ("EUPL-1.2", "European Union Public License 1.2"),
    ("CECILL-2.1", "CeCILL Free Software License Agreement v2.1"),
    ("Artistic-2.0", "Artistic License 2.0"),
    ("BSL-1.0", "Boost Software License 1.0"),
    ("Python-2.0", "Python License 2.0"),
    ("Zlib", "zlib License"),
    ("Unlicense", "The Unlicense"),
    ("AFL-3.0", "Academic Free License v3.0"),
    ("ECL-2.0", "Educational Community License v2.0"),
    ("LPPL-1.3c", "LaTeX Project Public License v1.3c"),
    ("OFL-1.1", "SIL Open Font License 1.1"),
    ("CERN-OHL-S-2.0", "CERN Open Hardware Licence Version 2 - Strongly Reciprocal"),
    ("CERN-OHL-W-2.0", "CERN Open Hardware Licence Version 2 - Weakly Reciprocal"),
    ("CERN-OHL-P-2.0", "CERN Open Hardware Licence Version 2 - Permissive"),
    ("GFDL-1.3-or-later", "GNU Free Documentation License v1.3 or later"),
    ("ODbL-1.0", "ODC Open Database License v1.0"),
    ("ODC-By-1.0", "Open Data Commons Attribution License v1.0"),
    ("PDDL-1.0", "ODC Public Domain Dedication & License 1.0"),
)

_ROLES = (
    ("contactperson", "Contact person"),
    ("datacollector", "Data collector"),
    ("datacurator", "Data curator"),
    ("datamanager", "Data manager"),
    ("distributor", "Distributor"),
    ("editor", "Editor"),
    ("hostinginstitution", "Hosting institution"),
    ("producer", "Producer"),
    ("projectleader", "Project leader"),
    ("projectmanager", "Project manager"),
    ("projectmember", "Project member"),
    ("registrationagency", "Registration agency"),
    ("registrationauthority", "Registration authority"),
    ("relatedperson", "Related person"),
    ("researcher", "Researcher"),
    ("researchgroup", "Research group"),
    ("rightsholder", "Rights holder"),
    ("sponsor", "Sponsor"),
    ("supervisor", "Supervisor"),
    ("translator", "Translator"),
    ("workpackageleader", "Work package leader"),
    ("other", "Other"),
)

_RELATION_TYPES = (
    ("iscitedby", "Is cited by"),
    ("cites", "Cites"),
    ("issupplementto", "Is supplement to"),
    ("issupplementedby", "Is supplemented by"),
    ("iscontinuedby", "Is continued by"),
    ("continues", "Continues"),
    ("isdescribedby", "Is described by"),
    ("describes", "Describes"),
    ("hasmetadata", "Has metadata"),
    ("ismetadatafor", "Is metadata for"),
    ("hasversion", "Has version"),
    ("isversionof", "Is version of"),
    ("isnewversionof", "Is new version of"),
    ("ispreviousversionof", "Is previous version of"),
    ("ispartof", "Is part of"),
    ("haspart", "Has part"),
    ("ispublishedin", "Is published in"),
    ("isreferencedby", "Is referenced by"),
    ("references", "References"),
    ("isdocumentedby", "Is documented by"),
    ("documents", "Documents"),
    ("iscompiledby", "Is compiled by"),
    ("compiles", "Compiles"),
    ("isvariantformof", "Is variant form of"),
    ("isoriginalformof", "Is original form of"),
    ("isidenticalto", "Is identical to"),
    ("isreviewedby", "Is reviewed by"),
    ("reviews", "Reviews"),
    ("isderivedfrom", "Is derived from"),
    ("issourceof", "Is source of"),
    ("isrequiredby", "Is required by"),
    ("requires", "Requires"),
    ("isobsoletedby", "Is obsoleted by"),
    ("obsoletes", "Obsoletes"),
    ("istranslationof", "Is translation of"),
    ("hastranslation", "Has translation"),
    ("iscollectedby", "Is collected by"),
    ("collects", "Collects"),
    ("other", "Other"),
)

# Schemes of related identifiers (InvenioRDM's RDM_RECORDS_IDENTIFIERS_SCHEMES).
_IDENTIFIER_SCHEMES = (
    ("ark", "ARK"),
    ("arxiv", "arXiv"),
    ("ads", "Bibcode"),
    ("crossreffunderid", "Crossref Funder ID"),
    ("cstr", "CSTR"),
    ("doi", "DOI"),
    ("ean13", "EAN13"),
    ("eissn", "EISSN"),
    ("grid", "GRID"),
    ("handle", "Handle"),
    ("igsn", "IGSN"),
    ("isbn", "ISBN"),
    ("isni", "ISNI"),
    ("issn", "ISSN"),
    ("istc", "ISTC"),
    ("lissn", "LISSN"),
    ("lsid", "LSID"),
    ("pmid", "PMID"),
    ("purl", "PURL"),
    ("rrid", "RRID"),
    ("upc", "UPC"),
    ("url", "URL"),
    ("urn", "URN"),
    ("wikidata", "Wikidata"),
    ("w3id", "W3ID"),
    ("other", "Other"),
)

# Schemes of creators' and contributors' identifiers (RDM_RECORDS_PERSONORG_SCHEMES).
PERSON_OR_ORG_SCHEMES = ("orcid", "isni", "gnd", "ror")


def _entries(pairs) -> list[dict]:
    return [{"id": id_, "title": title} for id_, title in pairs]


def _resource_type_title(id_: str, title: str) -> str:
    """Subtypes read with their type ("Image: Other"), so that the many "Other"s differ."""
    parent, _, sub = id_.partition("-")
    return f"{dict(_RESOURCE_TYPES)[parent]}: {title}" if sub else title


VOCABULARIES: dict[str, list[dict]] = {
    "resource_types": _entries((i, _resource_type_title(i, t)) for i, t in _RESOURCE_TYPES),
    "licenses": _entries((spdx.lower(), title) for spdx, title in _LICENSES),
    "roles": _entries(_ROLES),
    "relation_types": _entries(_RELATION_TYPES),
    "identifier_schemes": _entries(_IDENTIFIER_SCHEMES),
}

SPDX_IDS = {spdx.lower(): spdx for spdx, _ in _LICENSES}  # license id -> its SPDX spelling


@cache
def ids(name: str) -> frozenset[str]:
    """The ids of one vocabulary (a KeyError for an unknown name)."""
    return frozenset(entry["id"] for entry in VOCABULARIES[name])


def license_id(spdx: str) -> str | None:
    """The license id for an SPDX identifier in any case (`MIT`, `Apache-2.0`), if we know it."""
    id_ = spdx.strip().lower()
    return id_ if id_ in SPDX_IDS else None
