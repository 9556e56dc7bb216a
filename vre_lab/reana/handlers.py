"""REST handlers of the Workflows panel: thin, every REANA call and file walk off the event loop."""

from __future__ import annotations

from pathlib import Path

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core import files as files_api
from ..core.api import API_PREFIX
from ..core.errors import BadRequest, Conflict, NotFound
from ..core.handlers import VRELabHandler
from ..core.jobs import ACTIVE_STATES
from ..core.paths import confine
from ..zenodo import downloads as record_downloads
from . import downloads, reproduce, rucio_inputs, runs
from .servers import LOCAL
from .service import MAX_SECRET_BYTES, WorkflowService
from .shapes import STATUSES
from .validation import validate_file

SERVER = r"(?P<server>[^/]+)"
WORKFLOW = r"(?P<workflow>[^/]+)"
RUN_JOB = "reana-run"
DOWNLOAD_JOB = "reana-download"
REPRODUCTION_JOB = "reproduction"
SORTS = ("desc", "asc")


class WorkflowsHandler(VRELabHandler):
    @property
    def workflows(self) -> WorkflowService:
        return self.vre.workflows

    def check_path_argument(self, name: str, value: str) -> None:
        if name == "server":
            self.known(value)

    def known(self, server: str) -> str:
        if not self.workflows.registry.is_known(server):
            self.workflows.registry.get(server)  # raises the NotFound that lists them
        return server

    async def blocking(self, fn, *args, **kwargs):
        return await self.vre.blocking.run(fn, *args, what="REANA", **kwargs)


class ServersHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self):
        self.write_json(await self.blocking(self.workflows.describe))


class SelectionHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def put(self):
        server = self.json_body().get("server")
        if not isinstance(server, str):
            raise BadRequest("server must be a server's name")
        self.write_json(await self.blocking(self.workflows.select, self.known(server)))


class WhoamiHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self, server: str):
        self.write_json(await self.blocking(self.workflows.whoami, server))


class TokenHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def put(self, server: str):
        token = self.json_body().get("token")
        self.write_json(await self.blocking(self.workflows.login, server, token))

    @web.authenticated
    @authorized
    async def delete(self, server: str):
        await self.blocking(self.workflows.logout, server)
        self.no_content()


class ValidateHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self):
        path = self.json_body().get("path")
        if not isinstance(path, str):
            raise BadRequest("path must name a reana.yaml")
        target = confine(self.settings["server_root_dir"], path)
        if not files_api.is_file(self.settings["server_root_dir"], path):
            raise NotFound(f"No file {path!r}")
        validation = await self.blocking(validate_file, target)
        self.write_json(validation.to_json())


class WorkflowListHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self, server: str):
        statuses = [s for s in self.text_argument("status").split(",") if s]
        unknown = sorted(set(statuses) - set(STATUSES))
        if unknown:
            raise BadRequest(f"status must be among {', '.join(STATUSES)}")
        sort = self.get_query_argument("sort", "desc")
        if sort not in SORTS:
            raise BadRequest("sort must be desc or asc")
        page, size = self.paging(20)
        answer = await self.blocking(
            self.workflows.list_workflows,
            server,
            status=statuses,
            search=self.text_argument("search"),
            sort=sort,
            page=page,
            size=size,
        )
        self.write_json(answer)


class RunsHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self, server: str):
        if server == LOCAL:
            await self.authorize_execute()
        root, body = self.settings["server_root_dir"], self.json_body()
        service = self.workflows
        request = await self.blocking(runs.run_request, root, server, body, service.local.engines)
        if request.rucio_inputs and server != LOCAL:
            missing = await self.blocking(rucio_inputs.missing_secrets, service, server)
            if missing:
                raise BadRequest(
                    f"REANA gives a step Rucio with your secrets; add {', '.join(missing)} in"
                    " Secrets first",
                    code="secrets_missing",
                )
        self.start_job(RUN_JOB, request.params(), lambda ctx: runs.run(ctx, service, request))


