"""Fixtures for tests of the `%rucio` magics (vre_lab/kernel); a test module takes them with
``from tests.plugins.kernel import *``.

- ``jupyter_home``: private Jupyter config/data/runtime folders (``JUPYTER_*`` variables set),
  no Rucio configuration from the environment, and a ``jupyter_server_config.json`` keeping
  downloads, tokens and credentials in the test's tmp folder; ``jupyter_home.server_config``
  is that file's content, to extend;
- ``ipython``: the in-process IPython shell;
- ``rucio_magic``: the `%rucio` magics loaded in it with the sandbox as instance ``sandbox``
  (through ``VRE_LAB_RUCIO_INSTANCES``); ``rucio_magic("search demo:*")`` runs one line and
  returns what the magic returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "JupyterHome",
    "ipython",
    "jupyter_home",
    "load_rucio_magics",
    "rucio_magic",
    "sandbox_instances",
]
RUCIO_ENV = ("VRE_LAB_RUCIO_INSTANCES", "VRE_LAB_RUCIO_DEFAULT", "RUCIO_CONFIG", "RUCIO_HOME")


@dataclass
class JupyterHome:
    root: Path
    config_dir: Path
    data_dir: Path
    runtime_dir: Path
    server_config: dict

    @property
    def downloads(self) -> Path:
        return Path(self.server_config["VRELab"]["rucio_download_dir"])

    @property
    def credentials(self) -> Path:
        return Path(self.server_config["VRELab"]["rucio_credentials_path"])

    @property
    def tokens(self) -> Path:
        return Path(self.server_config["VRELab"]["rucio_token_dir"])

    def write_server_config(self, **vrelab) -> None:
        """Write jupyter_server_config.json with these VRELab settings added."""
        self.server_config["VRELab"].update(vrelab)
        path = self.config_dir / "jupyter_server_config.json"
        path.write_text(json.dumps(self.server_config))

    def environ(self) -> dict[str, str]:
        return {
            "JUPYTER_CONFIG_DIR": str(self.config_dir),
            "JUPYTER_DATA_DIR": str(self.data_dir),
            "JUPYTER_RUNTIME_DIR": str(self.runtime_dir),
        }


@pytest.fixture
def jupyter_home(tmp_path, monkeypatch) -> JupyterHome:
    home = JupyterHome(
        root=tmp_path,
        config_dir=tmp_path / "jupyter-config",
        data_dir=tmp_path / "jupyter-data",
        runtime_dir=tmp_path / "jupyter-runtime",
        server_config={
            "VRELab": {
                "rucio_download_dir": str(tmp_path / "downloads"),
                "rucio_credentials_path": str(tmp_path / "private" / "rucio-credentials.json"),
                "rucio_token_dir": str(tmp_path / "private" / "tokens"),
                "rucio_replication_poll_seconds": 0.2,
            }
        },
    )
    for folder in (home.config_dir, home.data_dir, home.runtime_dir):
        folder.mkdir()
    for name, value in home.environ().items():
        monkeypatch.setenv(name, value)
    for name in (*RUCIO_ENV, "JUPYTER_CONFIG_PATH", "JUPYTER_PLATFORM_DIRS"):
        monkeypatch.delenv(name, raising=False)
    home.write_server_config()
    return home


@pytest.fixture
def ipython():
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


@pytest.fixture
def load_rucio_magics(ipython):
    """Loads a fresh `%rucio` (it reads its configuration at first use) and unloads it after."""
    from vre_lab import load_ipython_extension, unload_ipython_extension

    loaded = []

    def load():
        load_ipython_extension(ipython)
        loaded.append(True)
        return lambda line="": ipython.run_line_magic("rucio", line)

    yield load
    if loaded:
        unload_ipython_extension(ipython)


@pytest.fixture
def sandbox_instances(rucio_sandbox) -> list[dict]:
    return [rucio_sandbox.vre_lab_instance()]


@pytest.fixture
def rucio_magic(jupyter_home, sandbox_instances, load_rucio_magics, monkeypatch):
    monkeypatch.setenv("VRE_LAB_RUCIO_INSTANCES", json.dumps(sandbox_instances))
    return load_rucio_magics()
