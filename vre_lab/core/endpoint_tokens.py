"""The token to use with a configured endpoint: one the user typed (kept in a 0600 file, never
returned) wins over the configured one, because the user chose it."""

from __future__ import annotations

from pathlib import Path

from .endpoints import EndpointRegistry
from .private_file import PrivateJSONFile
from .secrets import forget_secret, register_secret


class EndpointTokens:
    def __init__(self, registry: EndpointRegistry, path: Path):
        self._registry = registry
        self._typed = PrivateJSONFile(path)

    def token(self, name: str) -> tuple[str | None, str | None]:
        """(token, source): source is `user`, `config`, `file`, `env`, or None without one."""
        typed = self._typed.get(name)
        if isinstance(typed, str) and typed:
            register_secret(typed)
            return typed, "user"
        return self._registry.get(name).configured_token()

    def keep(self, name: str, token: str) -> None:
        register_secret(token)
        self._typed.put(name, token)

    def forget(self, name: str) -> None:
        token = self._typed.get(name)
        self._typed.forget(name)
        if isinstance(token, str):
            forget_secret(token)
