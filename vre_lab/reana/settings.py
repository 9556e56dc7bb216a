"""The Workflows slice's settings (`c.VRELab.reana_*`, see core/settings.py)."""

from __future__ import annotations

from pathlib import Path

from jupyter_core.paths import jupyter_data_dir
from traitlets import Bool, Dict, Int, List, Unicode, default

from ..core.settings import ServiceConfig, ServiceSettings
from .local.engines import default_venv
from .servers import SERVERS_ENV


class WorkflowConfig(ServiceConfig):
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
        help="Folder of the local engine's run logs (their records are in the job store)."
    ).tag(config=True, env="VRE_LAB_REANA_LOCAL_STATE_DIR")

    reana_local_max_parallel_runs = Int(
        4,
        min=1,
        help="""Local runs that go at the same time; the others stay queued until one ends, as
        on REANA.""",
    ).tag(config=True, env="VRE_LAB_REANA_LOCAL_MAX_PARALLEL_RUNS")

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

    @default("reana_tokens_path")
    def _default_reana_tokens_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "reana-tokens.json")

    @default("reana_local_state_dir")
    def _default_reana_local_state_dir(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "local-runs")


class WorkflowSettings(WorkflowConfig, ServiceSettings):
    """What WorkflowService reads: `WorkflowSettings.of(app, root_dir=...)`."""

    @property
    def tokens_path(self) -> Path:
        return Path(self.reana_tokens_path).expanduser()

    @property
    def selection_path(self) -> Path:
        return self.tokens_path.with_name("reana-selection.json")

    @property
    def local_workspace_dir(self) -> Path:
        return self.root_dir / self.reana_local_workspace_dir

    @property
    def local_state_dir(self) -> Path:
        return Path(self.reana_local_state_dir).expanduser()

    @property
    def engines_venv(self) -> Path:
        """yadage, cwltool, Snakemake (see local/engines.py)"""
        return Path(self.workflow_engines_venv or default_venv()).expanduser()
