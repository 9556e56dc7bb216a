"""Where workflows run: REANA servers the operator configured, and the local engine.

Sources, in order: `c.VRELab.reana_servers` (traitlets), the environment variable
`VRE_LAB_REANA_SERVERS` (a JSON list; an entry with the name of a configured one replaces it), and
`REANA_SERVER_URL` + `REANA_ACCESS_TOKEN` (the server `reana`), as reana-client users set them.
The local engine is always there, as the server `local`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..core import credential_env
from ..core.endpoints import Endpoint, EndpointRegistry, load_endpoints

SERVERS_ENV = "VRE_LAB_REANA_SERVERS"
URL_ENV = "REANA_SERVER_URL"
TOKEN_ENV = "REANA_ACCESS_TOKEN"  # noqa: S105 (a variable name)
LOCAL = "local"


@dataclass(frozen=True)
class ReanaServer(Endpoint):
    pass


def load_servers(configured: list[dict], environ=None) -> EndpointRegistry:
    """Every usable server; a broken entry is reported in `problems`, not fatal."""
    environ = credential_env.variables() if environ is None else environ
    url = environ.get(URL_ENV, "").strip()
    implied = []
    if url:
        implied.append(
            {
                "name": "reana",
                "display_name": urlsplit(url).hostname or "REANA",
                "url": url,
                "access_token_env": TOKEN_ENV,
            }
        )
    return load_endpoints(
        ReanaServer,
        configured,
        env_var=SERVERS_ENV,
        implied=implied,
        what="REANA server",
        builtin=LOCAL,
        environ=environ,
    )
