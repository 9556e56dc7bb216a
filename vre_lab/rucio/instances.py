"""Rucio instances: what the operator configured, or what the user's rucio.cfg describes.

Sources, in order: `c.VRELab.rucio_instances` (traitlets), then the environment variable
`VRE_LAB_RUCIO_INSTANCES` (a JSON list; an entry with the name of a configured one replaces it).
With neither, the rucio.cfg that rucio-clients itself would read becomes the instance `default`.
"""

from __future__ import annotations

import configparser
import json
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..core import credential_env
from ..core.errors import NotFound

INSTANCES_ENV = "VRE_LAB_RUCIO_INSTANCES"
DEFAULT_ENV = "VRE_LAB_RUCIO_DEFAULT"
AUTH_TYPES = ("userpass", "x509", "x509_proxy", "oidc")
MODES = ("replica", "download")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

# rucio.cfg [client] options and the instance field each fills
RUCIO_CFG_OPTIONS = {
    "rucio_host": "rucio_host",
    "auth_host": "auth_host",
    "auth_type": "auth_type",
    "account": "account",
    "vo": "vo",
    "username": "username",
    "password": "password",
    "client_cert": "certificate",
    "client_key": "key",
    "client_x509_proxy": "proxy",
    "ca_cert": "ca_cert",
}


class InstanceConfigError(ValueError):
    """An instance the operator configured cannot work; the message says why."""


@dataclass(frozen=True)
class RucioInstance:
    name: str
    rucio_host: str
    auth_host: str
    display_name: str = ""
    auth_type: str = "userpass"
    account: str | None = None
    vo: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    certificate: str | None = None
    key: str | None = None
    proxy: str | None = None
    oidc_token_env: str | None = None
    oidc_token_file: str | None = None
    ca_cert: str | None = None
    destination_rse: str | None = None
    rse_mount_path: str | None = None
    rse_path_prefix: str = ""
    replication_rule_lifetime_days: int | None = None
    default_mode: str | None = None
    rucio_config: str | None = None
    # the home of the local sandbox this instance is (`vre-lab sandbox env` sets it): when it
    # cannot be reached, the error says how to start it
    sandbox_home: str | None = None

    @property
    def title(self) -> str:
        return self.display_name or self.name

    @property
    def modes(self) -> list[str]:
        """Replica mode needs a destination RSE that is mounted here; download always works."""
        if self.destination_rse and self.rse_mount_path:
            return ["replica", "download"]
        return ["download"]

    @property
    def mode(self) -> str:
        return self.default_mode if self.default_mode in self.modes else self.modes[0]

    def has_configured_credentials(self) -> bool:
        if self.auth_type == "userpass":
            return bool(self.username and self.password)
        if self.auth_type == "x509":
            return bool(self.certificate and self.key)
        if self.auth_type == "x509_proxy":
            return bool(self.proxy)
        return bool(self.oidc_token_env or self.oidc_token_file)

    def secrets(self) -> list[str]:
        return [self.password] if self.password else []

    def describe(self, credentials: str) -> dict:
        """What the panel may know: never a password, a token or a key's content."""
        return {
            "name": self.name,
            "display_name": self.title,
            "rucio_host": self.rucio_host,
            "auth_type": self.auth_type,
            "account": self.account,
            "vo": self.vo,
            "modes": self.modes,
            "default_mode": self.mode,
            "destination_rse": self.destination_rse,
            "credentials": credentials,
        }


def instance_from_dict(entry: dict) -> RucioInstance:
    if not isinstance(entry, dict):
        raise InstanceConfigError("each Rucio instance must be a dictionary")
    known = {f.name for f in fields(RucioInstance)}
    unknown = set(entry) - known
    if unknown:
        raise InstanceConfigError(f"unknown Rucio instance option(s): {', '.join(sorted(unknown))}")
    values = dict(entry)
    if values.get("rucio_config"):
        from_file = read_rucio_cfg(Path(values["rucio_config"]).expanduser())
        values = {**from_file, **{k: v for k, v in values.items() if v is not None}}
    values.setdefault("auth_host", values.get("rucio_host"))
    name = values.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise InstanceConfigError(
            f"Rucio instance name {name!r} must be 1-64 letters, digits, '_', '.' or '-'"
        )
    if not values.get("rucio_host"):
        raise InstanceConfigError(f"Rucio instance {name!r} needs rucio_host (or rucio_config)")
    if values.get("auth_type", "userpass") not in AUTH_TYPES:
        raise InstanceConfigError(
            f"Rucio instance {name!r}: auth_type must be one of {', '.join(AUTH_TYPES)}"
        )
    if values.get("default_mode") not in (None, *MODES):
        raise InstanceConfigError(
            f"Rucio instance {name!r}: default_mode must be replica or download"
        )
    return RucioInstance(**values)


