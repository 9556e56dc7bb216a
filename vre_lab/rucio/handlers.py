"""REST handlers of the Data (Rucio) panel: thin, every Rucio call off the event loop."""

from __future__ import annotations

import functools

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.api import API_PREFIX
from ..core.errors import BadRequest
from ..core.handlers import VRELabHandler
from ..core.paths import confine
from .credentials import PATH_FIELDS, UserCredentials
from .dids import parse_did
from .registration import check_clashes, local_sources, register
from .registration_request import registration_request
from .service import MAX_PAGE_SIZE, RucioService
from .transfers import make_available, upload, upload_request

INSTANCE = r"(?P<instance>[^/]+)"


class RucioHandler(VRELabHandler):
    @property
    def rucio(self) -> RucioService:
        return self.vre.rucio

    async def blocking(self, fn, *args, **kwargs):
        return await self.vre.blocking.run(fn, *args, what="Rucio", **kwargs)

    def check_path_argument(self, name: str, value: str) -> None:
        if name == "instance":
            self.rucio.registry.get(value)

    def start_job(self, kind: str, params: dict, work) -> None:
        super().start_job(kind, {"instance": self.path_kwargs["instance"], **params}, work)


class InstancesHandler(RucioHandler):
    @web.authenticated
    @authorized
    def get(self):
        self.write_json(self.rucio.describe())


class WhoamiHandler(RucioHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        self.write_json(await self.blocking(self.rucio.whoami, instance))


class CredentialsHandler(RucioHandler):
    @web.authenticated
    @authorized
    async def put(self, instance: str):
        body = self.json_body()
        credentials = UserCredentials.from_request(body)
        if any(getattr(credentials, name) for name in PATH_FIELDS):
            credentials = credentials.with_paths(
                functools.partial(_confined_file, self.settings["server_root_dir"])
            )
        self.write_json(await self.blocking(self.rucio.login, instance, credentials))

    @web.authenticated
    @authorized
    async def delete(self, instance: str):
        await self.blocking(self.rucio.logout, instance)
        self.set_status(204)
        self.finish()


def _confined_file(root: str, path: str):
    resolved = confine(root, path)
    if not resolved.is_file():
        raise BadRequest(f"{path!r} is not a file", code="bad_credentials")
    return resolved


class ScopesHandler(RucioHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        self.write_json({"scopes": await self.blocking(self.rucio.scopes, instance)})


class RSEsHandler(RucioHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        expression = self.get_query_argument("expression", None)
        self.write_json({"rses": await self.blocking(self.rucio.rses, instance, expression)})


class SearchHandler(RucioHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        items, next_cursor = await self.blocking(
            self.rucio.search,
            instance,
            self.get_query_argument("query", ""),
            scope=self.get_query_argument("scope", None),
            kind=self.get_query_argument("type", None),
            filter=self.get_query_argument("filter", None),
            page_size=self.int_argument("page_size", 100, 1, MAX_PAGE_SIZE),
            cursor=self.get_query_argument("cursor", None),
        )
        self.write_json({"items": items, "next_cursor": next_cursor})


class DIDHandler(RucioHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        self.write_json(await self.blocking(self.rucio.did, instance, self.did_argument()))

    def did_argument(self) -> str:
        return self.get_query_argument("did", "")


class DIDFilesHandler(DIDHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        items, next_cursor = await self.blocking(
            self.rucio.files,
            instance,
            self.did_argument(),
            self.int_argument("page_size", 100, 1, MAX_PAGE_SIZE),
            self.get_query_argument("cursor", None),
        )
        self.write_json({"items": items, "next_cursor": next_cursor})


class DIDRulesHandler(DIDHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        self.write_json(
            {"rules": await self.blocking(self.rucio.rules, instance, self.did_argument())}
        )


class DIDPathsHandler(DIDHandler):
    @web.authenticated
    @authorized
    async def get(self, instance: str):
        mode = self.get_query_argument("mode", None)
        self.write_json(await self.blocking(self.rucio.paths, instance, self.did_argument(), mode))


class MakeAvailableHandler(RucioHandler):
    @web.authenticated
    @authorized
    def post(self, instance: str):
        body = self.json_body()
        did = body.get("did")
        mode = self.rucio.mode(instance, body.get("mode"))
        did = str(parse_did(did if isinstance(did, str) else ""))
        service = self.rucio

        def work(ctx):
            return make_available(service, instance, did, mode, ctx.progress)

        self.start_job("rucio.make_available", {"did": did, "mode": mode}, work)


class UploadHandler(RucioHandler):
    @web.authenticated
    @authorized
    def post(self, instance: str):
        body = self.json_body()
        request = upload_request(self.settings["server_root_dir"], body)
        service = self.rucio

        def work(ctx):
            return upload(service, instance, request, ctx.progress)

        params = {k: v for k, v in request.items() if k != "path"}
        self.start_job("rucio.upload", params, work)


class RegistrationsHandler(RucioHandler):
    """A finished run's outputs uploaded to an RSE into a dataset naming the run (a job)."""

    @web.authenticated
    @authorized
    async def post(self, instance: str):
        body = self.json_body()
        rucio, workflows = self.rucio, self.vre.workflows
        request = await self.blocking(registration_request, rucio, workflows, instance, body)

        def clashes():
            source = local_sources(workflows, request) if request.local else None
            check_clashes(rucio, request, source)

        await self.blocking(clashes)  # a name taken by other content: 409 before any job

        def work(ctx):
            return register(ctx, rucio, workflows, request)

        self.start_job("rucio.register_outputs", request.params(), work)


def rucio_handlers():
    base = rf"{API_PREFIX}/rucio"
    one = rf"{base}/{INSTANCE}"
    return [
        (rf"{base}/instances", InstancesHandler),
        (rf"{one}/whoami", WhoamiHandler),
        (rf"{one}/credentials", CredentialsHandler),
        (rf"{one}/scopes", ScopesHandler),
        (rf"{one}/rses", RSEsHandler),
        (rf"{one}/dids", SearchHandler),
        (rf"{one}/did", DIDHandler),
        (rf"{one}/did/files", DIDFilesHandler),
        (rf"{one}/did/rules", DIDRulesHandler),
        (rf"{one}/did/paths", DIDPathsHandler),
        (rf"{one}/make-available", MakeAvailableHandler),
        (rf"{one}/upload", UploadHandler),
        (rf"{one}/registrations", RegistrationsHandler),
    ]
