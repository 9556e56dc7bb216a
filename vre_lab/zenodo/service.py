"""What the Publish panel asks for, answered by the repository it names.

Handlers call these methods in worker threads (they block on HTTP or on the file system).
"""

from __future__ import annotations

from datetime import date

from ..core.endpoint_tokens import EndpointTokens
from ..core.errors import BadRequest, Forbidden, NotFound, Unprocessable
from ..core.paths import confine
from ..core.private_file import PrivateJSONFile
from . import citation, metadata, provenance, reproduction, shapes
from .client import ClientFactory, InvenioClient
from .doi import CONCEPT
from .doi import parse as parse_doi
from .doi import query as doi_query
from .repositories import ROCRATE, load_repositories
from .settings import PublishSettings
from .vocabularies import VOCABULARIES


class PublishService:
    def __init__(self, settings: PublishSettings):
        self.settings = settings
        self.registry = load_repositories(settings.publish_repositories)
        self._tokens = EndpointTokens(self.registry, settings.tokens_path)
        self._state = PrivateJSONFile(settings.state_path)
        self.clients = ClientFactory(settings.timeout)

    # repositories and tokens

    def describe(self) -> dict:
        repositories = []
        for repository in self.registry.endpoints.values():
            token, source = self._tokens.token(repository.name)
            repositories.append(
                {
                    "name": repository.name,
                    "display_name": repository.title,
                    "url": repository.url,
                    "kind": repository.flavour,
                    "token": source if token else None,
                    "description": f"InvenioRDM records API at {repository.url}",
                }
            )
        repositories.append(
            {
                "name": ROCRATE,
                "display_name": "RO-Crate file (no repository)",
                "url": None,
                "kind": "rocrate",
                "token": None,
                "description": "Exports the files and their metadata as an RO-Crate zip "
                "in your workspace, ready to upload later.",
            }
        )
        return {"repositories": repositories, "selected": self.selected()}

    def selected(self) -> str:
        chosen = self._state.get("selected")
        if isinstance(chosen, str) and self.registry.is_known(chosen):
            return chosen
        return next(iter(self.registry.endpoints), ROCRATE)

    def select(self, name: str) -> dict:
        if not self.registry.is_known(name):
            self.registry.get(name)
        self._state.put("selected", name)
        return {"selected": name}

    def summary(self) -> dict:
        titles = [r.title for r in self.registry.endpoints.values()]
        if titles:
            return {"configured": True, "summary": f"Publishing to {', '.join(titles)}."}
        return {
            "configured": True,
            "summary": "No repository is configured: publications are exported as RO-Crates.",
        }

    def _remote(self, name: str):
        if name == ROCRATE:
            raise NotFound("The RO-Crate export has no records", code="not_supported")
        return self.registry.get(name)

    def client(self, name: str, *, token_needed: bool = True) -> InvenioClient:
        repository = self._remote(name)
        token, _ = self._tokens.token(name)
        if not token and token_needed:
            raise Forbidden(
                f"{repository.title} needs a personal access token", code="credentials_missing"
            )
        return self.clients.client(repository, token)

    def _who(self, name: str, client: InvenioClient) -> dict:
        """The token is checked by listing the user's records (InvenioRDM answers 403 to a token
        it does not know); the owner of a record names the user."""
        try:
            answer = client.user_records(size=1)
        except Forbidden as e:
            raise Forbidden(
                f"{client.repository.title} refused the access token", code="credentials_rejected"
            ) from e
        user = {"id": None, "username": None, "full_name": None}
        for hit in answer["hits"]["hits"]:
            owner = (((hit.get("parent") or {}).get("access") or {}).get("owned_by") or {}).get(
                "user"
            )
            if owner is None:
                continue
            user["id"] = str(owner)
            try:
                found = client.user(owner)
            except (NotFound, Forbidden):
                break
            profile = found.get("profile") or {}
            user["username"] = found.get("username")
            user["full_name"] = profile.get("full_name") or found.get("username")
            break
        return {"repository": name, "user": user}

    def whoami(self, name: str) -> dict:
        return self._who(name, self.client(name))

    def login(self, name: str, token) -> dict:
        repository = self._remote(name)
        if not isinstance(token, str) or not token.strip():
            raise BadRequest("token must be a non-empty string", code="bad_credentials")
        token = token.strip()
        answer = self._who(name, self.clients.client(repository, token))  # refused: never kept
        self._tokens.keep(name, token)
        return answer

    def logout(self, name: str) -> None:
        self._remote(name)
        self._tokens.forget(name)

    # metadata

    def vocabularies(self) -> dict:
        return VOCABULARIES

    def validate(self, deposit, repository: str | None) -> metadata.Validation:
        zenodo = False
        if repository and repository != ROCRATE:
            zenodo = self.registry.get(repository).flavour == "zenodo"
        return metadata.validate_deposit(deposit, require_description=zenodo)

    def checked(self, deposit, repository: str) -> dict:
        """The deposit, normalised, or a 400 naming every field that is wrong."""
        validation = self.validate(deposit, repository)
        if not validation.valid:
            raise Unprocessable(
                "The description is not complete: " + validation.errors[0].message,
                code="invalid_metadata",
                errors=validation.to_json()["errors"],
            )
        return metadata.normalise_deposit(deposit)

    def prefill(self, paths: list[str]) -> dict:
        # a reproduction is a record of its own: not the CITATION.cff of the work it redid
        fragment, sources = reproduction.prefill(self.settings.root_dir, paths)
        if not fragment:
            fragment, sources = citation.prefill(self.settings.root_dir, paths)
        related, notebooks = provenance.related_datasets(self.settings.root_dir, paths)
        if related:
            described = fragment.setdefault("metadata", {})
            described["related_identifiers"] = provenance.merge_related(
                described.get("related_identifiers") or [], related
            )
            sources = [*sources, *notebooks]
        layers = [fragment]
        last = self._state.get("last_deposit")
        if isinstance(last, dict):
            layers.append(last)
            sources = [*sources, "your last publication"]
        deposit = metadata.merge_deposits(*layers, metadata.default_deposit(date.today()))
        return {"deposit": deposit, "sources": sources}

    def remember(self, deposit: dict) -> None:
        """What the next form starts from: who, how, under which license; not what."""
        kept = {
            "metadata": {
                key: value
                for key, value in (deposit.get("metadata") or {}).items()
                if key in ("creators", "contributors", "rights", "resource_type", "subjects")
            },
            "access": deposit.get("access") or {},
        }
        self._state.put("last_deposit", kept)

    def keep_communities(self, name: str, record_id: str, communities: list[str]) -> None:
        waiting = self._state.get("communities") or {}
        waiting[f"{name}:{record_id}"] = communities
        self._state.put("communities", waiting)

    def _take_communities(self, name: str, record_id: str) -> list[str]:
        waiting = self._state.get("communities") or {}
        found = waiting.pop(f"{name}:{record_id}", [])
        self._state.put("communities", waiting)
        return found

    # records

    def records(self, name: str, *, q: str, page: int, size: int) -> dict:
        answer = self.client(name).user_records(q=q, page=page, size=size)
        return shapes.page_of(answer, page, size, shapes.summary)

    def record(self, name: str, record_id: str, *, draft: bool) -> dict:
        client = self.client(name)
        record = client.draft(record_id) if draft else client.record(record_id)
        files = client.draft_files(record_id) if draft else client.record_files(record_id)
        return self._detail(record, files)

    def _detail(self, record: dict, files: list[dict]) -> dict:
        return {
            **shapes.summary(record),
            "deposit": metadata.deposit_from_record(record),
            "files": [shapes.file_entry(entry) for entry in files],
            "errors": shapes.field_errors(record),
            "parent_id": (record.get("parent") or {}).get("id"),
            "versions": record.get("versions") or {},
        }

    def update_draft(self, name: str, record_id: str, deposit) -> dict:
        client = self.client(name)
        normalised = self.checked(deposit, name)
        record = client.update_draft(record_id, metadata.draft_body(normalised))
        self.keep_communities(name, record_id, normalised.get("communities") or [])
        return self._detail(record, client.draft_files(record_id))

    def discard(self, name: str, record_id: str) -> None:
        self.client(name).discard_draft(record_id)
        self._take_communities(name, record_id)

    def publish(self, name: str, record_id: str, citation_folder: str | None) -> dict:
        client = self.client(name)
        folder = None
        if citation_folder is not None:
            folder = confine(self.settings.root_dir, citation_folder)
            if not folder.is_dir():
                raise BadRequest(f"{citation_folder!r} is not a folder")
        record = client.publish(record_id)
        answer = shapes.summary(record)
        doi = answer["doi"]
        repository = self.registry.get(name)
        answer["badge"] = shapes.badge(repository, doi) if doi else None
        answer["communities"] = []
        for community in self._take_communities(name, record_id):
            try:
                client.submit_to_communities(answer["id"], [community])
                answer["communities"].append({"id": community, "status": "submitted"})
            except (BadRequest, NotFound, Forbidden) as e:
                answer["communities"].append({"id": community, "status": e.message})
        if folder is not None and doi:
            deposit = metadata.deposit_from_record(record)
            written = citation.write_doi_to_citation(folder, deposit, doi, answer["html"] or "")
            answer["citation_path"] = written.relative_to(self.settings.root_dir).as_posix()
        return answer

    def search(self, name: str, *, q: str, community: str, page: int, size: int) -> dict:
        """Words, or a DOI: then the version of a record with that DOI (an older version too: a
        paper cites one version), else the latest version of the record whose concept DOI it is;
        the answer's `doi` names the DOI looked up."""
        found = parse_doi(q)
        client = self.client(name, token_needed=False)
        where = {"community": community, "page": page, "size": size}
        if not found:
            answer = shapes.page_of(client.search(q=q, **where), page, size, shapes.summary)
            return {**answer, "doi": None}
        versions = client.search(q=doi_query(found), all_versions=True, **where)
        answer = shapes.page_of(versions, page, size, shapes.summary)
        if not answer["total"]:
            concept = client.search(q=doi_query(found, CONCEPT), **where)
            answer = shapes.page_of(concept, page, size, shapes.summary)
        return {**answer, "doi": found}

    def communities(self, name: str, *, q: str, page: int, size: int) -> dict:
        answer = self.client(name, token_needed=False).communities(q=q, page=page, size=size)
        return shapes.page_of(answer, page, size, shapes.community)

    def published_record(self, name: str, record_id: str) -> dict:
        """A published record's summary (title, DOI, page), as anyone may read it."""
        return shapes.summary(self.client(name, token_needed=False).record(record_id))

    def published_files(self, name: str, record_id: str) -> list[dict]:
        return self.client(name, token_needed=False).record_files(record_id)
