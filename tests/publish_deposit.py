"""The example deposit of the Publish metadata tests (docs/publishing.md's example), and its
errors and warnings as the server finds them on a fixed day; hypothesis strategies of any JSON
and of JSON shaped like a deposit."""

import copy
from datetime import date

from hypothesis import strategies as st

from tests import publish_examples as examples
from vre_lab.zenodo.metadata import (
    validate_deposit,
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
