"""A strict test double of InvenioRDM's REST API (and Zenodo's flavour of it).

See README.md beside this file. In short::

    from tests.invenio_double import InvenioDouble

    with InvenioDouble(flavour="zenodo") as double:
        ...  # talk to double.url with "Authorization: Bearer <double.token>"
        assert double.violations == []

Names are imported lazily, so ``python -m tests.invenio_double`` starts quickly.
"""

from __future__ import annotations

from ..doubles.lazy_exports import lazy_exports

_EXPORTS = {
    "DEFAULT_COMMUNITIES": "server",
    "DEFAULT_TOKEN": "server",
    "DEFAULT_USER": "server",
    "InvenioDouble": "server",
    "Faults": "faults",
    "OPERATIONS": "routes",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
