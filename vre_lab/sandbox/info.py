"""What a status check tells about a sandbox."""

from __future__ import annotations

import json
import shlex
from dataclasses import asdict, dataclass
from pathlib import Path

EXIT_RUNNING = 0
EXIT_NOT_ANSWERING = 1  # LSB: the process exists but the service does not work
EXIT_STOPPED = 3  # LSB: program is not running


@dataclass(frozen=True)
class SandboxInfo:
    home: Path
    venv: Path
    running: bool
    answering: bool
    pid: int | None
    worker_pids: tuple[int, ...]
    port: int | None
    url: str | None
    version: str | None
    account: str
    client_config: Path
    log_file: Path
    seed_summary: dict | None
    holders: tuple[dict, ...] = ()  # the live processes that use it (see holders.py)

    @property
    def seeded(self) -> bool:
        return self.seed_summary is not None

    @property
    def exit_code(self) -> int:
        if not self.running:
            return EXIT_STOPPED
        return EXIT_RUNNING if self.answering else EXIT_NOT_ANSWERING

    @property
    def export_line(self) -> str:
        return f"export RUCIO_CONFIG={shlex.quote(str(self.client_config))}"

    def vre_lab_instance(self) -> dict:
        """The sandbox as a vre-lab Rucio instance: replica mode reads SANDBOX_DISK in place."""
        disk = str(self.home / "storage" / "SANDBOX_DISK")
        return {
            "name": "sandbox",
            "display_name": "Sandbox (local Rucio)",
            "rucio_config": str(self.client_config),
            "destination_rse": "SANDBOX_DISK",
            "rse_mount_path": disk,
            "rse_path_prefix": disk,
            "sandbox_home": str(self.home),
        }

    @property
    def instances_export_line(self) -> str:
        value = json.dumps([self.vre_lab_instance()])
        return f"export VRE_LAB_RUCIO_INSTANCES={shlex.quote(value)}"

    def as_dict(self) -> dict:
        fields = asdict(self)
        fields.update(seeded=self.seeded, exit_code=self.exit_code)
        return {
            key: str(value) if isinstance(value, Path) else value for key, value in fields.items()
        }
