"""Credentials a user typed in the panel: kept in one 0600 file, per instance, never sent back.

The kernel magics read the same file, so a user logs in once for panel and `%rucio` alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import BadRequest
from ..core.private_file import PrivateJSONFile
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
        self._file = PrivateJSONFile(path)
        self.path = self._file.path

    def get(self, instance: str) -> UserCredentials | None:
        entry = self._file.get(instance)
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
        self._file.put(instance, credentials.as_dict())

    def forget(self, instance: str) -> bool:
        return self._file.forget(instance)
