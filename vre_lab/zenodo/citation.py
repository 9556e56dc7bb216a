"""CITATION.cff and codemeta.json: what they say prefills the publish form (read in
citation_read.py), and once a deposit is published its DOI is written into CITATION.cff.

The DOI is written with a round-trip YAML (ruamel.yaml): the file keeps its comments, the order
and quoting of its keys, its indentation and every key this does not manage; only the keys the
deposit describes change. The file is replaced in one step, never left half written; one that
cannot be read is set aside (CITATION.cff.bak), not lost.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.util import load_yaml_guess_indent

from ..core import files
from ..core.errors import VRELabError
from .citation_read import CFF, MAX_BYTES, _doi, _text, prefill, read_citation_cff, read_codemeta
from .metadata import normalise_orcid, orcid_is_valid, plain_text
from .vocabularies import SPDX_IDS

__all__ = ["prefill", "read_citation_cff", "read_codemeta", "write_doi_to_citation"]

CFF_VERSION = "1.2.0"
ORCID_URL = "https://orcid.org/"
CFF_TYPES = {"dataset": "dataset", "software": "software"}  # resource type -> CFF `type`


class _Float(float):
    """A float as the file wrote it: ruamel.yaml writes some floats back with other digits
    (`4.992467870912001e+16` as `4.992467870912000e+16`), this one keeps its text."""

    text = ""


class _Constructor(RoundTripConstructor):
    def construct_float(self, node):
        value = _Float(self.construct_yaml_float(node))
        value.text = node.value
        return value


class _Representer(RoundTripRepresenter):
    def represent_float_as_written(self, data: _Float):
        return self.represent_scalar("tag:yaml.org,2002:float", data.text)


# on these subclasses only: ruamel.yaml's own classes stay as they are for other users
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_float)
_Representer.add_representer(_Float, _Representer.represent_float_as_written)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, key order and quoting are kept
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = True  # a key written twice: its first value stays
    yaml.width = 4096  # a long line stays one line
    yaml.indent(mapping=2, sequence=4, offset=2)  # CFF's own examples
    return yaml


def _load(path: Path, yaml: YAML) -> CommentedMap | None:
    """The file as a round-trip mapping (its indentation adopted by `yaml`), or None when it
    cannot be read as one."""
    try:
        text = files.read_text(path.parent, path.name, MAX_BYTES)
        data, indent, dash = load_yaml_guess_indent(text, yaml=yaml)
    except (VRELabError, OSError, UnicodeDecodeError, YAMLError, ValueError):
        return None  # too large, not text, not YAML
    if not isinstance(data, CommentedMap):
        return None
    if indent and dash is not None and indent > dash:
        yaml.indent(mapping=2, sequence=indent, offset=dash)
    return data


def _cff_author(creator: dict) -> dict:
    who = creator.get("person_or_org") or {}
    if who.get("type") == "organizational":
        return {"name": who.get("name", "")}
    author = {"family-names": who.get("family_name", "")}
    if who.get("given_name"):
        author["given-names"] = who["given_name"]
    affiliations = [a.get("name") for a in creator.get("affiliations") or [] if a.get("name")]
    if affiliations:
        author["affiliation"] = "; ".join(affiliations)
    for identifier in who.get("identifiers") or []:
        if identifier.get("scheme") == "orcid" and orcid_is_valid(identifier.get("identifier")):
            author["orcid"] = ORCID_URL + normalise_orcid(identifier["identifier"])
    return author


def _same_author(ours: dict, theirs) -> bool:
    if not isinstance(theirs, dict):
        return False
    if ours.get("orcid") and theirs.get("orcid"):
        return normalise_orcid(_text(theirs["orcid"])) == normalise_orcid(ours["orcid"])
    keys = ("family-names", "given-names", "name")
    return all(_text(theirs.get(key)) == ours.get(key, "") for key in keys)


def _same(held, value) -> bool:
    """Whether the file already says `value` (a date YAML read as one, a version as a number)."""
    if isinstance(held, date) and isinstance(value, str):
        return held.isoformat()[:10] == value
    if isinstance(held, int | float) and not isinstance(held, bool) and isinstance(value, str):
        return _text(held) == value
    return held == value


def _set(mapping: dict, key: str, value) -> None:
    """`mapping[key] = value`, leaving an equal value (and its comments, its quoting) as it is;
    a new key goes at the end."""
    held = mapping.get(key)
    if key in mapping and _same(held, value):
        return
    if isinstance(held, date) and isinstance(value, str):  # a date stays written as a date
        value = date.fromisoformat(value)
    mapping[key] = value


def _set_authors(data: CommentedMap, creators: list[dict]) -> None:
    """The creators as CFF authors. An author the file had is updated in place: it keeps its
    other keys (email…), their order and comments; the list keeps its comments when its authors
    stay where they were."""
    existing = data.get("authors")
    existing = existing if isinstance(existing, list) else []
    authors = []
    for creator in creators:
        ours = _cff_author(creator)
        theirs = next((item for item in existing if _same_author(ours, item)), None)
        if theirs is None:
            authors.append(ours)
            continue
        for key, value in ours.items():
            _set(theirs, key, value)
        authors.append(theirs)
    if isinstance(data.get("authors"), CommentedSeq):
        data["authors"][:] = authors
    else:
        data["authors"] = authors


def _add_identifier(data: CommentedMap, doi: str, url: str) -> None:
    identifiers = data.get("identifiers")
    if not isinstance(identifiers, list):
        identifiers = data["identifiers"] = CommentedSeq()
    if not any(isinstance(i, dict) and _doi(_text(i.get("value"))) == doi for i in identifiers):
        entry = {"type": "doi", "value": doi}
        if url:
            entry["description"] = f"This version, published at {url}"
        identifiers.append(entry)


def _set_aside(path: Path) -> None:
    """Keep a CITATION.cff we cannot read (we would otherwise lose it) as CITATION.cff.bak[N]."""
    for number in range(1000):
        backup = path.with_name(f"{path.name}.bak{number or ''}")
        if not backup.exists():
            path.rename(backup)
            return


def write_doi_to_citation(folder: Path, deposit: dict, doi: str, url: str) -> Path:
    """Create or update `folder/CITATION.cff` for the published deposit and its DOI: the keys
    the deposit describes are set, everything else of the file stays as it was."""
    path = Path(folder) / CFF
    doi = _doi(doi) or doi
    yaml = _yaml()
    data = None
    if path.exists():
        data = _load(path, yaml)
        if data is None:
            _set_aside(path)
    data = data if data is not None else CommentedMap()
    metadata = deposit.get("metadata") or {}
    spdx = [SPDX_IDS[r["id"]] for r in metadata.get("rights") or [] if r.get("id") in SPDX_IDS]
    kind = (metadata.get("resource_type") or {}).get("id", "").split("-")[0]
    published = metadata.get("publication_date") or ""
    keywords = [s["subject"] for s in metadata.get("subjects") or [] if s.get("subject")]
    ours = {
        "cff-version": CFF_VERSION,
        "message": _text(data.get("message"))
        or f"If you use this {CFF_TYPES.get(kind, 'work')}, please cite it as below.",
        "type": CFF_TYPES.get(kind),
        "title": metadata.get("title"),
        "abstract": plain_text(metadata.get("description") or ""),
        "authors": None,  # in place, below
        "keywords": keywords,
        "license": spdx[0] if len(spdx) == 1 else spdx,
        "version": metadata.get("version"),
        "date-released": published if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
        "doi": doi,
        "identifiers": None,  # added to, below
    }
    for key, value in ours.items():
        if key == "authors" and metadata.get("creators"):
            _set_authors(data, metadata["creators"])
        elif key == "identifiers":
            _add_identifier(data, doi, url)
        elif value:
            _set(data, key, value)
    if "url" not in data and url:
        data["url"] = url
    text = io.StringIO()
    yaml.dump(data, text)
    mode = path.stat().st_mode & 0o777 if path.is_file() and not path.is_symlink() else 0o644
    files.write_text(path.parent, path.name, text.getvalue(), mode=mode)
    return path
