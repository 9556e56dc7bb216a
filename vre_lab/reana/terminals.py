"""What terminals and kernels get with `share_reana_credentials`: REANA_SERVER_URL and
REANA_ACCESS_TOKEN of the selected server.

terminado reads its manager's `extra_env` each time it opens a terminal, so a mapping computed on
demand gives every new terminal the server selected at that moment, and a refreshed token.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping


def reana_environment(workflows) -> dict[str, str]:
    try:
        return workflows.terminal_environment()
    except Exception:  # a terminal or kernel must start even when the configuration is broken
        return {}


class TerminalEnvironment(Mapping):
    def __init__(self, base: Mapping | None, workflows):
        self._base = dict(base or {})
        self._workflows = workflows

    def _current(self) -> dict:
        return {**self._base, **reana_environment(self._workflows)}

    def __getitem__(self, key: str):
        return self._current()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def items(self):
        return self._current().items()
