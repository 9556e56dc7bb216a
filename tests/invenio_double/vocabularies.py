"""InvenioRDM's default vocabularies (ids and English titles, from invenio-rdm-records' fixtures).

The data files in ``data/`` are plain ``id<TAB>title`` lines: resource types, licenses (SPDX-based,
lowercase ids), contributor/creator roles and relation types.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# API name (``/api/vocabularies/{type}``) -> data file
FILES = {
    "resourcetypes": "resource_types.tsv",
    "licenses": "licenses.tsv",
    "creatorsroles": "roles.tsv",
    "contributorsroles": "roles.tsv",
    "relationtypes": "relation_types.tsv",
}


@cache
def vocabulary(name: str) -> dict[str, str]:
    """``{id: English title}`` of one vocabulary, in the fixture's order."""
    lines = (DATA / FILES[name]).read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line)


def title(name: str, id_: str) -> dict[str, str]:
    return {"en": vocabulary(name)[id_]}