def _run_job(handler: WorkflowsHandler, job_id: str):
    job = handler.existing_job(job_id, RUN_JOB, "workflow run")
    if job.state in ACTIVE_STATES:
        raise Conflict("The run is still going")
    return job


class ResumeHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self, job_id: str):
        job = _run_job(self, job_id)
        if job.state == "succeeded":
            raise Conflict("The run finished; there is nothing to resume")
        params = job.params
        if params.get("server") == LOCAL:
            await self.authorize_execute()
        root = self.settings["server_root_dir"]
        body = {key: params.get(key) for key in ("path", "name", "parameters", "rucio_inputs")}
        service, done = self.workflows, dict(job.result)
        request = await self.blocking(
            runs.run_request, root, self.known(params["server"]), body, service.local.engines
        )
        self.vre.jobs.delete(job_id)
        self.start_job(
            RUN_JOB,
            {**request.params(), "resumed_from": job_id},
            lambda ctx: runs.run(ctx, service, request, done),
        )


class CleanupHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self, job_id: str):
        job = _run_job(self, job_id)
        server = job.params.get("server", "")
        if job.state != "succeeded" and self.workflows.registry.is_known(server):
            await self.blocking(runs.clean_up, self.workflows, server, job.result)
        self.vre.jobs.delete(job_id)
        self.no_content()


class WorkflowHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self, server: str, workflow: str):
        self.write_json(await self.blocking(self.workflows.workflow, server, workflow))

    @web.authenticated
    @authorized
    async def delete(self, server: str, workflow: str):
        await self.blocking(self.workflows.delete, server, workflow)
        self.no_content()


class LogsHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self, server: str, workflow: str):
        since = self.get_argument("since", None)
        self.write_json(await self.blocking(self.workflows.logs, server, workflow, since))


class WorkspaceHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self, server: str, workflow: str):
        page, size = self.paging(50)
        answer = await self.blocking(
            self.workflows.workspace,
            server,
            workflow,
            search=self.text_argument("search"),
            page=page,
            size=size,
        )
        self.write_json(answer)


class StopHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self, server: str, workflow: str):
        self.write_json(await self.blocking(self.workflows.stop, server, workflow))


class DownloadHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self, server: str, workflow: str):
        body = self.json_body()  # the document makes files a list of names, outputs a boolean
        files, outputs = body.get("files"), body.get("outputs", False)
        service, root = self.workflows, self.settings["server_root_dir"]
        server = server
        for name in files or []:
            downloads.safe_relative(name)
        detail = await self.blocking(service.workflow, server, workflow)
        names = await self.blocking(downloads.chosen_files, service, server, detail, files, outputs)
        destination = body.get("destination") or downloads.default_destination(detail)
        if not isinstance(destination, str):
            raise BadRequest("destination must be a folder relative to the server root")
        target = downloads.destination_dir(root, destination)
        for name in names:  # every file it will write, checked before the job starts
            files_api.writable_target(root, target / downloads.safe_relative(name))
        params = {"server": server, "workflow": detail["id"], "files": len(names)}
        self.start_job(
            DOWNLOAD_JOB,
            {**params, "destination": destination},
            lambda ctx: downloads.download(
                ctx, service, server, detail["id"], names, target, detail if not files else None
            ),
        )


class SecretsHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def get(self, server: str):
        self.write_json(await self.blocking(self.workflows.secrets, server))

    @web.authenticated
    @authorized
    async def post(self, server: str):
        body = self.json_body()
        name, value, path = body.get("name"), body.get("value"), body.get("path")
        if not isinstance(name, str):
            raise BadRequest("name must be a string")
        if (value is None) == (path is None):
            raise BadRequest("Give either value or path (a file to read the secret from)")
        if value is not None:
            if not isinstance(value, str):
                raise BadRequest("value must be a string")
            content, kind = value.encode(), body.get("type", "env")
        else:
            if not isinstance(path, str):
                raise BadRequest("path must be a file relative to the server root")
            root = self.settings["server_root_dir"]
            content = await self.blocking(files_api.read_bytes, root, path, MAX_SECRET_BYTES)
            kind = body.get("type", "file")
        overwrite = body.get("overwrite", False) is True
        answer = await self.blocking(
            self.workflows.add_secret, server, name, content, kind, overwrite
        )
        self.write_json(answer, status=201)


class SecretHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def delete(self, server: str, name: str):
        await self.blocking(self.workflows.delete_secret, server, name)
        self.no_content()


class ReproductionsHandler(WorkflowsHandler):
    @web.authenticated
    @authorized
    async def post(self):
        body, service = self.json_body(), self.workflows
        root = Path(service.settings.root_dir).resolve()
        instance, server = body.get("instance"), self.known(body.get("server", LOCAL))
        if server == LOCAL:
            await self.authorize_execute()
        if instance is not None:
            self.vre.rucio.registry.get(instance)  # the NotFound that lists them
        if server != LOCAL:
            await self.blocking(service.client, server)  # no token: a 403 before any job
        if "record" in body:  # a published record: its files are fetched first
            await self._from_record(root, body["record"], instance, server)
            return
        source = body["source"]
        crate = await self.blocking(reproduce.check_source, root, source)
        folder = await self.blocking(reproduce.reproduction_folder, root, crate)
        self.start_job(
            REPRODUCTION_JOB,
            {"source": source, "folder": folder, "server": server},
            lambda ctx: reproduce.reproduce(ctx, service, source, folder, instance, server),
        )

    async def _from_record(self, root: Path, record: dict, instance: str | None, server: str):
        service, publish = self.workflows, self.vre.publish
        repository, record_id = record["repository"], record["id"]
        if not publish.registry.is_known(repository):
            publish.registry.get(repository)  # the NotFound that lists them
        entries = await self.blocking(publish.published_files, repository, record_id)
        summary = await self.blocking(publish.published_record, repository, record_id)
        original = {
            "repository": repository,
            "id": record_id,
            **{key: summary.get(key) for key in ("title", "doi", "html") if summary.get(key)},
        }
        name = f"{repository}-{record_id}"
        folder = await self.blocking(reproduce.reproduction_folder, root, root / name)
        source = f"record {record_id} of {repository}"

        def work(ctx):
            target = confine(root, folder)
            record_downloads.download(ctx, publish, repository, record_id, entries, target)
            return reproduce.reproduce_in(
                ctx, service, source, target, folder, instance, server, original
            )

        params = {"source": source, "folder": folder, "server": server, "record": record}
        self.start_job(REPRODUCTION_JOB, params, work)


def workflow_handlers():
    base = rf"{API_PREFIX}/reana"
    one = rf"{base}/servers/{SERVER}"
    workflow = rf"{one}/workflows/{WORKFLOW}"
    run = rf"{base}/runs/(?P<job_id>[^/]+)"
    return [
        (rf"{base}/servers", ServersHandler),
        (rf"{base}/selection", SelectionHandler),
        (rf"{base}/validate", ValidateHandler),
        (rf"{base}/reproductions", ReproductionsHandler),
        (rf"{one}/whoami", WhoamiHandler),
        (rf"{one}/token", TokenHandler),
        (rf"{one}/workflows", WorkflowListHandler),
        (rf"{one}/runs", RunsHandler),
        (rf"{run}/resume", ResumeHandler),
        (rf"{run}/cleanup", CleanupHandler),
        (workflow, WorkflowHandler),
        (rf"{workflow}/logs", LogsHandler),
        (rf"{workflow}/workspace", WorkspaceHandler),
        (rf"{workflow}/stop", StopHandler),
        (rf"{workflow}/download", DownloadHandler),
        (rf"{one}/secrets", SecretsHandler),
        (rf"{one}/secrets/(?P<name>[^/]+)", SecretHandler),
    ]
