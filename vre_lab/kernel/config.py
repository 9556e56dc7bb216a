"""The kernel's configuration: the same as the Jupyter server's, read the way the server reads it.

A kernel started from JupyterLab inherits the server's environment (``JUPYTER_CONFIG_DIR``,
``JUPYTER_CONFIG_PATH``, ``RUCIO_CONFIG``, ``VRE_LAB_*`` settings, ...) but none of its
credential variables: those the magics need (``VRE_LAB_RUCIO_INSTANCES``, OIDC token variables)
come from the 0600 file the server leaves for them (``vre_lab.core.credential_env``). So the
kernel finds the same config files and variables. The files are loaded with jupyter_core's
own ``JupyterApp.load_config_file`` (the code every Jupyter application uses), in the order in
which ``jupyter lab`` applies them to the ``VRELab`` extension, lowest priority first:

1. ``jupyter_config.{py,json}`` (loaded by every Jupyter application),
2. ``jupyter_vre_lab_config.{py,json}`` (the extension's own file),
3. ``jupyter_lab_config.{py,json}`` (JupyterLab's file, which ``jupyter lab`` applies too),
4. ``jupyter_server_config.{py,json}``,

each searched in ``jupyter_core.paths.jupyter_config_path()`` (``JUPYTER_CONFIG_DIR`` first,
which wins). The ``jupyter_server_config.d/*.json`` fragments only enable server extensions
(``ServerApp.jpserver_extensions``): Jupyter Server reads nothing else from them, and neither does
the kernel. What only the server's command line sets (``jupyter lab --VRELab.x=...``) cannot be
seen by a kernel: put it in a config file or an environment variable.

The `VRELab` application built from that configuration, with the ``VRE_LAB_*`` variables applied
as the server applies them (``vre_lab.core.environment``), gives the same ``RucioSettings`` as the
server's: the same instances (its ``rucio_instances``, then the environment variables read in
``vre_lab.rucio.instances``), download folder, token folder, and the 0600 credentials file in
which the Data panel keeps what the user typed, so nobody types a password twice.
"""

from __future__ import annotations

import logging

from jupyter_core.application import JupyterApp
from traitlets.config import Config

CONFIG_FILES = (
    "jupyter_vre_lab_config",
    "jupyter_lab_config",
    "jupyter_server_config",
)  # lowest priority first
KERNEL_PAGER_CAPACITY = 8  # open Rucio listings a kernel keeps for paging (see load_service)


class _ConfigFiles(JupyterApp):
    """Loads ``jupyter_config`` then ``<config_file_name>`` like any Jupyter application."""

    name = "vre_lab_kernel"
    description = "Reads the Jupyter config files for the %rucio magics."

    def start(self):  # pragma: no cover - never run as an application
        raise NotImplementedError


class _Problems(logging.Handler):
    """Keeps the config files that could not be loaded (traitlets logs them and goes on)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.files: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR:
            return  # e.g. traitlets' note that two files set the same option
        if record.exc_info and isinstance(record.args, tuple) and record.args:
            self.files.append(str(record.args[0]))  # "Exception while loading config file %s"
        else:
            self.files.append("a Jupyter config file (bad configuration)")


def server_config() -> tuple[Config, list[str]]:
    """The merged configuration of the Jupyter config files the server reads, and the files
    that could not be loaded (a broken file is skipped, as the server skips it)."""
    log = logging.getLogger("vre_lab.kernel.config")
    log.propagate = False
    problems = _Problems()
    log.addHandler(problems)
    config = Config()
    try:
        for name in CONFIG_FILES:
            files = _ConfigFiles(config_file_name=name, log=log)
            try:
                files.load_config_file()
            except SystemExit:  # traitlets' catch_config_error: it logged the problem
                continue
            config.merge(files.config)
    finally:
        log.removeHandler(problems)
    return config, problems.files


def load_app():
    """The `VRELab` extension app configured as the server's (not started: no server runs)."""
    from ..app import VRELab
    from ..core import credential_env
    from ..core.environment import apply_environment

    credential_env.load_kernel_file()
    config, problems = server_config()
    app = VRELab(config=config)
    # the kernel inherits the server's environment: its VRE_LAB_* variables win here as there
    # (a value the server cannot use is reported in the server's log; the kernel keeps the config)
    apply_environment(app)
    return app, problems


def load_service():
    """A RucioService with the server's settings, and the config files that could not be read."""
    from ..rucio.paging import Pager
    from ..rucio.service import RucioService
    from ..rucio.settings import RucioSettings

    app, problems = load_app()
    service = RucioService(RucioSettings.of(app))
    # A kernel reads `ls` listings to the end and drops the rest of a search cut by --limit:
    # keep few open listings (the oldest is closed when a new one is kept).
    service.pager = Pager(capacity=KERNEL_PAGER_CAPACITY)
    return service, problems
