"""RO-Crate 1.1 export: the chosen files, `ro-crate-metadata.json` describing them with the
deposit's metadata, and `deposit.json` (the deposit itself, so that a later upload loses nothing),
in one zip that appears under its name only once complete.

The JSON-LD is written here by hand because it is a page of plain dictionaries, whereas the
`rocrate` library would add a pinned `arcp`, jinja2, click and python-dateutil to the Jupyter
server and still not stream huge files into the zip with progress and cancel.
"""

from __future__ import annotations

import json
import mimetypes
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..core import files as files_api
from ..core.errors import BadRequest
from ..core.job_runner import JobCancelled
from . import run_crate
from .metadata import normalise_orcid, plain_text
from .vocabularies import SPDX_IDS, VOCABULARIES

METADATA = "ro-crate-metadata.json"
DEPOSIT = "deposit.json"
CHUNK = 1024 * 1024
CONTEXT = "https://w3id.org/ro/crate/1.1/context"
PROFILE = "https://w3id.org/ro/crate/1.1"

# Formats mimetypes does not know, common in physics analyses.
FORMATS = {
    ".ipynb": "application/x-ipynb+json",
    ".root": "application/x-root",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".cff": "application/yaml",
    ".parquet": "application/vnd.apache.parquet",
}
# Already compressed: stored as they are rather than deflated again for nothing.
COMPRESSED = frozenset(
    {".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".root", ".h5", ".hdf5", ".parquet"}
    | {".png", ".jpg", ".jpeg", ".gif", ".mp4", ".pdf"}
)

# How a related identifier's relation reads in schema.org terms, where one fits.
RELATIONS = {
    "isderivedfrom": "isBasedOn",
    "isversionof": "isBasedOn",
    "isnewversionof": "isBasedOn",
    "continues": "isBasedOn",
    "cites": "citation",
    "references": "citation",
    "ispartof": "isPartOf",
}
# Where an identifier of a scheme resolves; schemes whose identifiers are URIs map to "{}".
RESOLVERS = {
    "doi": "https://doi.org/{}",
    "handle": "https://hdl.handle.net/{}",
    "arxiv": "https://arxiv.org/abs/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}",
    "isbn": "urn:isbn:{}",
    "issn": "urn:issn:{}",
    "url": "{}",
    "purl": "{}",
    "w3id": "{}",
    "urn": "{}",
    "lsid": "{}",
    "ark": "{}",
}
_PREFIXES = re.compile(
    r"^(doi:\s*|(https?://)?(dx\.)?doi\.org/|hdl:\s*|(https?://)?hdl\.handle\.net/|arxiv:|pmid:"
    r"|https?://pubmed\.ncbi\.nlm\.nih\.gov/)",
    re.IGNORECASE,
)


def encoding_format(key: str) -> str | None:
    suffix = PurePosixPath(key).suffix.lower()
    return FORMATS.get(suffix) or mimetypes.guess_type(key, strict=False)[0]


def _resolvable(scheme: str, identifier: str) -> str | None:
    template = RESOLVERS.get(scheme)
    if template is None:
        return None
    bare = identifier if template == "{}" else _PREFIXES.sub("", identifier)
    return template.format(bare)


class _Graph:
    """The entities of a crate, each once, in the order first met."""

    def __init__(self):
        self.entities: dict[str, dict] = {}

    def add(self, entity: dict) -> dict:
        """A reference to the entity, added unless its @id is there already."""
        self.entities.setdefault(entity["@id"], entity)
        return {"@id": entity["@id"]}


def _local_id(prefix: str, name: str) -> str:
    """An id inside the crate (`#jane-doe`); the same name makes the same id, so one entity."""
    return prefix + (re.sub(r"[^\w]+", "-", name).strip("-").lower() or "anonymous")


def _identifier(who: dict, scheme: str) -> str:
    for item in who.get("identifiers") or []:
        if item.get("scheme") == scheme and item.get("identifier"):
            return item["identifier"]
    return ""


def _organisation(graph: _Graph, name: str, ror: str = "") -> dict:
    id_ = f"https://ror.org/{ror}" if ror else _local_id("#org-", name)
    return graph.add({"@id": id_, "@type": "Organization", "name": name})


def _party(graph: _Graph, entry: dict) -> dict:
    """A creator or contributor: a Person (ORCID as id when known) or an Organization."""
    who = entry.get("person_or_org") or {}
    if who.get("type") == "organizational":
        return _organisation(graph, who.get("name", ""), _identifier(who, "ror"))
    given, family = who.get("given_name") or "", who.get("family_name") or ""
    name = f"{given} {family}".strip()
    orcid = _identifier(who, "orcid")
    person = {
        "@id": f"https://orcid.org/{normalise_orcid(orcid)}" if orcid else _local_id("#", name),
        "@type": "Person",
        "name": name,
        "familyName": family,
    }
    if given:
        person["givenName"] = given
    affiliations = [
        _organisation(graph, place.get("name") or place.get("id", ""), place.get("id", ""))
        for place in entry.get("affiliations") or []
    ]
    if affiliations:
        person["affiliation"] = affiliations
    return graph.add(person)


def _license(graph: _Graph, license_id: str) -> dict:
    titles = {entry["id"]: entry["title"] for entry in VOCABULARIES["licenses"]}
    spdx = SPDX_IDS.get(license_id, license_id)
    entity = {
        "@id": f"https://spdx.org/licenses/{spdx}",
        "@type": "CreativeWork",
        "name": titles.get(license_id, spdx),
        "identifier": spdx,
    }
    return graph.add(entity)


def _related(graph: _Graph, root: dict, related: list[dict]) -> None:
    for entry in related:
        relation = RELATIONS.get((entry.get("relation_type") or {}).get("id"))
        scheme, identifier = entry.get("scheme", ""), entry.get("identifier", "")
        uri = _resolvable(scheme, identifier)
        if relation and uri:
            work = {"@id": uri, "@type": "CreativeWork", "identifier": identifier}
            root.setdefault(relation, []).append(graph.add(work))


def crate_metadata(
    files: list[tuple[str, int]],
    deposit: dict,
    runs: list[tuple[str, dict]] = (),
    with_deposit: bool = True,
) -> dict:
    """The `ro-crate-metadata.json` of a crate holding `files` (key, size) and, `with_deposit`,
    `deposit.json`; with workflow `runs` among them (key prefix, provenance record), a Workflow
    Run Crate."""
    metadata = deposit.get("metadata") or {}
    graph = _Graph()
    graph.add(
        {
            "@id": METADATA,
            "@type": "CreativeWork",
            "conformsTo": {"@id": PROFILE},
            "about": {"@id": "./"},
        }
    )
    title = metadata.get("title") or ""
    root = {
        "@id": "./",
        "@type": "Dataset",
        "name": title,
        "description": plain_text(metadata.get("description") or "") or title,
        "datePublished": metadata.get("publication_date"),
    }
    graph.add(root)
    root["author"] = [_party(graph, creator) for creator in metadata.get("creators") or []]
    if contributors := metadata.get("contributors"):
        root["contributor"] = [_party(graph, contributor) for contributor in contributors]
    if rights := [r["id"] for r in metadata.get("rights") or [] if r.get("id")]:
        licenses = [_license(graph, id_) for id_ in rights]
        root["license"] = licenses[0] if len(licenses) == 1 else licenses
    if keywords := [s["subject"] for s in metadata.get("subjects") or [] if s.get("subject")]:
        root["keywords"] = keywords
    if metadata.get("version"):
        root["version"] = metadata["version"]
    _related(graph, root, metadata.get("related_identifiers") or [])
    parts = [*files, (DEPOSIT, len(_deposit_json(deposit).encode()))] if with_deposit else files
    root["hasPart"] = [graph.add(_file(key, size)) for key, size in parts]
    context = CONTEXT
    if runs:
        agent = root["author"][0] if root["author"] else None
        context = run_crate.describe(graph, root, list(runs), agent)
    return {"@context": context, "@graph": [_single_values(e) for e in graph.entities.values()]}


def _single_values(entity: dict) -> dict:
    """A list of one value as the value itself, as the RO-Crate 1.1 JSON-LD recommendation asks."""
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in entity.items()}


