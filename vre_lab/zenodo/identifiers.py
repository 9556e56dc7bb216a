"""Persistent identifiers of a deposit (a person's ORCID, an organisation's ROR, a related work's
DOI, arXiv id, ISBN …): whether one has its scheme's form, and its normal form.

The checks are `idutils`', the library InvenioRDM itself validates with (its one dependency,
`isbnlib2`, is small and pure Python), so an identifier this accepts InvenioRDM accepts too. What
`idutils` does not know is named here: ISSN variants (`eissn`, `lissn`) are ISSNs, and schemes
without a form of their own (`igsn`, `w3id`, `other` …) take any text. The deposit's JSON Schema
(`deposit.schema.json`) names each identifier's form for the browser; these checks are the exact
ones (check digits included) the server adds. Importing `idutils` takes about half a second (it
compiles its patterns), once, when the server starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import idutils

_ORCID_URL = re.compile(r"^https?://(www\.)?orcid\.org/", re.IGNORECASE)
_ORCID_TYPED = re.compile(r"\d{4}-?\d{4}-?\d{4}-?\d{3}[\dX]")


def normalise_orcid(text: str) -> str:
    """The bare form (`0000-0002-1825-0097`) of an ORCID iD given bare, as `https://orcid.org/…`
    or without dashes; anything else comes back stripped only."""
    bare = _ORCID_URL.sub("", text.strip()).rstrip("/").upper()
    if not _ORCID_TYPED.fullmatch(bare):
        return text.strip()
    digits = bare.replace("-", "")
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def orcid_is_valid(text) -> bool:
    """An ORCID iD (bare or as its URL) with a correct check digit, from ORCID's own blocks."""
    return isinstance(text, str) and bool(idutils.is_orcid(normalise_orcid(text)))


def _url(text: str) -> bool:
    return bool(idutils.is_url(text)) and not re.search(r"\s", text)


def _any_text(text: str) -> bool:
    return bool(text)


def _idutils(scheme: str) -> Callable[[str], bool]:
    check = getattr(idutils, f"is_{scheme}")
    return lambda text: bool(check(text))


_CHECKS: dict[str, Callable[[str], bool]] = {
    **{
        scheme: _idutils(scheme)
        for scheme in (
            "ads",
            "ark",
            "arxiv",
            "cstr",
            "doi",
            "ean13",
            "gnd",
            "handle",
            "isbn",
            "isni",
            "issn",
            "istc",
            "lsid",
            "pmid",
            "purl",
            "ror",
            "rrid",
            "urn",
            "wikidata",
        )
    },
    "eissn": _idutils("issn"),
    "lissn": _idutils("issn"),
    "orcid": orcid_is_valid,
    "url": _url,
    # no form of their own in idutils (nor in InvenioRDM)
    **{
        scheme: _any_text for scheme in ("crossreffunderid", "grid", "igsn", "other", "upc", "w3id")
    },
}


CHECKED_SCHEMES = frozenset(_CHECKS)


def identifier_is_valid(scheme, identifier) -> bool:
    """Whether `identifier` has the form of `scheme` (any scheme of the vocabularies, or a person's
    or organisation's: orcid, isni, gnd, ror)."""
    check = _CHECKS.get(scheme) if isinstance(scheme, str) else None
    if check is None or not isinstance(identifier, str):
        return False
    try:
        return check(identifier.strip())
    except Exception:  # idutils parses with regexes and isbnlib: never let odd text raise
        return False


def normal_identifier(scheme, identifier: str) -> str:
    """ORCID iDs bare and dashed, ROR ids bare and lower case; others as they are."""
    if scheme == "orcid":
        return normalise_orcid(identifier)
    if scheme == "ror" and idutils.is_ror(identifier):
        return idutils.normalize_ror(identifier).lower()
    return identifier
