# jupyterhub_config.py: vre-lab on a JupyterHub whose users' servers run on the hub's machine
# (LocalProcessSpawner, SystemdSpawner). docs/jupyterhub.md explains it. tests/test_hub.py runs a
# real hub with this file as written (loaded first, then only its own authenticator, spawner and
# ports; the Rucio URLs replaced by the local sandbox's, the culler's timeout shortened).
#
#   export JUPYTERHUB_CRYPT_KEY=$(openssl rand -hex 32)   # encrypts the users' auth state
#   jupyterhub -f jupyterhub_config.py
import json
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (given by JupyterHub)

# Choose your authenticator and spawner here, e.g. OAuthenticator with the identity provider
# your Rucio trusts, and SystemdSpawner. Users' servers run `jupyterhub-singleuser` from an
# environment with JupyterLab 4 and vre-lab (`pip install vre-lab`: nothing to enable).
c.Spawner.default_url = "/lab"

# vre-lab's settings, the same for every user's server (docs/configuration.md lists them all).
# Each user's Rucio token is their own: `oidc_token_file` is in their home (`~`), where the
# vre-token-files service below writes it. Typed credentials, downloads, runs and jobs stay in
# each user's home too.
c.Spawner.environment = {
    "VRE_LAB_RUCIO_INSTANCES": json.dumps(
        [
            {
                "name": "escape",
                "display_name": "ESCAPE data lake",
                "rucio_host": "https://rucio.example.org",
                "auth_host": "https://rucio-auth.example.org",
                "auth_type": "oidc",
                "oidc_token_file": "~/.vre/oidc/access_token",
                "default_mode": "download",
            }
        ]
    ),
    "VRE_LAB_RUCIO_DEFAULT": "escape",
    "VRE_LAB_BACKEND_TIMEOUT": "60",
}

# The hub keeps the users' OIDC tokens (auth state) and refreshes them when they are older
# than auth_refresh_age (OAuthenticator's refresh_user).
c.Authenticator.enable_auth_state = True
c.Authenticator.auth_refresh_age = 300

c.JupyterHub.services = [
    # Writes each user's access token from the auth state to their token file, and removes the
    # file when the auth state holds none (token_files.py beside this file).
    {
        "name": "vre-token-files",
        "command": [sys.executable, str(Path(__file__).with_name("token_files.py"))],
        "environment": {
            "VRE_TOKEN_FILE": "~{username}/.vre/oidc/access_token",
            "VRE_TOKEN_FILES_EVERY": "30",
        },
    },
    # Stops servers idle for an hour (pip install jupyterhub-idle-culler). A vre-lab job that
    # was running shows as interrupted when the user comes back, and can be resumed.
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "vre-token-files",
        "scopes": ["list:users", "read:users", "admin:auth_state"],
        "services": ["vre-token-files"],
    },
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
