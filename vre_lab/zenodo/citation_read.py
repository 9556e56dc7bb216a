"""What CITATION.cff (Citation File Format 1.2.0) and codemeta.json say about a piece of work,
read into deposit fragments to prefill the publish form (citation.py writes the DOI back).

Readers never raise on what a file contains: they return what they could read and a list of
problems, one sentence each.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from pathlib import Path

import yaml

from ..core import files
from ..core.errors import BadRequest, Forbidden, NotFound
from ..core.paths import confine
from .metadata import (
    identifier_is_valid,
    merge_deposits,
    normalise_orcid,
    orcid_is_valid,
)
from .vocabularies import license_id

log = logging.getLogger(__name__)

CFF = "CITATION.cff"
CODEMETA = "codemeta.json"
MAX_BYTES = 1024 * 1024  # more than any real citation file

# ---------------------------------------------------------------------------------------------
# the parts of a fragment


def _text(value) -> str:
    """Text from a scalar a YAML or JSON file holds (YAML reads `version: 1.0` as a number)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    return ""


def _list(value) -> list:
    """YAML and JSON-LD allow one value or a list of values."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _things(value) -> list[dict]:
    return [item for item in _list(value) if isinstance(item, dict)]


def _texts(value) -> list[str]:
    return [text for text in map(_text, _list(value)) if text]


def _person(family: str, given: str, orcid: str, affiliations: list[str], problems) -> dict:
    """A personal creator; someone known by one name only has it as family name."""
    if not family:
        family, given = given, ""
    who = {"type": "personal", "given_name": given, "family_name": family}
    if orcid:
        if orcid_is_valid(orcid):
            who["identifiers"] = [{"scheme": "orcid", "identifier": normalise_orcid(orcid)}]
        else:
            problems.append(f"{orcid!r} (of {family or given}) is not a valid ORCID iD.")
    creator = {"person_or_org": who}
    if affiliations:
        creator["affiliations"] = [{"name": name} for name in dict.fromkeys(affiliations)]
    return creator


def _organisation(name: str) -> dict:
    return {"person_or_org": {"type": "organizational", "name": name}}


def _subjects(keywords: list[str]) -> list[dict]:
    unique: dict[str, str] = {}
    for keyword in keywords:
        unique.setdefault(keyword.casefold(), keyword)
    return [{"subject": keyword} for keyword in unique.values()]


def _rights(spdx_ids: list[str], problems: list[str]) -> list[dict]:
    rights = []
    for spdx in spdx_ids:
        if id_ := license_id(spdx):
            rights.append({"id": id_})
        else:
            problems.append(f"The license {spdx!r} is not one the form offers; choose one.")
    return rights


def _doi(text: str) -> str:
    """The bare DOI (`10.5281/zenodo.1234`) of a DOI in any common spelling, or ""."""
    if not identifier_is_valid("doi", text):
        return ""
    return re.sub(r"^(doi:\s*|(https?://)?(dx\.)?doi\.org/)", "", text.strip(), flags=re.I)


def _related(dois: list[str], repository: str, problems: list[str]) -> list[dict]:
    """Earlier versions (by DOI) and the code repository, as InvenioRDM related identifiers."""
    related = []
    for doi in dict.fromkeys(filter(None, map(_doi, dois))):
        related.append({"identifier": doi, "scheme": "doi", "relation_type": {"id": "isversionof"}})
    if repository:
        if identifier_is_valid("url", repository):
            related.append(
                {
                    "identifier": repository,
                    "scheme": "url",
                    "relation_type": {"id": "issupplementto"},
                    "resource_type": {"id": "software"},
                }
            )
        else:
            problems.append(f"The code repository {repository!r} is not a URL.")
    return related


def _date(value, problems: list[str]) -> str:
    if isinstance(value, date):  # YAML reads an unquoted date as one
        return value.isoformat()[:10]
    text = _text(value)
    if text and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
        problems.append(f"The release date {text!r} is not a date (YYYY-MM-DD).")
        return ""
    return text


def _fragment(metadata: dict) -> dict:
    """A deposit fragment of the fields that have a value."""
    return {"metadata": {key: value for key, value in metadata.items() if value}}


# ---------------------------------------------------------------------------------------------
# reading


def _read(path: Path, problems: list[str]) -> str | None:
    try:
        return files.read_text(path.parent, path.name, MAX_BYTES)
    except BadRequest:
        problems.append(f"{path.name} is too large to be a citation file, or not a file.")
    except (Forbidden, NotFound):
        problems.append(f"{path.name} cannot be read: it is missing or a link.")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{path.name} cannot be read: {e.__class__.__name__}.")
    return None


def _load_cff(path: Path, problems: list[str]) -> dict | None:
    text = _read(path, problems)
    if text is None:
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problems.append(f"{path.name} is not valid YAML{where}.")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name} does not hold a mapping of keys.")
        return None
    return data


def read_citation_cff(path: Path) -> tuple[dict, list[str]]:
    """The deposit fragment a CITATION.cff describes, and the problems met reading it."""
    problems: list[str] = []
    data = _load_cff(Path(path), problems)
    if data is None:
        return {}, problems
    creators = []
    for author in _list(data.get("authors")):
        if not isinstance(author, dict):
            problems.append("An author is not a mapping of keys; it was left out.")
        elif author.get("family-names") or author.get("given-names"):
            family = " ".join(_texts([author.get("name-particle"), author.get("family-names")]))
            given = _text(author.get("given-names"))
            orcid = _text(author.get("orcid"))
            affiliations = _texts(author.get("affiliation"))
            creators.append(_person(family, given, orcid, affiliations, problems))
        elif name := _text(author.get("name")):
            creators.append(_organisation(name))
        else:
            problems.append("An author has neither family-names nor name; it was left out.")
    identifiers = [
        _text(item.get("value"))
        for item in _things(data.get("identifiers"))
        if item.get("type") == "doi"
    ]
    cff_type = _text(data.get("type")) or "software"
    metadata = {
        "resource_type": {"id": "dataset" if cff_type == "dataset" else "software"},
        "title": _text(data.get("title")),
        "creators": creators,
        "description": _text(data.get("abstract")),
        "subjects": _subjects(_texts(data.get("keywords"))),
        "rights": _rights(_texts(data.get("license")), problems),
        "version": _text(data.get("version")),
        "publication_date": _date(data.get("date-released"), problems),
        "related_identifiers": _related(
            [_text(data.get("doi")), *identifiers], _text(data.get("repository-code")), problems
        ),
    }
    return _fragment(metadata), problems


def _names(value) -> list[str]:
    """Names given as text or as nodes with a `name` (organisations, defined terms)."""
    return _texts([node.get("name") if isinstance(node, dict) else node for node in _list(value)])


def _codemeta_party(node: dict, problems: list[str]) -> dict | None:
    name = _text(node.get("name"))
    family = " ".join(_texts(node.get("familyName")))
    given = " ".join(_texts(node.get("givenName")))
    if "Organization" in _texts(node.get("@type")) or not (family or given or name):
        return _organisation(name) if name else None
    if not (family or given):  # a person named in one string: "Doe, Jane" or "Jane Doe"
        family, _, given = name.partition(",") if "," in name else name.rpartition(" ")[::-1]
    ids = _texts(_list(node.get("@id")) + _list(node.get("identifier")))
    orcid = next((text for text in ids if "orcid.org/" in text), "")
    affiliations = _names(node.get("affiliation"))
    return _person(family.strip(), given.strip(), orcid, affiliations, problems)


def _spdx(value) -> list[str]:
    """SPDX ids of a codemeta license: `https://spdx.org/licenses/MIT`, `MIT`, or a node."""
    found = []
    for item in _list(value):
        text = _text(item.get("@id") or item.get("url")) if isinstance(item, dict) else _text(item)
        if text:
            found.append(re.sub(r"\.(html|json)$", "", text.rstrip("/").rsplit("/", 1)[-1]))
    return found


def _load_codemeta(path: Path, problems: list[str]) -> dict | None:
    text = _read(path, problems)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        problems.append(f"{path.name} is not valid JSON.")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name} does not hold a JSON object.")
        return None
    return data


def read_codemeta(path: Path) -> tuple[dict, list[str]]:
    """The deposit fragment a codemeta.json (v2 or v3) describes, and the problems met."""
    problems: list[str] = []
    data = _load_codemeta(Path(path), problems)
    if data is None:
        return {}, problems

    def parties(key: str) -> list[dict]:
        return [p for node in _things(data.get(key)) if (p := _codemeta_party(node, problems))]

    contributors = [{**party, "role": {"id": "other"}} for party in parties("contributor")]
    keywords = data.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    identifiers = _texts(data.get("identifier")) + _texts(data.get("@id"))
    metadata = {
        "resource_type": {"id": "software"},
        "title": _text(data.get("name")),
        "creators": parties("author"),
        "contributors": contributors,
        "description": _text(data.get("description")),
        "subjects": _subjects(_names(keywords)),
        "rights": _rights(_spdx(data.get("license")), problems),
        "version": _text(data.get("version")) or _text(data.get("softwareVersion")),
        "publication_date": _date(data.get("datePublished"), problems),
        "related_identifiers": _related(identifiers, _text(data.get("codeRepository")), problems),
    }
    return _fragment(metadata), problems


def _folders(root: Path, paths: list[str]) -> list[Path]:
    """The folders of the chosen paths, then their parents up to the root, nearest first."""
    chains = []
    for path in paths or [""]:
        folder = confine(root, path) if path else root
        if not folder.is_dir():
            folder = folder.parent
        chains.append([folder, *(p for p in folder.parents if p.is_relative_to(root))])
    ordered: dict[Path, None] = {}
    for level in range(max(map(len, chains))):
        for chain in chains:
            if level < len(chain):
                ordered.setdefault(chain[level])
    return list(ordered)


def prefill(root: Path, paths: list[str]) -> tuple[dict, list[str]]:
    """What CITATION.cff and codemeta.json files next to the chosen paths (or in a folder above
    them, up to the root) say; the nearest file wins field by field, CITATION.cff before
    codemeta.json in one folder. Returns the fragment and the files used, relative to root."""
    root = Path(root).resolve()
    fragments, sources = [], []
    for folder in _folders(root, paths):
        for name, read in ((CFF, read_citation_cff), (CODEMETA, read_codemeta)):
            file = folder / name
            if not files.is_file(root, file):
                continue
            fragment, problems = read(file)
            source = file.relative_to(root).as_posix()
            if problems:
                log.info("Prefill from %s: %s", source, " ".join(problems))
            fragments.append(fragment)
            sources.append(source)
    return (merge_deposits(*fragments) if fragments else {}), sources
