"""The vre-lab server extension: configuration (traitlets) and the wiring of its slices."""

from pathlib import Path

from jupyter_core.paths import jupyter_data_dir
from jupyter_server.extension.application import ExtensionApp
from tornado.ioloop import PeriodicCallback
from traitlets import Float, Int, Unicode, default

from .core.api import core_handlers
from .core.blocking import BlockingRunner
from .core.job_runner import JobRunner
from .core.jobs import JobStore
from .core.secrets import install_log_redaction, register_secret


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

    @default("job_store_path")
    def _default_job_store_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "jobs.sqlite3")

    def initialize_settings(self):
        install_log_redaction(self.log)
        for value in self.secret_values():
            register_secret(value)
        self.blocking = BlockingRunner(self.max_workers, self.backend_timeout)
        self.jobs = JobStore(self.job_store_path)
        self.job_runner = JobRunner(self.jobs, self.blocking, self.log)
        self._job_lease = PeriodicCallback(self.jobs.heartbeat, self.jobs.lease_seconds / 4 * 1000)
        self._job_lease.start()

    def initialize_handlers(self):
        self.handlers.extend(core_handlers())

    def secret_values(self):
        """Values of every trait tagged `secret=True` (credentials), to keep out of logs."""
        for name in self.trait_names(secret=True):
            value = getattr(self, name)
            if isinstance(value, str):
                yield value

    def service_summaries(self) -> dict:
        """What each section of the sidebar can do with the current configuration."""
        return {
            "data": {"configured": False, "summary": "No Rucio instance is configured yet."},
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
        self.blocking.shutdown()
        self.jobs.close()