def read_rucio_cfg(path: Path) -> dict:
    """The [client] options of a rucio.cfg as instance fields."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with path.open() as f:
            parser.read_file(f)
    except OSError as e:
        raise InstanceConfigError(f"cannot read rucio config {path}: {e.strerror}") from e
    except configparser.Error as e:  # its message may quote a line, e.g. a password
        lines = [n for n, _ in getattr(e, "errors", [])] or [getattr(e, "lineno", None)]
        where = f" (line {', '.join(map(str, lines))})" if lines != [None] else ""
        raise InstanceConfigError(f"rucio config {path} is not valid{where}") from e
    if not parser.has_section("client"):
        raise InstanceConfigError(f"rucio config {path} has no [client] section")
    return {
        target: parser.get("client", option)
        for option, target in RUCIO_CFG_OPTIONS.items()
        if parser.has_option("client", option)
    }


def standard_rucio_cfg(environ=os.environ) -> Path | None:
    """The rucio.cfg rucio-clients would read: RUCIO_CONFIG, RUCIO_HOME, then the usual places."""
    candidates = []
    if environ.get("RUCIO_CONFIG"):
        candidates.append(Path(environ["RUCIO_CONFIG"]))
    if environ.get("RUCIO_HOME"):
        candidates.append(Path(environ["RUCIO_HOME"]) / "etc" / "rucio.cfg")
    candidates.append(Path("/opt/rucio/etc/rucio.cfg"))
    if environ.get("VIRTUAL_ENV"):
        candidates.append(Path(environ["VIRTUAL_ENV"]) / "etc" / "rucio.cfg")
    return next((path for path in candidates if path.is_file()), None)


@dataclass
class InstanceRegistry:
    instances: dict[str, RucioInstance]
    default: str | None
    problems: list[str]

    def get(self, name: str) -> RucioInstance:
        instance = self.instances.get(name)
        if instance is None:
            known = ", ".join(self.instances) or "none is configured"
            raise NotFound(f"No Rucio instance {name!r} ({known})", code="instance_unknown")
        return instance


def load_instances(configured: list[dict], default: str = "", environ=None) -> InstanceRegistry:
    """Every usable instance; a broken entry is reported in `problems`, not fatal."""
    environ = credential_env.variables() if environ is None else environ
    entries: dict[str, dict] = {}
    problems: list[str] = []
    from_env = []
    if environ.get(INSTANCES_ENV):
        try:
            from_env = json.loads(environ[INSTANCES_ENV])
            if not isinstance(from_env, list):
                raise ValueError
        except ValueError:
            problems.append(f"{INSTANCES_ENV} must be a JSON list of instances")
            from_env = []
    for entry in [*configured, *from_env]:
        key = entry.get("name") if isinstance(entry, dict) else None
        entries[str(key)] = entry
    if not entries:
        cfg = standard_rucio_cfg(environ)
        if cfg is not None:
            entries["default"] = {
                "name": "default",
                "display_name": "Rucio (rucio.cfg)",
                "rucio_config": str(cfg),
            }
    instances = {}
    for entry in entries.values():
        try:
            instance = instance_from_dict(entry)
        except (InstanceConfigError, TypeError) as e:
            problems.append(str(e))
            continue
        instances[instance.name] = instance
    chosen = environ.get(DEFAULT_ENV) or default
    if chosen not in instances:
        chosen = next(iter(instances), None)
    return InstanceRegistry(instances, chosen, problems)
