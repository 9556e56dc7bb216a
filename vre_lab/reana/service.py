"""What the Workflows panel asks for, answered by the REANA server or the local engine it names.

Handlers call these methods in worker threads (they block on HTTP or on the file system).
"""

from __future__ import annotations

import base64
import getpass
import logging

from ..core.endpoint_tokens import EndpointTokens
from ..core.errors import BadRequest, Conflict, Forbidden, NotFound, VRELabError
from ..core.jobs import JobStore
from ..core.private_file import PrivateJSONFile
from ..core.secrets import register_secret
from . import logcursor, shapes
from .client import ClientFactory, ReanaClient
from .local import LocalEngine
from .local.engines import Engines
from .servers import LOCAL, TOKEN_ENV, URL_ENV, load_servers
from .settings import WorkflowSettings

SECRET_NAME_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
MAX_SECRET_BYTES = 1024 * 1024


class WorkflowService:
    def __init__(
        self,
        settings: WorkflowSettings,
        log: logging.Logger | None = None,
        jobs: JobStore | None = None,
    ):
        self.settings = settings
        self.log = log or logging.getLogger("vre_lab")
        self.registry = load_servers(settings.reana_servers)
        self._tokens = EndpointTokens(self.registry, settings.tokens_path)
        self._selection = PrivateJSONFile(settings.selection_path)
        self.clients = ClientFactory(settings.timeout)
        self.local = LocalEngine(
            root_dir=settings.root_dir,
            workspace_dir=settings.local_workspace_dir,
            state_dir=settings.local_state_dir,
            container_runtimes=tuple(settings.reana_container_runtimes),
            engines=Engines(settings.engines_venv),
            log=log,
            servers=jobs,
            max_parallel_runs=settings.reana_local_max_parallel_runs,
        )
        self.dids = None  # vre_lab.rucio.did_records.DidRecords, once the app gives it

    def use_data(self, dids) -> None:
        """Rucio, for the DIDs a run read: described in its provenance, checked and made
        available again before a reproduction."""
        self.dids = dids
        self.local.describe_dids = dids.describe

    # servers and tokens

    def _token(self, name: str) -> tuple[str | None, str | None]:
        return self._tokens.token(name)

    def describe(self) -> dict:
        servers = [
            {
                "name": LOCAL,
                "display_name": "This machine",
                "kind": "local",
                "url": None,
                "token": None,
                "description": "Runs serial workflows here, in a folder of your workspace.",
            }
        ]
        for server in self.registry.endpoints.values():
            token, source = self._token(server.name)
            servers.append(
                {
                    "name": server.name,
                    "display_name": server.title,
                    "kind": "reana",
                    "url": server.url,
                    "token": source if token else None,
                    "description": f"REANA at {server.url}",
                }
            )
        return {"servers": servers, "selected": self.selected()}

    def selected(self) -> str:
        chosen = self._selection.get("selected")
        if isinstance(chosen, str) and self.registry.is_known(chosen):
            return chosen
        return next(iter(self.registry.endpoints), LOCAL)

    def select(self, name: str) -> dict:
        if name != LOCAL:
            self.registry.get(name)
        self._selection.put("selected", name)
        return {"selected": name}

    def summary(self) -> dict:
        remote = [server.title for server in self.registry.endpoints.values()]
        if remote:
            text = f"REANA: {', '.join(remote)}; local runs on this machine."
        else:
            text = "Local runs on this machine; no REANA server is configured."
        return {"configured": True, "summary": text}

    def client(self, name: str) -> ReanaClient:
        server = self.registry.get(name)
        token, _ = self._token(name)
        if not token:
            raise Forbidden(
                f"REANA server {server.title!r} needs an access token", code="credentials_missing"
            )
        return self.clients.client(server, token)

    def whoami(self, name: str) -> dict:
        if name == LOCAL:
            return {"server": LOCAL, "user": {"username": getpass.getuser()}}
        you = self.client(name).you()
        user = {key: you.get(key) for key in ("email", "full_name", "username")}
        return {"server": name, "user": user}

    def login(self, name: str, token: str) -> dict:
        if name == LOCAL:
            raise NotFound("The local engine has no token", code="not_supported")
        server = self.registry.get(name)
        if not isinstance(token, str) or not token.strip():
            raise BadRequest("token must be a non-empty string", code="bad_credentials")
        token = token.strip()
        register_secret(token)
        you = self.clients.client(server, token).you()  # refused tokens are never kept
        self._tokens.keep(name, token)
        user = {key: you.get(key) for key in ("email", "full_name", "username")}
        return {"server": name, "user": user}

    def logout(self, name: str) -> None:
        if name == LOCAL:
            raise NotFound("The local engine has no token", code="not_supported")
        self.registry.get(name)
        self._tokens.forget(name)

    def terminal_environment(self) -> dict[str, str]:
        """REANA_SERVER_URL/REANA_ACCESS_TOKEN of the selected REANA server (else the first),
        for terminals, so a separately installed reana-client works there too."""
        chosen = self.selected()
        names = [chosen] if chosen in self.registry.endpoints else list(self.registry.endpoints)[:1]
        for name in names:
            token, _ = self._token(name)
            env = {URL_ENV: self.registry.get(name).url}
            if token:
                env[TOKEN_ENV] = token
            return env
        return {}

    # workflows

    def list_workflows(
        self, name: str, *, status: list[str], search: str, sort: str, page: int, size: int
    ) -> dict:
        if name == LOCAL:
            return self.local.list(status=status, search=search, sort=sort, page=page, size=size)
        # deleted workflows only when asked for, as reana-client lists them
        shown = status or [s for s in shapes.STATUSES if s != "deleted"]
        answer = self.client(name).list_workflows(
            status=shown, search=search, sort=sort, page=page, size=size
        )
        items = [shapes.workflow_from_reana(item, name) for item in answer["items"]]
        return {
            "items": items,
            "total": answer.get("total", len(items)),
            "page": page,
            "size": size,
        }

    def workflow(self, name: str, workflow: str) -> dict:
        if name == LOCAL:
            return self.local.get(workflow)
        client = self.client(name)
        detail = shapes.workflow_from_reana(client.find_workflow(workflow), name)
        spec = client.specification(detail["id"])
        specification = spec.get("specification") or {}
        # REANA answers the values given at start; the file's defaults fill in the rest
        defaults = (specification.get("inputs") or {}).get("parameters") or {}
        given = spec.get("parameters") if isinstance(spec.get("parameters"), dict) else {}
        parameters = {**defaults, **given}
        declared = specification.get("outputs") or {}
        outputs = [*(declared.get("files") or []), *(declared.get("directories") or [])]
        ended = detail["status"] in ("finished", "failed", "stopped")
        return {
            **detail,
            "parameters": parameters,
            "specification": specification,
            "outputs": outputs,
            "missing_outputs": self._missing_outputs(client, detail["id"], outputs)
            if ended
            else [],
            "failure": self._failure(client, detail["id"])
            if detail["status"] == "failed"
            else None,
            "workspace_path": None,
            "engine_note": None,
        }

    def _missing_outputs(self, client: ReanaClient, workflow: str, outputs: list[str]) -> list[str]:
        """The declared outputs a REANA workflow that ended did not leave (one workspace search
        each; an output REANA cannot be asked about is not called missing)."""
        missing = []
        for output in outputs:
            name = output.strip("/")
            try:
                found = client.workspace(workflow, search=name, page=1, size=100)
            except VRELabError as e:  # a failed check must not fail the detail
                self.log.debug("vre-lab: cannot look for output %s of %s: %s", output, workflow, e)
                continue
            names = [item.get("name") or "" for item in found.get("items") or []]
            if not any(n == name or n.startswith(name + "/") for n in names):
                missing.append(output)
        return missing

    def _failure(self, client: ReanaClient, workflow: str) -> dict:
        """Why a REANA workflow failed, from its logs."""
        try:
            return shapes.failure_from_reana(client.logs(workflow))
        except VRELabError as e:  # the detail shows without the reason
            self.log.debug("vre-lab: cannot read why %s failed: %s", workflow, e)
            return {"message": "The workflow failed", "step": None, "log_tail": ""}

    def logs(self, name: str, workflow: str, since: str | None = None) -> dict:
        if name == LOCAL:
            return self.local.logs(workflow, since)
        logcursor.parse(since)  # a bad cursor costs REANA nothing
        # REANA answers whole logs: its call is the same, the browser gets only what is new
        return shapes.logs_from_reana(self.client(name).logs(workflow), since)

    def workspace(self, name: str, workflow: str, *, search: str, page: int, size: int) -> dict:
        if name == LOCAL:
            return self.local.workspace(workflow, search=search, page=page, size=size)
        answer = self.client(name).workspace(workflow, search=search, page=page, size=size)
        return shapes.workspace_from_reana(answer, page, size)

    def stop(self, name: str, workflow: str) -> dict:
        if name == LOCAL:
            return self.local.stop(workflow)
        client = self.client(name)
        client.set_status(workflow, "stop")
        return shapes.workflow_from_reana(client.find_workflow(workflow), name)

    def delete(self, name: str, workflow: str) -> None:
        if name == LOCAL:
            self.local.delete(workflow)
            return
        client = self.client(name)
        if client.find_workflow(workflow)["status"] in shapes.ACTIVE_STATUSES[1:]:
            raise Conflict("The workflow is still running; stop it first")
        client.set_status(workflow, "deleted", {"workspace": True})

    # secrets

    def _secrets_client(self, name: str) -> ReanaClient:
        if name == LOCAL:
            raise NotFound(
                "The local engine has no secrets; add them on a REANA server",
                code="not_supported",
            )
        return self.client(name)

    def secrets(self, name: str) -> dict:
        items = self._secrets_client(name).secrets()
        return {"secrets": [{"name": s["name"], "type": s.get("type", "env")} for s in items]}

    def add_secret(
        self, name: str, secret: str, value: bytes, kind: str, overwrite: bool = False
    ) -> dict:
        if not secret or not set(secret) <= SECRET_NAME_CHARS or len(secret) > 128:
            raise BadRequest("A secret name is 1-128 letters, digits, '_', '.' or '-'")
        if kind not in ("env", "file"):
            raise BadRequest("type must be env or file")
        if len(value) > MAX_SECRET_BYTES:
            raise BadRequest("A secret is at most 1 MiB")
        register_secret(value.decode("utf-8", "replace"))
        encoded = base64.b64encode(value).decode()
        self._secrets_client(name).add_secret(secret, encoded, kind, overwrite)
        return {"name": secret, "type": kind}

    def delete_secret(self, name: str, secret: str) -> None:
        self._secrets_client(name).delete_secret(secret)
