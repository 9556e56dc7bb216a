"""A strict test double of REANA's REST API, checked against REANA's official spec.

See README.md beside this file. In short::

    from tests.reana_double import ReanaDouble

    with ReanaDouble(step_seconds=0.2) as double:
        ...  # talk to double.url with access_token=double.token
        assert double.violations == []

Names are imported lazily, so ``python -m tests.reana_double`` can start quickly.
"""

from __future__ import annotations

from ..doubles.lazy_exports import lazy_exports

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
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
