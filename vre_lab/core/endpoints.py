"""Services the operator configures (REANA servers, publishing repositories): a name, a URL and a
token that comes from the configuration, a file or an environment variable.

Sources, in order: the traitlets list, then a JSON list in an environment variable (an entry with
the name of a configured one replaces it), then entries implied by well-known variables. A broken
entry is reported in `problems`, never fatal.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from . import credential_env
from .errors import NotFound
from .secrets import register_secret

NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class EndpointConfigError(ValueError):
    """An entry the operator configured cannot work; the message says why."""


@dataclass(frozen=True)
class Endpoint:
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
            token = credential_env.variables().get(self.access_token_env, "").strip()
            register_secret(token)
            return token or None, "env"
        return None, None


def endpoint_from_dict(cls: type[Endpoint], entry: dict, *, what: str, reserved: str = ""):
    if not isinstance(entry, dict):
        raise EndpointConfigError(f"each {what} must be a dictionary")
    known = {f.name for f in fields(cls)}
    unknown = set(entry) - known
    if unknown:
        raise EndpointConfigError(f"unknown {what} option(s): {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or name == reserved:
        rule = f" and not {reserved!r}" if reserved else ""
        raise EndpointConfigError(
            f"{what} name {name!r} must be 1-64 letters, digits, '_', '.' or '-'{rule}"
        )
    url = entry.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointConfigError(f"{what} {name!r} needs an http(s) url")
    endpoint = cls(**{**entry, "url": url.rstrip("/")})
    register_secret(endpoint.access_token)
    return endpoint


@dataclass
class EndpointRegistry:
    endpoints: dict[str, Endpoint]
    problems: list[str]
    what: str
    builtin: str = ""  # a name that is always there without configuration

    def get(self, name: str):
        endpoint = self.endpoints.get(name)
        if endpoint is None:
            known = ", ".join([n for n in (self.builtin,) if n] + list(self.endpoints))
            raise NotFound(f"No {self.what} {name!r} (known: {known})", code="server_unknown")
        return endpoint

    def is_known(self, name: str) -> bool:
        return name == self.builtin or name in self.endpoints


def load_endpoints(
    cls: type[Endpoint],
    configured: list[dict],
    *,
    env_var: str,
    implied: list[dict],
    what: str,
    builtin: str = "",
    environ=os.environ,
) -> EndpointRegistry:
    """Every usable endpoint; `implied` entries (from well-known variables) never replace one
    that was configured under the same name."""
    entries: dict[str, object] = {}
    problems: list[str] = []
    from_env: list = []
    if environ.get(env_var):
        try:
            from_env = json.loads(environ[env_var])
            if not isinstance(from_env, list):
                raise ValueError
        except ValueError:
            problems.append(f"{env_var} must be a JSON list of {what}s")
            from_env = []
    for entry in [*configured, *from_env]:
        key = entry.get("name") if isinstance(entry, dict) else None
        entries[str(key)] = entry
    for entry in implied:
        entries.setdefault(entry["name"], entry)
    endpoints = {}
    for entry in entries.values():
        try:
            endpoint = endpoint_from_dict(cls, entry, what=what, reserved=builtin)
        except (EndpointConfigError, TypeError) as e:
            problems.append(str(e))
            continue
        endpoints[endpoint.name] = endpoint
    return EndpointRegistry(endpoints, problems, what, builtin)
