"""The Data slice's settings (`c.VRELab.rucio_*`, see core/settings.py)."""

from __future__ import annotations

from pathlib import Path

from jupyter_core.paths import jupyter_data_dir, jupyter_runtime_dir
from traitlets import Dict, Float, Int, List, Unicode, default

from ..core.settings import ServiceConfig, ServiceSettings
from .instances import INSTANCES_ENV


class RucioConfig(ServiceConfig):
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

    @default("rucio_credentials_path")
    def _default_rucio_credentials_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "rucio-credentials.json")

    @default("rucio_token_dir")
    def _default_rucio_token_dir(self):
        return str(Path(jupyter_runtime_dir()) / "vre_lab" / "rucio-tokens")


class RucioSettings(RucioConfig, ServiceSettings):
    """What RucioService reads: `RucioSettings.of(app)`."""

    @property
    def download_dir(self) -> Path:
        return Path(self.rucio_download_dir).expanduser()

    @property
    def credentials_path(self) -> Path:
        return Path(self.rucio_credentials_path).expanduser()

    @property
    def token_dir(self) -> Path:
        return Path(self.rucio_token_dir).expanduser()

    @property
    def listing_spool_bytes(self) -> int:
        return self.rucio_listing_spool_mb << 20
