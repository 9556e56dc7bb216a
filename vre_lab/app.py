"""The vre-lab server extension: configuration (traitlets) and the wiring of its slices."""

from pathlib import Path

from jupyter_core.paths import jupyter_data_dir, jupyter_runtime_dir
from jupyter_server.extension.application import ExtensionApp
from tornado.ioloop import PeriodicCallback
from traitlets import Dict, Float, Int, List, Unicode, default

from .core.api import core_handlers
from .core.blocking import BlockingRunner
from .core.job_runner import JobRunner
from .core.jobs import JobStore
from .core.secrets import install_log_redaction, register_secret
from .rucio.handlers import rucio_handlers
from .rucio.service import RucioService, RucioSettings


class VRELab(ExtensionApp):
    """Configure with `c.VRELab.<trait>` in jupyter_server_config.py."""

    name = "vre_lab"
    load_other_extensions = True

    job_store_path = Unicode(
        help="SQLite file where long-running operations (jobs) are kept across restarts."
    ).tag(config=True)

    backend_timeout = Float(
        30.0, help="Seconds to wait for any outbound call to a service before giving up."
    ).tag(config=True)

    max_workers = Int(16, help="Threads that run blocking client calls off the event loop.").tag(
        config=True
    )

    max_jobs = Int(8, help="Jobs (downloads, uploads, ...) that run at the same time.").tag(
        config=True
    )

    rucio_instances = List(
        Dict(),
        help="""Rucio instances the user can choose from. Each is a dict: name, display_name,
        rucio_host, auth_host, auth_type (userpass, x509, x509_proxy, oidc), account, vo,
        username/password, certificate/key, proxy, oidc_token_file or oidc_token_env (read on
        every use), ca_cert, destination_rse, rse_mount_path, rse_path_prefix,
        replication_rule_lifetime_days, default_mode (replica or download), rucio_config (a
        rucio.cfg whose [client] section fills the rest). Also read from the environment variable
        VRE_LAB_RUCIO_INSTANCES (JSON). Empty: the rucio.cfg rucio-clients would use.""",
    ).tag(config=True)

    rucio_default_instance = Unicode(
        "", help="Name of the instance the panel starts with (else the first)."
    ).tag(config=True)

    rucio_download_dir = Unicode(
        "~/rucio-downloads", help="Per-user folder where download mode puts Rucio files."
    ).tag(config=True)

    rucio_credentials_path = Unicode(
        help="0600 file keeping the Rucio credentials users type in the panel."
    ).tag(config=True)

    rucio_token_dir = Unicode(help="0700 folder where Rucio login tokens are cached.").tag(
        config=True
    )

    rucio_replication_poll_seconds = Float(
        5.0, help="How often a replica-mode job asks Rucio about its rule."
    ).tag(config=True)

    @default("job_store_path")
    def _default_job_store_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "jobs.sqlite3")

    @default("rucio_credentials_path")
    def _default_rucio_credentials_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "rucio-credentials.json")

    @default("rucio_token_dir")
    def _default_rucio_token_dir(self):
        return str(Path(jupyter_runtime_dir()) / "vre_lab" / "rucio-tokens")

    def rucio_settings(self) -> RucioSettings:
        return RucioSettings(
            instances=list(self.rucio_instances),
            default_instance=self.rucio_default_instance,
            download_dir=Path(self.rucio_download_dir).expanduser(),
            credentials_path=Path(self.rucio_credentials_path).expanduser(),
            token_dir=Path(self.rucio_token_dir).expanduser(),
            timeout=self.backend_timeout,
            replication_poll_seconds=self.rucio_replication_poll_seconds,
        )

    def initialize_settings(self):
        install_log_redaction(self.log)
        for value in self.secret_values():
            register_secret(value)
        self.blocking = BlockingRunner(self.max_workers, self.backend_timeout)
        self.jobs = JobStore(self.job_store_path)
        if self.jobs.set_aside:
            self.log.warning(
                "vre-lab: the job store could not be used and was kept as %s", self.jobs.set_aside
            )
        # jobs get threads of their own: a long download or a rule waiting for replication
        # never starves the threads that answer requests
        self._job_threads = BlockingRunner(self.max_jobs, self.backend_timeout)
        self.job_runner = JobRunner(self.jobs, self._job_threads, self.log)
        self._job_lease = PeriodicCallback(self.jobs.heartbeat, self.jobs.lease_seconds / 4 * 1000)
        self._job_lease.start()
        self.rucio = RucioService(self.rucio_settings())
        for problem in self.rucio.registry.problems:
            self.log.warning("vre-lab: a Rucio instance is not usable: %s", problem)

    def initialize_handlers(self):
        self.handlers.extend(core_handlers())
        self.handlers.extend(rucio_handlers())

    def secret_values(self):
        """Values of every trait tagged `secret=True` (credentials), to keep out of logs."""
        for name in self.trait_names(secret=True):
            value = getattr(self, name)
            if isinstance(value, str):
                yield value

    def service_summaries(self) -> dict:
        """What each section of the sidebar can do with the current configuration."""
        return {
            "data": self.rucio.summary(),
            "workflows": {
                "configured": False,
                "summary": "No REANA server is configured yet.",
            },
            "publish": {
                "configured": False,
                "summary": "No Zenodo or InvenioRDM repository is configured yet.",
            },
        }

    async def stop_extension(self):
        self._job_lease.stop()
        self.job_runner.shutdown()
        self._job_threads.shutdown()
        self.blocking.shutdown()
        self.jobs.close()