def _deposit_json(deposit: dict) -> str:
    return json.dumps(deposit, indent=2, ensure_ascii=False)


def _file(key: str, size: int) -> dict:
    entity = {"@id": quote(key), "@type": "File", "name": PurePosixPath(key).name}
    if key == DEPOSIT:
        entity["description"] = "The deposit (InvenioRDM draft metadata) this crate was made from"
    entity["contentSize"] = str(size)
    if encoding := encoding_format(key):
        entity["encodingFormat"] = encoding
    return entity


def _check_keys(keys: list[str]) -> None:
    seen = set()
    for key in keys:
        path = PurePosixPath(key)
        if not key or path.is_absolute() or ".." in path.parts or "\\" in key:
            raise BadRequest(f"{key!r} cannot be a file name in a crate")
        if key in (METADATA, DEPOSIT):
            raise BadRequest(f"{key!r} is the crate's own metadata file; rename yours")
        if key in seen:
            raise BadRequest(f"{key!r} is chosen twice")
        seen.add(key)


def export_crate(
    files: list[tuple[str, Path]],
    deposit: dict,
    target: Path,
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict:
    """Write the crate to `target` (a zip inside `root`) through the confined file API: renamed
    into place when complete, removed on a cancel (JobCancelled) or an error.
    `progress(done, total)` follows the bytes of the files. Returns `{path, files, bytes}`
    (bytes of the files exported)."""
    _check_keys([key for key, _ in files])
    runs = run_crate.runs_in(root, files)
    files = [*files, *run_crate.workflow_files(root, runs, {key for key, _ in files})]
    sizes = [(key, path.stat().st_size) for key, path in files]
    total = sum(size for _, size in sizes)
    metadata = json.dumps(crate_metadata(sizes, deposit, runs), indent=2, ensure_ascii=False)
    done = 0
    with (
        files_api.atomic_file(root, target) as partial,
        zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as crate,
    ):
        crate.writestr(METADATA, metadata)
        crate.writestr(DEPOSIT, _deposit_json(deposit))
        for key, path in files:
            # from_file sets the size up front, so a huge file gets its ZIP64 header
            info = zipfile.ZipInfo.from_file(path, key, strict_timestamps=False)
            compressed = PurePosixPath(key).suffix.lower() in COMPRESSED
            info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            with files_api.open_read(root, path) as source, crate.open(info, "w") as sink:
                while True:
                    if cancelled and cancelled():
                        raise JobCancelled()
                    chunk = source.read(CHUNK)
                    if not chunk:
                        break
                    sink.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
    return {"path": str(target), "files": len(files), "bytes": total}
