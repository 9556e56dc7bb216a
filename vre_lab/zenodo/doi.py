"""DOIs typed where records are searched: which texts are DOIs, and the repository query that
finds the record a DOI names.

Accepted: `10.5281/zenodo.1234567`, `doi:10.…` (any case), and `https://doi.org/10.…` (also
`http://`, `dx.doi.org`, or without the scheme; percent-escapes are decoded). A text that claims
to be a DOI (one of these forms) but is not one is refused with a 400; any other text is words to
search for.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..core.errors import BadRequest

_CLAIMS = re.compile(r"^(?:doi:|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
_BARE = re.compile(r"^10\.\d+(?:\.\d+)*/")  # "10.5 GeV" are words, "10.5281/…" a DOI
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_EXAMPLE = "a DOI looks like 10.5281/zenodo.1234567"
VERSION = "pids.doi.identifier"  # the DOI of one version of a record
CONCEPT = "parent.pids.doi.identifier"  # the concept DOI, shared by all its versions


def parse(text: str) -> str | None:
    """The DOI `text` names, without `doi:` or the resolver's address; None when `text` does not
    claim to be a DOI."""
    text = text.strip()
    claimed = _CLAIMS.match(text)
    if claimed is not None:
        rest = text[claimed.end() :]
        rest = (unquote(rest) if claimed.group(0).endswith("/") else rest).strip()
        rest = rest[1:-1] if len(rest) > 1 and rest[0] == rest[-1] == '"' else rest
    elif _BARE.match(text):
        rest = text
    else:
        return None
    if not _DOI.match(rest) or not rest.isprintable():
        shown = text if len(text) <= 80 else text[:77] + "…"
        raise BadRequest(f"{shown!r} is not a DOI: {_EXAMPLE}", code="bad_doi")
    return rest


def _phrase(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def query(doi: str, field: str = VERSION) -> str:
    """The search query (InvenioRDM's query-string syntax) for the records whose `field` is
    `doi`: DOIs are case-insensitive but the repository keeps them as minted (lower case on
    Zenodo) in exact-match fields, so both the form typed and the lower-case form are asked for."""
    forms = dict.fromkeys([doi, doi.lower()])
    return " OR ".join(f"{field}:{_phrase(form)}" for form in forms)
