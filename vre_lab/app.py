"""The vre-lab server extension: configuration (traitlets) and the wiring of its slices."""

import os
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir, jupyter_runtime_dir
from jupyter_server.extension.application import ExtensionApp
from tornado.ioloop import IOLoop, PeriodicCallback
from traitlets import Bool, Dict, Float, Int, List, Unicode, default

from .core import credential_env
from .core.api import core_handlers
from .core.blocking import BlockingRunner
from .core.environment import apply_environment
from .core.job_runner import JobRunner
from .core.jobs import JobStore
from .core.secrets import install_log_redaction, register_secret
from .reana.handlers import workflow_handlers
from .reana.local.engines import default_venv as default_engines_venv
from .reana.servers import SERVERS_ENV
from .reana.service import WorkflowService, WorkflowSettings
from .reana.terminals import TerminalEnvironment, reana_environment
from .rucio.did_records import DidRecords
from .rucio.handlers import rucio_handlers
from .rucio.instances import INSTANCES_ENV
from .rucio.service import RucioService, RucioSettings
from .zenodo.handlers import publish_handlers
from .zenodo.repositories import REPOSITORIES_ENV
from .zenodo.service import PublishService, PublishSettings


class VRELab(ExtensionApp):
    """Configure with `c.VRELab.<trait>` in jupyter_server_config.py, or with the environment
    variable each trait is tagged with (`env`), which wins when set (docs/configuration.md)."""

    name = "vre_lab"
    load_other_extensions = True

    job_store_path = Unicode(
        help="SQLite file where long-running operations (jobs) are kept across restarts."
    ).tag(config=True, env="VRE_LAB_JOB_STORE_PATH")

    backend_timeout = Float(
        30.0, help="Seconds to wait for any outbound call to a service before giving up."
    ).tag(config=True, env="VRE_LAB_BACKEND_TIMEOUT")

    max_workers = Int(
        16,
        help="Threads per backend (Rucio, REANA, repositories) that run blocking client calls off"
        " the event loop; each backend has its own, so a slow one never slows another.",
    ).tag(config=True, env="VRE_LAB_MAX_WORKERS")

    max_jobs = Int(8, help="Jobs (downloads, uploads, ...) that run at the same time.").tag(
        config=True, env="VRE_LAB_MAX_JOBS"
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
    ).tag(config=True, env=INSTANCES_ENV, env_merged=True)

    rucio_default_instance = Unicode(
        "", help="Name of the instance the panel starts with (else the first)."
    ).tag(config=True, env="VRE_LAB_RUCIO_DEFAULT")

    rucio_download_dir = Unicode(
        "~/rucio-downloads", help="Per-user folder where download mode puts Rucio files."
    ).tag(config=True, env="VRE_LAB_RUCIO_DOWNLOAD_DIR")

    rucio_credentials_path = Unicode(
        help="0600 file keeping the Rucio credentials users type in the panel."
    ).tag(config=True, env="VRE_LAB_RUCIO_CREDENTIALS_PATH")

    rucio_token_dir = Unicode(help="0700 folder where Rucio login tokens are cached.").tag(
        config=True, env="VRE_LAB_RUCIO_TOKEN_DIR"
    )

    rucio_replication_poll_seconds = Float(
        5.0, help="How often a replica-mode job asks Rucio about its rule."
    ).tag(config=True, env="VRE_LAB_RUCIO_REPLICATION_POLL_SECONDS")

    rucio_listing_spools = Int(
        8,
        min=0,
        help="""Listings (searches, dataset file lists) a user scrolls that the server keeps
        read ahead, each in a temporary file of at most rucio_listing_spool_mb; 0 reads every
        page straight from Rucio.""",
    ).tag(config=True, env="VRE_LAB_RUCIO_LISTING_SPOOLS")

    rucio_listing_spool_mb = Int(
        256,
        min=1,
        help="Disk one read-ahead listing may take (MiB); it also stops at 1,000,000 rows.",
    ).tag(config=True, env="VRE_LAB_RUCIO_LISTING_SPOOL_MB")

    reana_servers = List(
        Dict(),
        help="""REANA servers the user can run workflows on. Each is a dict: name, url,
        display_name, access_token, access_token_file or access_token_env (read on every use, so
        a token the hub refreshes just works), ca_bundle, verify_tls (default true). Also read
        from VRE_LAB_REANA_SERVERS (JSON), and REANA_SERVER_URL + REANA_ACCESS_TOKEN give the
        server `reana`. The local engine (`local`) is always there.""",
    ).tag(config=True, env=SERVERS_ENV, env_merged=True)

    share_reana_credentials = Bool(
        False,
        help="""Give terminals and kernels started from the lab REANA_SERVER_URL and
        REANA_ACCESS_TOKEN of the selected REANA server, for users who run reana-client there.
        Off: no kernel or terminal gets any credential (docs/configuration.md).""",
    ).tag(config=True, env="VRE_LAB_SHARE_REANA_CREDENTIALS")

    reana_tokens_path = Unicode(
        help="0600 file keeping the REANA access tokens users type in the panel."
    ).tag(config=True, env="VRE_LAB_REANA_TOKENS_PATH")

    reana_local_workspace_dir = Unicode(
        "reana-runs",
        help="Folder, relative to the server root, where local runs get their workspaces.",
    ).tag(config=True, env="VRE_LAB_REANA_LOCAL_WORKSPACE_DIR")

    reana_local_state_dir = Unicode(
        help="Folder where the local engine keeps its run records and logs."
    ).tag(config=True, env="VRE_LAB_REANA_LOCAL_STATE_DIR")

    reana_container_runtimes = List(
        Unicode(),
        ["apptainer", "podman", "docker"],
        help="Container runtimes the local engine may use to run a step's environment image, "
        "in order of preference (docker only when its daemon answers `docker info`); with none "
        "installed steps run on the host.",
    ).tag(config=True, env="VRE_LAB_REANA_CONTAINER_RUNTIMES")

    workflow_engines_venv = Unicode(
        help="The venv holding the workflow engines (yadage, cwltool, Snakemake) the local engine "
        "runs non-serial workflows with; `vre-lab engines install` builds it. Default: "
        "$VRE_LAB_ENGINES_VENV or <jupyter data dir>/vre_lab/engines-venv.",
    ).tag(config=True, env="VRE_LAB_ENGINES_VENV")

    publish_repositories = List(
        Dict(),
        help="""InvenioRDM repositories (Zenodo, the Zenodo sandbox, CERN Document Server, an
        institution's) the user can publish to. Each is a dict: name, url, display_name, kind
        (zenodo or invenio; default: zenodo for zenodo.org hosts), access_token,
        access_token_file or access_token_env (read on every use), ca_bundle, verify_tls. Also
        read from VRE_LAB_PUBLISH_REPOSITORIES (JSON); ZENODO_ACCESS_TOKEN gives `zenodo` and
        ZENODO_SANDBOX_ACCESS_TOKEN `zenodo-sandbox`. Without any, the Publish form exports an
        RO-Crate (`rocrate`).""",
    ).tag(config=True, env=REPOSITORIES_ENV, env_merged=True)

    publish_tokens_path = Unicode(
        help="0600 file keeping the repository tokens users type in the panel."
    ).tag(config=True, env="VRE_LAB_PUBLISH_TOKENS_PATH")

    publish_download_dir = Unicode(
        "zenodo-downloads",
        help="Folder, relative to the server root, where a record's files are downloaded.",
    ).tag(config=True, env="VRE_LAB_PUBLISH_DOWNLOAD_DIR")

    publish_export_dir = Unicode(
        "ro-crates", help="Folder, relative to the server root, where RO-Crates are exported."
    ).tag(config=True, env="VRE_LAB_PUBLISH_EXPORT_DIR")

    @default("job_store_path")
    def _default_job_store_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "jobs.sqlite3")

    @default("rucio_credentials_path")
    def _default_rucio_credentials_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "rucio-credentials.json")

    @default("rucio_token_dir")
    def _default_rucio_token_dir(self):
        return str(Path(jupyter_runtime_dir()) / "vre_lab" / "rucio-tokens")

    @default("reana_tokens_path")
    def _default_reana_tokens_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "reana-tokens.json")

    @default("reana_local_state_dir")
    def _default_reana_local_state_dir(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "local-runs")

    @default("publish_tokens_path")
    def _default_publish_tokens_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "publish-tokens.json")

    def publish_settings(self) -> PublishSettings:
        tokens = Path(self.publish_tokens_path).expanduser()
        return PublishSettings(
            root_dir=Path(self.serverapp.root_dir).expanduser().resolve(),
            tokens_path=tokens,
            state_path=tokens.with_name("publish-state.json"),
            repositories=list(self.publish_repositories),
            timeout=self.backend_timeout,
            download_dir=self.publish_download_dir,
            export_dir=self.publish_export_dir,
        )

    def workflow_settings(self) -> WorkflowSettings:
        root = Path(self.serverapp.root_dir).expanduser().resolve()
        tokens = Path(self.reana_tokens_path).expanduser()
        return WorkflowSettings(
            root_dir=root,
            tokens_path=tokens,
            selection_path=tokens.with_name("reana-selection.json"),
            local_workspace_dir=root / self.reana_local_workspace_dir,
            local_state_dir=Path(self.reana_local_state_dir).expanduser(),
            servers=list(self.reana_servers),
            timeout=self.backend_timeout,
            container_runtimes=tuple(self.reana_container_runtimes),
            engines_venv=Path(self.workflow_engines_venv or default_engines_venv()).expanduser(),
        )

    def rucio_settings(self) -> RucioSettings:
        return RucioSettings(
            instances=list(self.rucio_instances),
            default_instance=self.rucio_default_instance,
            download_dir=Path(self.rucio_download_dir).expanduser(),
            credentials_path=Path(self.rucio_credentials_path).expanduser(),
            token_dir=Path(self.rucio_token_dir).expanduser(),
            timeout=self.backend_timeout,
            replication_poll_seconds=self.rucio_replication_poll_seconds,
            listing_spools=self.rucio_listing_spools,
            listing_spool_bytes=self.rucio_listing_spool_mb << 20,
        )

    def apply_environment(self) -> list[str]:
        """Take the settings whose environment variable is set; returns the problems."""
        used, problems = apply_environment(self)
        if used:
            self.log.info("vre-lab: settings from the environment: %s", ", ".join(used))
        return problems

    def initialize_settings(self):
        install_log_redaction(self.log)
        for value in self.secret_values():
            register_secret(value)
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
        self.rucio = RucioService(self.rucio_settings())
        for problem in self.rucio.registry.problems:
            self.log.error("vre-lab: a Rucio instance is not usable: %s", problem)
        self.workflows = WorkflowService(self.workflow_settings(), self.log)
        for problem in self.workflows.registry.problems:
            self.log.error("vre-lab: a REANA server is not usable: %s", problem)
        self.workflows.use_data(DidRecords(self.rucio))
        self.workflows.local.recover()
        self.publish = PublishService(self.publish_settings())
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
