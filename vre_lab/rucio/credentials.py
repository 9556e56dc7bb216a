"""Credentials a user typed in the panel: kept in one 0600 file, per instance, never sent back.

The kernel magics read the same file, so a user logs in once for panel and `%rucio` alike.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import BadRequest
from ..core.secrets import register_secret

FIELDS_BY_AUTH_TYPE = {
    "userpass": ("username", "password"),
    "x509": ("certificate", "key"),
    "x509_proxy": ("proxy",),
    "oidc": ("token",),
}
SECRET_FIELDS = ("password", "token")
PATH_FIELDS = ("certificate", "key", "proxy")


@dataclass(frozen=True)
class UserCredentials:
    auth_type: str
    account: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    certificate: str | None = None
    key: str | None = None
    proxy: str | None = None
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_request(cls, body: dict) -> UserCredentials:
        auth_type = body.get("auth_type")
        if auth_type not in FIELDS_BY_AUTH_TYPE:
            raise BadRequest(
                f"auth_type must be one of {', '.join(FIELDS_BY_AUTH_TYPE)}", code="bad_credentials"
            )
        values = {"auth_type": auth_type}
        for name in ("account", *FIELDS_BY_AUTH_TYPE[auth_type]):
            value = body.get(name)
            if value is not None and not isinstance(value, str):
                raise BadRequest(f"{name} must be a string", code="bad_credentials")
            values[name] = value.strip() if name not in SECRET_FIELDS and value else value
        missing = [name for name in FIELDS_BY_AUTH_TYPE[auth_type] if not values.get(name)]
        if missing:
            raise BadRequest(f"Missing {', '.join(missing)}", code="bad_credentials")
        return cls(**values)

    def with_paths(self, resolve) -> UserCredentials:
        """The same credentials with every file path passed through `resolve` (confinement)."""
        changed = {
            name: str(resolve(getattr(self, name))) for name in PATH_FIELDS if getattr(self, name)
        }
        return UserCredentials(**{**self.as_dict(), **changed})

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def secrets(self) -> list[str]:
        return [value for name in SECRET_FIELDS if (value := getattr(self, name))]


class CredentialStore:
    """instance name -> UserCredentials, in a JSON file only its owner can read."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        self._cached: tuple[tuple | None, dict] = (None, {})

    def get(self, instance: str) -> UserCredentials | None:
        entry = self._read().get(instance)
        if not isinstance(entry, dict):
            return None
        try:
            credentials = UserCredentials(**entry)
        except TypeError:
            return None
        for secret in credentials.secrets():
            register_secret(secret)
        return credentials

    def put(self, instance: str, credentials: UserCredentials) -> None:
        with self._lock:
            data = self._read()
            data[instance] = credentials.as_dict()
            self._write(data)

    def forget(self, instance: str) -> bool:
        with self._lock:
            data = self._read()
            if data.pop(instance, None) is None:
                return False
            self._write(data)
            return True

    def _read(self) -> dict:
        """The file's content, parsed again only when the file changed (every Rucio call asks)."""
        try:
            stat = self.path.stat()
        except OSError:
            return {}
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if signature != self._cached[0]:
            try:
                data = json.loads(self.path.read_text())
            except (OSError, ValueError):
                data = {}
            self._cached = (signature, data if isinstance(data, dict) else {})
        return dict(self._cached[1])

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f)
        os.replace(partial, self.path)
