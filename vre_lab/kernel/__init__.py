"""The IPython extension of vre-lab: the `%rucio` magics.

Load it with ``%load_ext vre_lab`` in any IPython (JupyterLab loads it in the kernels it starts).
"""

from __future__ import annotations


def load_ipython_extension(ipython) -> None:
    from .magics import RucioMagics

    ipython.register_magics(RucioMagics(ipython))


def unload_ipython_extension(ipython) -> None:
    manager = ipython.magics_manager
    for kind in ("line", "cell"):
        manager.magics[kind].pop("rucio", None)
    manager.registry.pop("RucioMagics", None)
