"""The vre-lab server extension: configuration (traitlets) and the wiring of its slices."""

import os
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir, jupyter_runtime_dir
from jupyter_server.extension.application import ExtensionApp
from tornado.ioloop import IOLoop, PeriodicCallback
from traitlets import Bool, Int, Unicode, default

from .core import credential_env
from .core.api import core_handlers
from .core.blocking import BlockingRunner
from .core.environment import apply_environment
from .core.job_runner import JobRunner
from .core.jobs import JobStore
from .core.secrets import install_log_redaction
from .reana.handlers import workflow_handlers
from .reana.servers import SERVERS_ENV
from .reana.service import WorkflowService
from .reana.settings import WorkflowConfig, WorkflowSettings
from .reana.terminals import TerminalEnvironment, reana_environment
from .rucio.did_records import DidRecords
from .rucio.handlers import rucio_handlers
from .rucio.instances import INSTANCES_ENV
from .rucio.service import RucioService
from .rucio.settings import RucioConfig, RucioSettings
from .zenodo.handlers import publish_handlers
from .zenodo.repositories import REPOSITORIES_ENV
from .zenodo.service import PublishService
from .zenodo.settings import PublishConfig, PublishSettings


class VRELab(ExtensionApp, RucioConfig, WorkflowConfig, PublishConfig):
    """Configure with `c.VRELab.<trait>` in jupyter_server_config.py, or with the environment
    variable each trait is tagged with (`env`), which wins when set (docs/configuration.md).

    The traits here are the app's own (jobs); each slice defines its settings in its
    `settings.py` (`RucioConfig`, ...), which this class inherits (core/settings.py)."""

    name = "vre_lab"
    load_other_extensions = True

    job_store_path = Unicode(
        help="SQLite file where long-running operations (jobs) are kept across restarts."
    ).tag(config=True, env="VRE_LAB_JOB_STORE_PATH")

    max_workers = Int(
        16,
        help="Threads per backend (Rucio, REANA, repositories) that run blocking client calls off"
        " the event loop; each backend has its own, so a slow one never slows another.",
    ).tag(config=True, env="VRE_LAB_MAX_WORKERS")

    max_jobs = Int(8, help="Jobs (downloads, uploads, ...) that run at the same time.").tag(
        config=True, env="VRE_LAB_MAX_JOBS"
    )

    jobs_per_user = Bool(
        help="Whether each user lists, reads, cancels and deletes only the jobs they started. By"
        " default, when the server's identity provider names its users (JupyterHub, a site's"
        " own); not with jupyter_server's own token or password login, where a request without"
        " a cookie is a new anonymous user each time (a script would lose its own jobs).",
    ).tag(config=True, env="VRE_LAB_JOBS_PER_USER")

    @default("jobs_per_user")
    def _default_jobs_per_user(self):
        from jupyter_server.auth.identity import IdentityProvider, PasswordIdentityProvider

        provider = getattr(self.serverapp, "identity_provider", None)
        return provider is not None and type(provider) not in (
            IdentityProvider,
            PasswordIdentityProvider,
        )

    @default("job_store_path")
    def _default_job_store_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "jobs.sqlite3")

    def apply_environment(self) -> list[str]:
        """Take the settings whose environment variable is set; returns the problems."""
        used, problems = apply_environment(self)
        if used:
            self.log.info("vre-lab: settings from the environment: %s", ", ".join(used))
        return problems

    def initialize_settings(self):
        install_log_redaction(self.log)
        for problem in self.apply_environment():
            self.log.error("vre-lab: %s", problem)
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
        self.rucio = RucioService(RucioSettings.of(self))
        for problem in self.rucio.registry.problems:
            self.log.error("vre-lab: a Rucio instance is not usable: %s", problem)
        root = Path(self.serverapp.root_dir).expanduser().resolve()
        # one store of durable work: the local runs are kept in the job store, and the server
        # that drives them is the job store's
        self.workflows = WorkflowService(
            WorkflowSettings.of(self, root_dir=root), self.log, jobs=self.jobs
        )
        for problem in self.workflows.registry.problems:
            self.log.error("vre-lab: a REANA server is not usable: %s", problem)
        self.workflows.use_data(DidRecords(self.rucio))
        self.publish = PublishService(PublishSettings.of(self, root_dir=root))
        for problem in self.publish.registry.problems:
            self.log.error("vre-lab: a publishing repository is not usable: %s", problem)
        self._take_credential_variables()

    def _take_credential_variables(self):
        rucio = {INSTANCES_ENV} | {
            i.oidc_token_env for i in self.rucio.registry.instances.values() if i.oidc_token_env
        }
        endpoints = [
            *self.workflows.registry.endpoints.values(),
            *self.publish.registry.endpoints.values(),
        ]
        names = {*credential_env.ALWAYS_TAKEN, SERVERS_ENV, REPOSITORIES_ENV, *rucio}
        names |= {e.access_token_env for e in endpoints if e.access_token_env}
        self._kernel_credentials = (
            Path(jupyter_runtime_dir()) / "vre_lab" / (f"kernel-credentials-{os.getpid()}.json")
        )
        taken = credential_env.take(names, for_kernels=rucio, kernel_file=self._kernel_credentials)
        if taken:
            self.log.info("vre-lab: %d credential variables kept from kernels", len(taken))

    def initialize_handlers(self):
        self.handlers.extend(core_handlers())
        self.handlers.extend(rucio_handlers())
        self.handlers.extend(workflow_handlers())
        self.handlers.extend(publish_handlers())
        # the terminals extension may load after this one: attach once everything is loaded
        IOLoop.current().add_callback(self._give_terminals_reana_environment)

    def _give_terminals_reana_environment(self):
        if not self.share_reana_credentials:
            return
        manager = self.serverapp.web_app.settings.get("terminal_manager")
        if manager is not None:
            manager.extra_env = TerminalEnvironment(manager.extra_env, self.workflows)
        sessions = self.serverapp.session_manager
        kernel_env = sessions.get_kernel_env

        def with_reana(path, name=None):
            return {**kernel_env(path, name), **reana_environment(self.workflows)}

        sessions.get_kernel_env = with_reana

    def service_summaries(self) -> dict:
        """What each section of the sidebar can do with the current configuration."""
        return {
            "data": self.rucio.summary(),
            "workflows": self.workflows.summary(),
            "publish": self.publish.summary(),
        }

    async def stop_extension(self):
        credential_env.forget(self._kernel_credentials)
        self._job_lease.stop()
        self.workflows.local.shutdown()
        self.rucio.pager.close()
        self.job_runner.shutdown()
        self._job_threads.shutdown()
        self.blocking.shutdown()
        self.jobs.close()
