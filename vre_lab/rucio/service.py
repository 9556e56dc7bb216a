"""What the Data panel and the `%rucio` magics can do, on top of the gateway to rucio-clients.

Every method blocks (it talks to Rucio): the server runs them off the event loop, the kernel
runs them directly. They answer plain JSON-able data or raise a VRELabError.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timezone

from rucio.common.utils import parse_response

from ..core.errors import BadRequest, Conflict, NotFound
from ..core.secrets import register_secret
from .client import RucioGateway
from .credentials import CredentialStore, UserCredentials
from .dids import DID, did_json, did_type, parse_did, parse_filter
from .instances import InstanceRegistry, load_instances
from .layout import LocalLayout
from .paging import Pager
from .settings import RucioSettings

MAX_PAGE_SIZE = 1000
RULE_STATES = {"OK": "available", "REPLICATING": "replicating", "STUCK": "stuck"}


class RucioService:
    def __init__(self, settings: RucioSettings, registry: InstanceRegistry | None = None):
        self.settings = settings
        self.registry = registry or load_instances(
            settings.rucio_instances, settings.rucio_default_instance
        )
        self.credentials = CredentialStore(settings.credentials_path)
        self.pager = Pager(
            capacity=settings.rucio_listing_spools, max_bytes=settings.listing_spool_bytes
        )
        self._gateways: dict[str, RucioGateway] = {}
        self._lock = threading.Lock()
        for instance in self.registry.instances.values():
            for secret in instance.secrets():
                register_secret(secret)

    # --- instances and login -------------------------------------------------------------

    def gateway(self, instance: str) -> RucioGateway:
        with self._lock:
            if instance not in self._gateways:
                self._gateways[instance] = RucioGateway(
                    self.registry.get(instance),
                    self.credentials,
                    self.settings.token_dir,
                    self.settings.timeout,
                )
            return self._gateways[instance]

    def layout(self, instance: str) -> LocalLayout:
        return LocalLayout(self.registry.get(instance), self.settings.download_dir)

    def describe(self) -> dict:
        return {
            "instances": [
                instance.describe(self.gateway(name).credentials_state())
                for name, instance in self.registry.instances.items()
            ],
            "default": self.registry.default,
        }

    def summary(self) -> dict:
        names = [i.title for i in self.registry.instances.values()]
        if not names:
            text = "No Rucio instance is configured (see the README: rucio.cfg or c.VRELab)."
            return {"configured": False, "summary": text}
        return {"configured": True, "summary": f"Rucio: {', '.join(names)}"}

    def whoami(self, instance: str) -> dict:
        gateway = self.gateway(instance)
        with gateway.session() as client:
            account = client.whoami()
            token = gateway.token_info(client)
        expires_at = token["expires_at"]
        left = (expires_at - datetime.now(timezone.utc)).total_seconds() if expires_at else None
        return {
            "instance": instance,
            "account": account.get("account"),
            "identity": token["identity"],
            "auth_type": client.auth_type,
            "email": account.get("email"),
            "token_expires_at": expires_at.isoformat() if expires_at else None,
            "token_seconds_left": max(0.0, round(left)) if left is not None else None,
        }

    def login(self, instance: str, credentials: UserCredentials) -> dict:
        """Keep the credentials if Rucio accepts them; otherwise keep what was there before."""
        gateway = self.gateway(instance)
        previous = self.credentials.get(instance)
        self.credentials.put(instance, credentials)
        gateway.forget_tokens()
        try:
            return self.whoami(instance)
        except Exception:
            if previous is None:
                self.credentials.forget(instance)
            else:
                self.credentials.put(instance, previous)
            gateway.forget_tokens()
            raise

    def logout(self, instance: str) -> None:
        gateway = self.gateway(instance)
        self.credentials.forget(instance)
        gateway.forget_tokens()

    # --- browsing ------------------------------------------------------------------------

    def scopes(self, instance: str) -> list[str]:
        with self.gateway(instance).session() as client:
            return sorted(client.list_scopes())

    def rses(self, instance: str, expression: str | None = None) -> list[str]:
        if expression is not None and (not expression.strip() or len(expression) > 500):
            raise BadRequest("The RSE expression is empty or too long", code="bad_rse_expression")
        with self.gateway(instance).session() as client:
            return sorted(rse["rse"] for rse in client.list_rses(expression or None))

    def search(
        self,
        instance: str,
        query: str,
        *,
        scope: str | None = None,
        kind: str | None = None,
        filter: str | None = None,
        page_size: int = 100,
        cursor: str | None = None,
    ) -> tuple[list[dict], str | None]:
        pattern = parse_did(query or "*", wildcard=True, default_scope=scope or None)
        kind = did_type(kind)
        filters = parse_filter(filter, pattern.name)
        page_size = _page_size(page_size)
        gateway = self.gateway(instance)
        key = f"search|{instance}|{pattern}|{kind}|{filters}"

        def rows(limit: int) -> Iterator[dict]:
            with gateway.session() as client:
                yield from client.stream_dids(pattern.scope, filters, kind, limit)

        with gateway.session() as client:
            items, next_cursor = self.pager.page(key, rows, page_size, cursor, parse_response)
            if not items and not cursor and pattern.scope not in client.list_scopes():
                raise NotFound(f"Rucio has no scope {pattern.scope!r}", code="scope_not_found")
        return [did_json(item) for item in items], next_cursor

    def did(self, instance: str, did_text: str) -> dict:
        did = parse_did(did_text)
        gateway = self.gateway(instance)
        with gateway.session() as client:
            info = client.get_did(did.scope, did.name, dynamic_depth="FILE")
            metadata = client.get_metadata(did.scope, did.name)
        detail = did_json(info)
        if detail["type"] != "file" and detail["length"] is None:
            detail["length"] = info.get("length")
        detail.update(
            open=info.get("open"),
            account=info.get("account"),
            created_at=_text(metadata.get("created_at")),
            updated_at=_text(metadata.get("updated_at")),
            metadata={k: _text(v) for k, v in metadata.items() if v is not None},
            availability_by_mode=self.availability_by_mode(instance, did),
        )
        detail["availability"] = detail["availability_by_mode"][self.registry.get(instance).mode]
        return detail

    def files(
        self, instance: str, did_text: str, page_size: int = 100, cursor: str | None = None
    ) -> tuple[list[dict], str | None]:
        """A page of a DID's files with their replicas: two Rucio calls per page, whatever the
        page size (the listing, then one bulk replica lookup)."""
        did = parse_did(did_text)
        gateway = self.gateway(instance)
        layout = self.layout(instance)
        destination = gateway.instance.destination_rse

        def rows(limit: int) -> Iterator[dict]:
            with gateway.session() as client:
                yield from client.stream_files(did.scope, did.name)

        with gateway.session() as client:
            page, next_cursor = self.pager.page(
                f"files|{instance}|{did}", rows, _page_size(page_size), cursor, parse_response
            )
            replicas = {}
            if page:
                wanted = [{"scope": f["scope"], "name": f["name"]} for f in page]
                for replica in client.list_replicas(wanted, sort="random", all_states=True):
                    replicas[(replica["scope"], replica["name"])] = replica
        items = []
        for entry in page:
            replica = replicas.get((entry["scope"], entry["name"]), {})
            states = replica.get("states") or {}
            local = layout.downloaded_entry(entry)
            if local is None and destination and states.get(destination) == "AVAILABLE":
                pfns = (replica.get("rses") or {}).get(destination) or []
                local = (
                    layout.replica_path(pfns[0])
                    if pfns and layout.instance.rse_mount_path
                    else None
                )
            items.append(
                {
                    "did": f"{entry['scope']}:{entry['name']}",
                    "scope": entry["scope"],
                    "name": entry["name"],
                    "bytes": entry.get("bytes"),
                    "adler32": entry.get("adler32"),
                    "replicas": [{"rse": r, "state": s} for r, s in sorted(states.items())],
                    "available_here": local is not None,
                    "path": str(local) if local else None,
                }
            )
        return items, next_cursor

    def rules(self, instance: str, did_text: str) -> list[dict]:
        did = parse_did(did_text)
        with self.gateway(instance).session() as client:
            rules = list(client.list_did_rules(did.scope, did.name))
        return [_rule_json(rule) for rule in rules]

    # --- availability and paths ----------------------------------------------------------

    def mode(self, instance: str, requested: str | None) -> str:
        offered = self.registry.get(instance).modes
        if requested is None:
            return self.registry.get(instance).mode
        if requested not in offered:
            raise BadRequest(
                f"This instance offers mode(s): {', '.join(offered)}", code="mode_unavailable"
            )
        return requested

    def availability(self, instance: str, did: DID, mode: str | None = None) -> dict:
        mode = self.mode(instance, mode)
        return self.availability_by_mode(instance, did, [mode])[mode]

    def availability_by_mode(
        self, instance: str, did: DID, modes: list[str] | None = None
    ) -> dict[str, dict]:
        """Whether every file of `did` is here, in each of `modes` (default: those the instance
        offers). At most two Rucio calls whatever the number of files and modes: the DID's rules
        (replica mode: the state of its rule on the destination RSE, when it has one) and one
        listing of its files' replicas for the modes that need the files checked, which stops
        at the first file that is not here in any of them."""
        modes = modes or self.registry.get(instance).modes
        gateway = self.gateway(instance)
        layout = self.layout(instance)
        destination = gateway.instance.destination_rse
        answer: dict[str, dict] = {}
        with gateway.session() as client:
            if "replica" in modes:
                rule = self.destination_rule(instance, did, client)
                if rule is not None:
                    state = RULE_STATES.get(rule["state"], "replicating")
                    answer["replica"] = {"state": state, "mode": "replica", "rule_id": rule["id"]}
            # no rule of its own: a rule on a parent may have put the files here already
            here = {mode: True for mode in modes if mode not in answer}
            files = 0
            if here:
                for replica in client.list_replicas([did.as_dict()], all_states=True):
                    files += 1
                    if here.get("replica"):
                        here["replica"] = _on(replica, destination)
                    if here.get("download"):
                        here["download"] = layout.downloaded_entry(replica) is not None
                    if not any(here.values()):
                        break
        for mode, available in here.items():
            state = "available" if available and files else "not_available"
            answer[mode] = {"state": state, "mode": mode, "rule_id": None}
        return {mode: answer[mode] for mode in modes}

    def destination_rule(self, instance: str, did: DID, client=None) -> dict | None:
        """The DID's own rule on the destination RSE, if it has one."""
        gateway = self.gateway(instance)
        destination = gateway.instance.destination_rse
        if client is None:
            with gateway.session() as client:
                return self.destination_rule(instance, did, client)
        for rule in client.list_did_rules(did.scope, did.name):
            if rule["rse_expression"] == destination:
                return rule
        return None

    def paths(
        self, instance: str, did_text: str, mode: str | None = None, kind: str | None = None
    ) -> dict:
        """Local paths of every file of the DID, sorted by DID: a constant number of Rucio
        calls whatever the number of files. Conflict (409) if some file is not here yet."""
        did = parse_did(did_text)
        mode = self.mode(instance, mode)
        gateway = self.gateway(instance)
        layout = self.layout(instance)
        missing = 0
        paths: list[tuple[str, str]] = []
        with gateway.session() as client:
            if kind is None:  # callers that already know the DID's type spare this call
                kind = did_json(client.get_did(did.scope, did.name))["type"]
            if mode == "replica":
                destination = gateway.instance.destination_rse
                for replica in client.list_replicas(
                    [did.as_dict()], rse_expression=destination, sort="random"
                ):
                    if _on(replica, destination):
                        pfns = replica["rses"][destination]
                        paths.append((_key(replica), str(layout.replica_path(pfns[0]))))
                    else:
                        missing += 1
            else:
                for entry in client.list_files(did.scope, did.name):
                    local = layout.downloaded_entry(entry)
                    if local is None:
                        missing += 1
                    else:
                        paths.append((_key(entry), str(local)))
        if missing or not paths:
            how = "replicated to the destination RSE" if mode == "replica" else "downloaded"
            detail = f"{missing} file(s) are not {how} yet" if missing else "it has no files"
            raise Conflict(f"{did} is not available here: {detail}", code="not_available")
        return {
            "did": str(did),
            "type": kind,
            "mode": mode,
            "paths": [path for _, path in sorted(paths)],
        }


def _on(replica: dict, rse: str | None) -> bool:
    """Whether Rucio lists this file's replica on `rse` as available, with a PFN to read."""
    pfns = (replica.get("rses") or {}).get(rse)
    return bool(pfns) and (replica.get("states") or {}).get(rse) == "AVAILABLE"


def _page_size(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= MAX_PAGE_SIZE:
        raise BadRequest(f"page_size must be between 1 and {MAX_PAGE_SIZE}", code="bad_page_size")
    return value


def _key(item: dict) -> str:
    return f"{item['scope']}:{item['name']}"


def _text(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _rule_json(rule: dict) -> dict:
    return {
        "id": rule["id"],
        "account": rule.get("account"),
        "rse_expression": rule["rse_expression"],
        "state": rule["state"],
        "copies": rule.get("copies", 1),
        "locks_ok_cnt": rule.get("locks_ok_cnt", 0),
        "locks_replicating_cnt": rule.get("locks_replicating_cnt", 0),
        "locks_stuck_cnt": rule.get("locks_stuck_cnt", 0),
        "expires_at": _text(rule.get("expires_at")),
        "created_at": _text(rule.get("created_at")),
        "comment": rule.get("comments"),
    }
