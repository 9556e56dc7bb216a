"""The sandbox as one object: start, status, stop, reset, and credentials for rucio-clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from . import config_files, server_process
from .database import ensure_database
from .errors import SandboxError
from .holders import SandboxInUse, hold, live_holders, release
from .info import SandboxInfo
from .locking import exclusive_lock
from .paths import SandboxPaths, default_home, default_venv
from .ports import choose_port
from .private_files import load_or_create_password, make_private_dir
from .processes import child_pids
from .seeding import ensure_seeded, needs_seeding, seed_summary
from .server_venv import ensure_server_venv, server_site_packages
from .state import remember_port, remembered_port

LOCK_TIMEOUT = 1500.0  # long enough for a first start that installs the venv
# what reset() removes: only the sandbox's own entries, whatever else lives in the home
_RESETTABLE = ("state.json", "server.log", "seeded.json", "secrets", "server", "client", "storage")


class Sandbox:
    """A local Rucio server with demo data, living in ``home`` and run from ``venv``.

    ``port``: the port to listen on; None: the last one, else 8490, else any free one;
    0: the last one, else any free one (never 8490, for tests).
    """

    def __init__(
        self,
        home: Path | str | None = None,
        venv: Path | str | None = None,
        port: int | None = None,
        workers: int = 2,
    ) -> None:
        resolved_home = Path(home).expanduser().resolve() if home else default_home()
        resolved_venv = Path(venv).expanduser().resolve() if venv else default_venv(resolved_home)
        self.paths = SandboxPaths(resolved_home, resolved_venv)
        self.port = port
        self.workers = workers

    @property
    def home(self) -> Path:
        return self.paths.home

    @property
    def venv(self) -> Path:
        return self.paths.venv

    def status(self) -> SandboxInfo:
        pid = server_process.master_pid(self.paths)
        port = remembered_port(self.paths)
        url = server_process.server_url(port) if port else None
        version = server_process.ping(url, timeout=2.0) if pid and url else None
        return SandboxInfo(
            home=self.home,
            venv=self.venv,
            running=pid is not None,
            answering=version is not None,
            pid=pid,
            worker_pids=tuple(sorted(child_pids(pid))) if pid else (),
            port=port,
            url=url,
            version=version,
            account=config_files.ACCOUNT,
            client_config=self.paths.client_config,
            log_file=self.paths.log_file,
            seed_summary=seed_summary(self.paths),
            holders=tuple(live_holders(self.paths)),
        )

    def start(
        self,
        timeout: float = 120.0,
        *,
        seed: bool = True,
        bulk_dids: int = 0,
        report: Callable[[str], None] | None = None,
        holder: int | None = None,
        holder_label: str = "",
    ) -> SandboxInfo:
        """Make the server run and answer, seeded unless ``seed=False``; idempotent.

        ``timeout`` bounds the wait for ``/ping``; installing the venv has its own limit.
        ``holder``: a PID that uses the sandbox from now on (see :meth:`release`): while it
        lives, :meth:`stop` and :meth:`reset` refuse unless forced.
        """
        say = report or (lambda _: None)
        make_private_dir(self.home)
        with exclusive_lock(self.paths.lock_file, LOCK_TIMEOUT):
            if holder is not None:
                hold(self.paths, holder, holder_label)
            info = self.status()
            if info.running:
                if not info.answering:
                    server_process.wait_until_answering(self.paths, info.url, timeout)
            else:
                self._prepare(say)
                self._launch(timeout, say)
            if seed and needs_seeding(self.paths, bulk_dids):
                say("Seeding the demo data")
                ensure_seeded(self.paths, bulk_dids=bulk_dids)
            return self.status()

    def stop(self, timeout: float = 15.0, *, force: bool = False) -> bool:
        """Stop the server (master and workers); True when it was running. Idempotent.

        Raises :class:`SandboxInUse` while a live process holds it, unless ``force``."""
        with exclusive_lock(self.paths.lock_file, LOCK_TIMEOUT):
            return self._stop(timeout, force, "stop")

    def release(self, pid: int, *, stop: bool = False, timeout: float = 15.0) -> list[dict]:
        """``pid`` no longer uses the sandbox. With ``stop``, stop it unless other live
        processes still hold it. Returns those others (empty: nobody holds it now)."""
        with exclusive_lock(self.paths.lock_file, LOCK_TIMEOUT):
            release(self.paths, pid)
            others = live_holders(self.paths)
            if stop and not others:
                server_process.stop(self.paths, timeout)
            return others

    def reset(self, *, force: bool = False) -> None:
        """Stop and forget everything (database, demo files, config); keeps the venv."""
        with exclusive_lock(self.paths.lock_file, LOCK_TIMEOUT):
            self._stop(15.0, force, "reset")
            for name in _RESETTABLE:
                entry = self.home / name
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink(missing_ok=True)

    def _stop(self, timeout: float, force: bool, action: str) -> bool:
        """Stop the server, refusing (unless ``force``) while live processes hold it: always
        for a reset (it deletes what they use), for a stop only when it runs."""
        running = server_process.master_pid(self.paths) is not None
        holders = live_holders(self.paths) if running or action == "reset" else []
        if holders and not force:
            raise SandboxInUse(self.home, holders, action)
        return server_process.stop(self.paths, timeout)

    def client_kwargs(self) -> dict:
        """Arguments for ``rucio.client.Client(**kwargs)`` logging in to this sandbox."""
        port = remembered_port(self.paths)
        if port is None or not self.paths.password_file.exists():
            raise SandboxError(f"the sandbox in {self.home} was never started")
        url = server_process.server_url(port)
        password = self.paths.password_file.read_text(encoding="utf-8").strip()
        return {
            "rucio_host": url,
            "auth_host": url,
            "account": config_files.ACCOUNT,
            "auth_type": "userpass",
            "creds": {"username": config_files.USERNAME, "password": password},
        }

    def _prepare(self, say: Callable[[str], None]) -> None:
        ensure_server_venv(self.venv, say)
        password = load_or_create_password(self.paths.password_file)
        config_files.write_server_config(self.paths, password)
        config_files.write_alembic_config(self.paths, server_site_packages(self.venv))
        if not self.paths.database_ready_marker.exists():
            say("Creating the database")
            ensure_database(self.paths)

    def _launch(self, timeout: float, say: Callable[[str], None]) -> None:
        port = choose_port(self.port, remembered_port(self.paths))
        url = server_process.server_url(port)
        remember_port(self.paths, port)
        password = load_or_create_password(self.paths.password_file)
        config_files.write_client_config(self.paths, url, password)
        say(f"Starting the Rucio server on {url}")
        server_process.launch(self.paths, port, self.workers)
        try:
            server_process.wait_until_answering(self.paths, url, timeout)
        except SandboxError:
            server_process.stop(self.paths, timeout=10.0)  # leave no half-started server behind
            raise
