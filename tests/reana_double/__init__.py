"""A strict test double of REANA's REST API, checked against REANA's official spec.

See README.md beside this file. In short::

    from tests.reana_double import ReanaDouble

    with ReanaDouble(step_seconds=0.2) as double:
        ...  # talk to double.url with access_token=double.token
        assert double.violations == []

Names are imported lazily, so ``python -m tests.reana_double`` can start quickly.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "DEFAULT_TOKEN": "server",
    "ReanaDouble": "server",
    "FAULT_MODES": "faults",
    "Faults": "faults",
    "REANA_CLIENT_VERSION": "spec",
    "REANA_COMMONS_VERSION": "spec",
    "load_official_spec": "spec",
    "SpecValidator": "validation",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return __all__
