"""The environment terminals get: REANA_SERVER_URL/REANA_ACCESS_TOKEN of the selected server.

terminado reads its manager's `extra_env` each time it opens a terminal, so a mapping computed on
demand gives every new terminal the server selected at that moment, and a refreshed token.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping


class TerminalEnvironment(Mapping):
    def __init__(self, base: Mapping | None, workflows):
        self._base = dict(base or {})
        self._workflows = workflows

    def _current(self) -> dict:
        try:
            reana = self._workflows.terminal_environment()
        except Exception:  # a terminal must open even when the configuration is broken
            reana = {}
        return {**self._base, **reana}

    def __getitem__(self, key: str):
        return self._current()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def items(self):
        return self._current().items()
