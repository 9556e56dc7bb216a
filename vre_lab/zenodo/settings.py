"""The Publish slice's settings (`c.VRELab.publish_*`, see core/settings.py)."""

from __future__ import annotations

from pathlib import Path

from jupyter_core.paths import jupyter_data_dir
from traitlets import Dict, List, Unicode, default

from ..core.settings import ServiceConfig, ServiceSettings
from .repositories import REPOSITORIES_ENV


class PublishConfig(ServiceConfig):
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

    @default("publish_tokens_path")
    def _default_publish_tokens_path(self):
        return str(Path(jupyter_data_dir()) / "vre_lab" / "publish-tokens.json")


class PublishSettings(PublishConfig, ServiceSettings):
    """What PublishService reads: `PublishSettings.of(app, root_dir=...)`."""

    @property
    def tokens_path(self) -> Path:
        return Path(self.publish_tokens_path).expanduser()

    @property
    def state_path(self) -> Path:
        """The chosen repository, the last deposit, communities of drafts."""
        return self.tokens_path.with_name("publish-state.json")

    @property
    def download_dir(self) -> str:
        return self.publish_download_dir

    @property
    def export_dir(self) -> str:
        return self.publish_export_dir
