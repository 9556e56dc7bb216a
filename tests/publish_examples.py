"""People the Publish tests put into deposits, in the shape InvenioRDM uses (docs/publishing.md).

Each call returns new dicts, so a test may change what it gets.
"""

from __future__ import annotations

JANE_ORCID = "0000-0002-1825-0097"


def jane_doe(*, name: str | None = None, orcid: str = JANE_ORCID) -> dict:
    """Jane Doe as a ``person_or_org`` with her ORCID iD; ``name`` as InvenioRDM adds it."""
    person = {"type": "personal"}
    if name is not None:
        person["name"] = name
    person |= {
        "given_name": "Jane",
        "family_name": "Doe",
        "identifiers": [{"scheme": "orcid", "identifier": orcid}],
    }
    return person


def creator(person: dict, *affiliations: str) -> dict:
    """A creator row: ``person`` and, when given, the names of their affiliations."""
    row = {"person_or_org": person}
    if affiliations:
        row["affiliations"] = [{"name": name} for name in affiliations]
    return row


def escape() -> dict:
    """The ESCAPE collaboration as a creator row."""
    return {"person_or_org": {"type": "organizational", "name": "ESCAPE"}}


def curator(given_name: str | None, family_name: str) -> dict:
    """A contributor row: a person in the data curator role."""
    person = {"type": "personal"}
    if given_name is not None:
        person["given_name"] = given_name
    person["family_name"] = family_name
    return {"person_or_org": person, "role": {"id": "datacurator"}}


def minimal_deposit(title: str = "An analysis") -> dict:
    """The least a repository (and the RO-Crate export) accepts."""
    return {
        "metadata": {
            "resource_type": {"id": "dataset"},
            "title": title,
            "publication_date": "2026-01-01",
            "creators": [escape()],
            "description": f"{title}, as the tests publish it",
            "rights": [{"id": "cc-by-4.0"}],
        },
        "access": {"record": "public", "files": "public"},
    }
