"""Where workflows run: REANA servers the operator configured, and the local engine.

Sources, in order: `c.VRELab.reana_servers` (traitlets), the environment variable
`VRE_LAB_REANA_SERVERS` (a JSON list; an entry with the name of a configured one replaces it), and
`REANA_SERVER_URL` + `REANA_ACCESS_TOKEN` (the server `reana`), as reana-client users set them.
The local engine is always there, as the server `local`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import NotFound
from ..core.secrets import register_secret

SERVERS_ENV = "VRE_LAB_REANA_SERVERS"
URL_ENV = "REANA_SERVER_URL"
TOKEN_ENV = "REANA_ACCESS_TOKEN"  # noqa: S105 (a variable name)
LOCAL = "local"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class ServerConfigError(ValueError):
    """A server the operator configured cannot work; the message says why."""


@dataclass(frozen=True)
class ReanaServer:
    name: str
    url: str
    display_name: str = ""
    access_token: str | None = field(default=None, repr=False)
    access_token_file: str | None = None
    access_token_env: str | None = None
    ca_bundle: str | None = None
    verify_tls: bool = True

    @property
    def title(self) -> str:
        return self.display_name or self.name

    @property
    def verify(self) -> bool | str:
        """What requests' `verify` gets: a CA bundle, or whether to check certificates at all."""
        if not self.verify_tls:
            return False
        return str(Path(self.ca_bundle).expanduser()) if self.ca_bundle else True

    def configured_token(self) -> tuple[str | None, str | None]:
        """(token, source) from the configuration; a file or variable is read on every use, so a
        token the hub refreshes just works."""
        if self.access_token:
            return self.access_token, "config"
        if self.access_token_file:
            try:
                token = Path(self.access_token_file).expanduser().read_text().strip()
            except OSError:
                token = ""
            register_secret(token)
            return token or None, "file"
        if self.access_token_env:
            token = os.environ.get(self.access_token_env, "").strip()
            register_secret(token)
            return token or None, "env"
        return None, None


def server_from_dict(entry: dict) -> ReanaServer:
    if not isinstance(entry, dict):
        raise ServerConfigError("each REANA server must be a dictionary")
    known = {f.name for f in fields(ReanaServer)}
    unknown = set(entry) - known
    if unknown:
        raise ServerConfigError(f"unknown REANA server option(s): {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or name == LOCAL:
        raise ServerConfigError(
            f"REANA server name {name!r} must be 1-64 letters, digits, '_', '.' or '-' "
            f"and not {LOCAL!r}"
        )
    url = entry.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerConfigError(f"REANA server {name!r} needs an http(s) url")
    server = ReanaServer(**{**entry, "url": url.rstrip("/")})
    register_secret(server.access_token)
    return server


@dataclass
class ServerRegistry:
    servers: dict[str, ReanaServer]
    problems: list[str]

    def get(self, name: str) -> ReanaServer:
        server = self.servers.get(name)
        if server is None:
            known = ", ".join([LOCAL, *self.servers])
            raise NotFound(f"No workflow server {name!r} (known: {known})", code="server_unknown")
        return server

    def is_known(self, name: str) -> bool:
        return name == LOCAL or name in self.servers


def load_servers(configured: list[dict], environ=os.environ) -> ServerRegistry:
    """Every usable server; a broken entry is reported in `problems`, not fatal."""
    entries: dict[str, object] = {}
    problems: list[str] = []
    from_env: list = []
    if environ.get(SERVERS_ENV):
        try:
            from_env = json.loads(environ[SERVERS_ENV])
            if not isinstance(from_env, list):
                raise ValueError
        except ValueError:
            problems.append(f"{SERVERS_ENV} must be a JSON list of servers")
            from_env = []
    for entry in [*configured, *from_env]:
        key = entry.get("name") if isinstance(entry, dict) else None
        entries[str(key)] = entry
    url = environ.get(URL_ENV, "").strip()
    if url and "reana" not in entries:
        entries["reana"] = {
            "name": "reana",
            "display_name": urlsplit(url).hostname or "REANA",
            "url": url,
            "access_token_env": TOKEN_ENV,
        }
    servers = {}
    for entry in entries.values():
        try:
            server = server_from_dict(entry)
        except (ServerConfigError, TypeError) as e:
            problems.append(str(e))
            continue
        servers[server.name] = server
    return ServerRegistry(servers, problems)
