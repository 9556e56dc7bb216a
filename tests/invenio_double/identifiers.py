"""Identifier schemes InvenioRDM accepts, each with the check its ``idutils`` validator makes.

``PERSON_OR_ORG`` are the schemes of creators'/contributors' ``identifiers`` (config
``RDM_RECORDS_PERSONORG_SCHEMES``), ``RELATED`` those of ``related_identifiers``
(``RDM_RECORDS_RELATED_IDENTIFIERS_SCHEMES``). Schemes InvenioRDM declares "always valid" accept
any text here too. A few rarely used schemes (cstr, rrid, istc) get a loose pattern only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlparse


def _isni_checksum_ok(digits: str) -> bool:
    """ISO 7064 MOD 11-2 over 15 digits, the 16th is the check character (0-9 or X)."""
    if not re.fullmatch(r"\d{15}[\dX]", digits):
        return False
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def is_isni(value: str) -> bool:
    return _isni_checksum_ok(value.replace("-", "").replace(" ", "").upper())


ORCID_URLS = ("https://orcid.org/", "http://orcid.org/")
# ORCID iDs are ISNIs from two blocks (the number without its check character).
ORCID_BLOCKS = ((15_000_000, 35_000_000), (900_000_000_000, 900_100_000_000))


def _strip_orcid_url(value: str) -> str:
    for prefix in ORCID_URLS:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def is_orcid(value: str) -> bool:
    digits = _strip_orcid_url(value).replace("-", "").replace(" ", "").upper()
    if not _isni_checksum_ok(digits):
        return False
    number = int(digits[:-1])
    return any(low <= number <= high for low, high in ORCID_BLOCKS)


def _matcher(pattern: str, flags: int = re.IGNORECASE) -> Callable[[str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda value: compiled.match(value) is not None


is_doi = _matcher(r"(doi:\s*|(https?://)?(dx\.)?doi\.org/)?10\.\d+(\.\d+)*/.+$")
is_handle = _matcher(r"(hdl:\s*|(https?://)?hdl\.handle\.net/)?[^/.]+(\.[^/.]+)*/.*$")
is_ror = _matcher(r"(https?://)?(ror\.org/)?0\w{6}\d{2}$")
is_gnd = _matcher(
    r"(gnd:|https?://d-nb\.info/gnd/)?(1[012]?\d{7}[0-9X]|[47]\d{6}-\d|"
    r"[1-9]\d{0,7}-[0-9X]|3\d{7}[0-9X])$"
)
is_arxiv = _matcher(
    r"(arxiv:)?(\d{4}\.\d{4,5}(v\d+)?|[a-z\-]+(\.[a-z]{2})?/\d{7}(v\d+)?|"
    r"\d{4}\.\d{4,5}(v\d+)?\s*\[[\w.\-]+\])$"
)
is_ark = _matcher(r"(https?://[^/]+/)?ark:/?[0-9bcdfghjkmnpqrstvwxz]+/.+$", 0)
is_pmid = _matcher(r"(pmid:|https?://pubmed\.ncbi\.nlm\.nih\.gov/)?\d+/?$")
is_lsid = _matcher(r"urn:lsid:[^:]+(:[^:]+){2,3}$")
is_ads = _matcher(r"(ads:)?\d{4}[A-Za-z]\S{13}[A-Za-z.:]$")
is_wikidata = _matcher(r"(wikidata:|https?://www\.wikidata\.org/wiki/)?Q\d+$")
is_cstr = _matcher(r"(cstr:)?([\w-]+\.){3}[\w-]+$")
is_rrid = _matcher(r"(rrid:)?[A-Z]+_[\w-]+$")
is_istc = _matcher(r"[0-9A-F]{3}-?[0-9A-F]{4}-?[0-9A-F]{8}-?[0-9A-F]$")


def is_url(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme and parsed.netloc)


def is_urn(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme == "urn" and not parsed.netloc and bool(parsed.path)


def is_purl(value: str) -> bool:
    parsed = urlparse(value)
    hosts = ("purl.org", "purl.oclc.org", "purl.net", "purl.com", "purl.fdlp.gov")
    return parsed.scheme in ("http", "https") and parsed.netloc in hosts and bool(parsed.path)


def is_issn(value: str) -> bool:
    digits = value.replace("-", "").replace(" ", "").upper()
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return False
    total = sum((8 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def is_ean13(value: str) -> bool:
    if not re.fullmatch(r"\d{13}", value):
        return False
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(value[:12]))
    return (10 - total % 10) % 10 == int(value[12])


def is_isbn(value: str) -> bool:
    digits = value.replace("-", "").replace(" ", "").upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    return digits[:3] in ("978", "979") and is_ean13(digits)


def always_valid(_value: str) -> bool:
    return True


PERSON_OR_ORG = {"orcid": is_orcid, "isni": is_isni, "gnd": is_gnd, "ror": is_ror}

RELATED = {
    "ark": is_ark,
    "arxiv": is_arxiv,
    "ads": is_ads,
    "crossreffunderid": always_valid,
    "cstr": is_cstr,
    "doi": is_doi,
    "ean13": is_ean13,
    "eissn": is_issn,
    "grid": always_valid,
    "handle": is_handle,
    "igsn": always_valid,
    "isbn": is_isbn,
    "isni": is_isni,
    "issn": is_issn,
    "istc": is_istc,
    "lissn": is_issn,
    "lsid": is_lsid,
    "pmid": is_pmid,
    "purl": is_purl,
    "rrid": is_rrid,
    "upc": always_valid,
    "url": is_url,
    "urn": is_urn,
    "wikidata": is_wikidata,
    "w3id": always_valid,
    "other": always_valid,
}

LABELS = {
    "orcid": "ORCID",
    "isni": "ISNI",
    "gnd": "GND",
    "ror": "ROR",
    "doi": "DOI",
    "url": "URL",
    "urn": "URN",
    "arxiv": "arXiv",
    "handle": "Handle",
}

# The order in which a scheme is guessed when a client leaves it out.
DETECTION_ORDER = ("doi", "ark", "arxiv", "orcid", "isni", "ror", "lsid", "urn", "purl", "url")


def detect(identifier: str, allowed: dict) -> str | None:
    for scheme in DETECTION_ORDER:
        if scheme in allowed and allowed[scheme](identifier):
            return scheme
    return None


def normalize(identifier: str, scheme: str) -> str:
    """The stored form, as InvenioRDM normalizes it (bare ORCID/DOI/ROR, ``arXiv:`` prefix)."""
    if scheme == "orcid":
        digits = _strip_orcid_url(identifier).replace("-", "").replace(" ", "").upper()
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    if scheme == "doi":
        return re.sub(r"^(doi:\s*|(https?://)?(dx\.)?doi\.org/)", "", identifier, flags=re.I)
    if scheme == "ror":
        return re.sub(r"^(https?://)?(ror\.org/)?", "", identifier, flags=re.I)
    if scheme == "arxiv":
        return "arXiv:" + re.sub(r"^arxiv:", "", identifier, flags=re.I)
    return identifier
