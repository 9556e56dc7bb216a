"""vre-lab: a Virtual Research Environment in JupyterLab (Rucio, REANA, Zenodo/InvenioRDM)."""

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built: the version lives in package.json
    import json
    from pathlib import Path

    __version__ = json.loads((Path(__file__).parent.parent / "package.json").read_text())["version"]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "vre-lab"}]


def _jupyter_server_extension_points():
    from .app import VRELab

    return [{"module": "vre_lab", "app": VRELab}]


def load_ipython_extension(ipython):
    """`%load_ext vre_lab`: the `%rucio` magics (vre_lab/kernel)."""
    from .kernel import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython):
    from .kernel import unload_ipython_extension as unload

    unload(ipython)
