"""REST handlers of the Publish panel: thin; repository calls and file walks run off the event
loop."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core import files
from ..core.errors import BadRequest, Conflict
from ..core.handlers import API_PREFIX, VRELabHandler
from ..core.jobs import ACTIVE_STATES
from ..core.paths import confine
from . import downloads, uploads
from .repositories import ROCRATE
from .service import PublishService

REPOSITORY = r"(?P<repository>[^/]+)"
RECORD = r"(?P<record>[^/]+)"
UPLOAD_JOB = "zenodo-upload"
EXPORT_JOB = "rocrate-export"
DOWNLOAD_JOB = "zenodo-download"


class PublishHandler(VRELabHandler):
    @property
    def publish(self) -> PublishService:
        return self.vre.publish

    def check_path_argument(self, name: str, value: str) -> None:
        if name == "repository":
            self.known(value)

    def known(self, repository: str) -> str:
        if not self.publish.registry.is_known(repository):
            self.publish.registry.get(repository)  # raises the NotFound that lists them
        return repository

    async def blocking(self, fn, *args, **kwargs):
        return await self.vre.blocking.run(fn, *args, what="The repository", **kwargs)


class RepositoriesHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self):
        self.write_json(await self.blocking(self.publish.describe))


class SelectionHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def put(self):
        repository = self.json_body().get("repository")
        if not isinstance(repository, str):
            raise BadRequest("repository must be a repository's name")
        self.write_json(await self.blocking(self.publish.select, self.known(repository)))


class WhoamiHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self, repository: str):
        self.write_json(await self.blocking(self.publish.whoami, repository))


class TokenHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def put(self, repository: str):
        token = self.json_body().get("token")
        self.write_json(await self.blocking(self.publish.login, repository, token))

    @web.authenticated
    @authorized
    async def delete(self, repository: str):
        await self.blocking(self.publish.logout, repository)
        self.no_content()


class VocabulariesHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self):
        self.write_json(self.publish.vocabularies())


class ValidateHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self):
        body = self.json_body()
        repository = body.get("repository")
        if "repository" in body:
            if not isinstance(repository, str):
                raise BadRequest("repository must be a repository's name")
            self.known(repository)
        deposit = body.get("deposit")
        if not isinstance(deposit, dict):
            raise BadRequest("deposit must be a JSON object (metadata, access)")
        validation = self.publish.validate(deposit, repository)
        self.write_json(validation.to_json())


class PrefillHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self):
        paths = self.json_body().get("paths", [])
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise BadRequest("paths must be a list of paths")
        if len(paths) > 1000:
            raise BadRequest("At most 1000 paths")
        for path in paths:
            confine(self.settings["server_root_dir"], path)
        self.write_json(await self.blocking(self.publish.prefill, paths))


class UploadsHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self, repository: str):
        service, body = self.publish, self.json_body()
        request = await self.blocking(uploads.upload_request, service, repository, body)
        if repository == ROCRATE:
            target = uploads.export_destination(service, request)
            self.start_job(
                EXPORT_JOB,
                request.params(),
                lambda ctx: uploads.export(ctx, service, request, target),
            )
        else:
            self.start_job(
                UPLOAD_JOB, request.params(), lambda ctx: uploads.upload(ctx, service, request)
            )


def _upload_job(handler: PublishHandler, job_id: str):
    job = handler.existing_job(job_id, UPLOAD_JOB, "upload")
    if job.state in ACTIVE_STATES:
        raise Conflict("The upload is still going")
    return job


class ResumeHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self, job_id: str):
        job = _upload_job(self, job_id)
        if job.state == "succeeded":
            raise Conflict("The upload finished; there is nothing to resume")
        params, service = job.params, self.publish
        body = {
            "paths": params.get("paths"),
            "deposit": params.get("deposit"),
            "draft": job.result.get("draft") or params.get("draft"),
            "keep_files": params.get("keep_files", False),
        }
        if not body["draft"] and params.get("new_version_of"):
            body["new_version_of"] = params["new_version_of"]
        repository = self.known(params.get("repository", ""))
        request = await self.blocking(uploads.upload_request, service, repository, body)
        self.vre.jobs.delete(job_id)
        self.start_job(
            UPLOAD_JOB,
            {**request.params(), "resumed_from": job_id},
            lambda ctx: uploads.upload(ctx, service, request),
        )


class DiscardUploadHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self, job_id: str):
        job = _upload_job(self, job_id)
        await self.blocking(
            uploads.discard, self.publish, job.params.get("repository", ""), job.result
        )
        self.vre.jobs.delete(job_id)
        self.no_content()


class RecordsHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self, repository: str):
        page, size = self.paging(20)
        answer = await self.blocking(
            self.publish.records,
            repository,
            q=self.text_argument("q"),
            page=page,
            size=size,
        )
        self.write_json(answer)


class RecordHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self, repository: str, record: str):
        draft = self.get_query_argument("draft", "false")
        if draft not in ("true", "false"):
            raise BadRequest("draft must be true or false")
        answer = await self.blocking(self.publish.record, repository, record, draft=draft == "true")
        self.write_json(answer)


class DraftHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def put(self, repository: str, record: str):
        deposit = self.json_body().get("deposit")
        answer = await self.blocking(self.publish.update_draft, repository, record, deposit)
        self.write_json(answer)

    @web.authenticated
    @authorized
    async def delete(self, repository: str, record: str):
        await self.blocking(self.publish.discard, repository, record)
        self.no_content()


class PublishRecordHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self, repository: str, record: str):
        folder = self.json_body().get("citation_folder")
        if folder is not None and not isinstance(folder, str):
            raise BadRequest("citation_folder must be a folder relative to the server root")
        answer = await self.blocking(self.publish.publish, repository, record, folder)
        self.write_json(answer)


class SearchHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self, repository: str):
        page, size = self.paging(20)
        answer = await self.blocking(
            self.publish.search,
            repository,
            q=self.text_argument("q"),
            community=self.text_argument("community"),
            page=page,
            size=size,
        )
        self.write_json(answer)


class CommunitiesHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def get(self, repository: str):
        page, size = self.paging(20)
        answer = await self.blocking(
            self.publish.communities,
            repository,
            q=self.text_argument("q"),
            page=page,
            size=size,
        )
        self.write_json(answer)


class DownloadHandler(PublishHandler):
    @web.authenticated
    @authorized
    async def post(self, repository: str, record: str):
        body = self.json_body()
        keys = body.get("files")
        if keys is not None and (
            not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys)
        ):
            raise BadRequest("files must be a list of the record's file names")
        for key in keys or []:
            downloads.safe_key(key)
        destination = body.get("destination") or f"{self.publish.settings.download_dir}/{record}"
        if not isinstance(destination, str):
            raise BadRequest("destination must be a folder relative to the server root")
        root = self.settings["server_root_dir"]
        target = confine(root, destination)
        if target.exists() and not target.is_dir():
            raise BadRequest(f"{destination!r} is a file, not a folder")
        service = self.publish
        entries = await self.blocking(service.published_files, repository, record)
        entries = downloads.chosen(entries, keys)
        for entry in entries:  # every file it will write, checked before the job starts
            files.writable_target(root, target / downloads.safe_key(entry["key"]))
        params = {"repository": repository, "record": record, "files": len(entries)}
        self.start_job(
            DOWNLOAD_JOB,
            {**params, "destination": destination},
            lambda ctx: downloads.download(ctx, service, repository, record, entries, target),
        )


def publish_handlers():
    base = rf"{API_PREFIX}/zenodo"
    one = rf"{base}/repositories/{REPOSITORY}"
    record = rf"{one}/records/{RECORD}"
    upload = rf"{base}/uploads/(?P<job_id>[^/]+)"
    return [
        (rf"{base}/repositories", RepositoriesHandler),
        (rf"{base}/selection", SelectionHandler),
        (rf"{base}/vocabularies", VocabulariesHandler),
        (rf"{base}/metadata/validate", ValidateHandler),
        (rf"{base}/metadata/prefill", PrefillHandler),
        (rf"{one}/whoami", WhoamiHandler),
        (rf"{one}/token", TokenHandler),
        (rf"{one}/uploads", UploadsHandler),
        (rf"{upload}/resume", ResumeHandler),
        (rf"{upload}/discard", DiscardUploadHandler),
        (rf"{one}/records", RecordsHandler),
        (record, RecordHandler),
        (rf"{record}/draft", DraftHandler),
        (rf"{record}/publish", PublishRecordHandler),
        (rf"{record}/download", DownloadHandler),
        (rf"{one}/search", SearchHandler),
        (rf"{one}/communities", CommunitiesHandler),
    ]
