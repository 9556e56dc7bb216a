"""Where results are published: InvenioRDM repositories the operator configured (Zenodo, the Zenodo
sandbox, CERN Document Server, institutional ones), and the RO-Crate export that needs none.

Sources, in order: `c.VRELab.publish_repositories` (traitlets), the environment variable
`VRE_LAB_PUBLISH_REPOSITORIES` (a JSON list), and `ZENODO_ACCESS_TOKEN` (the repository `zenodo`)
or `ZENODO_SANDBOX_ACCESS_TOKEN` (`zenodo-sandbox`). The RO-Crate export is always there, as
`rocrate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..core import credential_env
from ..core.endpoints import Endpoint, EndpointRegistry, load_endpoints

REPOSITORIES_ENV = "VRE_LAB_PUBLISH_REPOSITORIES"
ROCRATE = "rocrate"
KINDS = ("invenio", "zenodo")
WELL_KNOWN = (
    # (variable holding a token, name, title, url)
    ("ZENODO_ACCESS_TOKEN", "zenodo", "Zenodo", "https://zenodo.org"),
    (
        "ZENODO_SANDBOX_ACCESS_TOKEN",
        "zenodo-sandbox",
        "Zenodo sandbox",
        "https://sandbox.zenodo.org",
    ),
)


@dataclass(frozen=True)
class Repository(Endpoint):
    kind: str = ""  # "zenodo" or "invenio"; empty: Zenodo for zenodo.org hosts

    @property
    def flavour(self) -> str:
        if self.kind in KINDS:
            return self.kind
        host = urlsplit(self.url).hostname or ""
        return "zenodo" if host == "zenodo.org" or host.endswith(".zenodo.org") else "invenio"


def load_repositories(configured: list[dict], environ=None) -> EndpointRegistry:
    environ = credential_env.variables() if environ is None else environ
    implied = [
        {"name": name, "display_name": title, "url": url, "access_token_env": variable}
        for variable, name, title, url in WELL_KNOWN
        if environ.get(variable, "").strip()
    ]
    registry = load_endpoints(
        Repository,
        configured,
        env_var=REPOSITORIES_ENV,
        implied=implied,
        what="publishing repository",
        builtin=ROCRATE,
        environ=environ,
    )
    for name, repository in list(registry.endpoints.items()):
        if repository.kind and repository.kind not in KINDS:
            registry.problems.append(f"repository {name!r}: kind must be one of {', '.join(KINDS)}")
            del registry.endpoints[name]
    return registry
