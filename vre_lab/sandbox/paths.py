"""Where a sandbox keeps its files: everything lives under one home directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "VRE_LAB_SANDBOX_HOME"
VENV_ENV = "VRE_LAB_SANDBOX_VENV"


def default_home() -> Path:
    """``$VRE_LAB_SANDBOX_HOME``, else ``<jupyter data dir>/vre_lab/sandbox``."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser().resolve()
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()).resolve() / "vre_lab" / "sandbox"


def default_venv(home: Path) -> Path:
    """``$VRE_LAB_SANDBOX_VENV`` (one venv shared by many homes), else ``<home>/venv``."""
    if os.environ.get(VENV_ENV):
        return Path(os.environ[VENV_ENV]).expanduser().resolve()
    return home / "venv"


@dataclass(frozen=True)
class SandboxPaths:
    home: Path
    venv: Path

    @property
    def lock_file(self) -> Path:
        return self.home / ".lock"

    @property
    def state_file(self) -> Path:
        return self.home / "state.json"

    @property
    def log_file(self) -> Path:
        return self.home / "server.log"

    @property
    def password_file(self) -> Path:
        return self.home / "secrets" / "password"

    @property
    def server_dir(self) -> Path:
        return self.home / "server"

    @property
    def server_config(self) -> Path:
        return self.server_dir / "rucio.cfg"

    @property
    def alembic_config(self) -> Path:
        return self.server_dir / "alembic.ini"

    @property
    def database(self) -> Path:
        return self.server_dir / "rucio.db"

    @property
    def database_ready_marker(self) -> Path:
        return self.server_dir / "database.ready"

    @property
    def rucio_log_dir(self) -> Path:
        return self.server_dir / "logs"

    @property
    def pid_file(self) -> Path:
        return self.server_dir / "gunicorn.pid"

    @property
    def client_config(self) -> Path:
        return self.home / "client" / "rucio.cfg"

    @property
    def token_file(self) -> Path:
        return self.home / "client" / "tokens" / "auth_token_for_account_root"

    @property
    def storage_dir(self) -> Path:
        return self.home / "storage"

    def rse_prefix(self, rse: str) -> Path:
        return self.storage_dir / rse

    @property
    def seeded_marker(self) -> Path:
        return self.home / "seeded.json"

    @property
    def venv_python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def gunicorn(self) -> Path:
        return self.venv / "bin" / "gunicorn"
