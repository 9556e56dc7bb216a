# The hub of tests/test_hub.py: docs/jupyterhub/jupyterhub_config.py as written, then only what a
# test on one machine must set (tests/plugins/hub.py writes the settings this file reads):
# loopback ports, files in the test's folder, an authenticator standing in for the identity
# provider, SimpleLocalProcessSpawner with homes in the test's folder, the Rucio URLs of the
# doc pointed at the local sandbox (through the tests' relay), the token files written every
# half second, and the culler's timeout shortened and limited to the user `carol`.
import json
import os
import re
from pathlib import Path

from jupyterhub.auth import DummyAuthenticator
from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # noqa: F821
settings = json.loads(Path(os.environ["VRE_TEST_HUB_SETTINGS"]).read_text())

load_subconfig(settings["doc_config"])  # noqa: F821

folder = Path(settings["folder"])
c.JupyterHub.bind_url = f"http://127.0.0.1:{settings['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [settings["proxy_command"]]
c.JupyterHub.db_url = f"sqlite:///{folder / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(folder / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(folder / "jupyterhub.pid")
c.JupyterHub.last_activity_interval = 2  # the culler sees requests through the proxy at once
c.JupyterHub.cleanup_servers = True


class IdentityProvider(DummyAuthenticator):
    """Logs the users in (DummyAuthenticator's shared password) with auth state holding the
    access token the identity provider (a JSON file the tests write) has for them now, and
    refreshes it from there, as OAuthenticator's refresh_user does from the real one."""

    @staticmethod
    def token(name: str):
        return json.loads(Path(settings["idp_file"]).read_text()).get(name)

    async def authenticate(self, handler, data):
        name = await super().authenticate(handler, data)
        if name is None:
            return None
        return {"name": name, "auth_state": {"access_token": self.token(name)}}

    async def refresh_user(self, user, handler=None):
        state = await user.get_auth_state() or {}
        token = self.token(user.name)
        if state.get("access_token") == token:
            return True
        return {"name": user.name, "auth_state": {**state, "access_token": token}}


c.JupyterHub.authenticator_class = IdentityProvider
c.DummyAuthenticator.password = settings["password"]
c.Authenticator.allowed_users = set(settings["users"])
c.Authenticator.auth_refresh_age = 1

c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(folder / "homes" / "{username}")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
if os.geteuid() == 0:  # this machine runs everything as root; jupyter refuses root otherwise
    c.Spawner.args = ["--ServerApp.allow_root=True"]

instances = json.loads(c.Spawner.environment["VRE_LAB_RUCIO_INSTANCES"])
c.Spawner.environment["VRE_LAB_RUCIO_INSTANCES"] = re.sub(
    r"https?://[A-Za-z0-9.-]+(:[0-9]+)?", settings["rucio_url"], json.dumps(instances)
)

services = {service["name"]: service for service in c.JupyterHub.services}
services["vre-token-files"]["environment"].update(
    VRE_TOKEN_FILE=str(folder / "homes" / "{username}" / ".vre" / "oidc" / "access_token"),
    VRE_TOKEN_FILES_EVERY="0.5",
)
culler = services["idle-culler"]
culler["command"] = [
    f"--timeout={settings['cull_timeout']}" if arg.startswith("--timeout=") else arg
    for arg in culler["command"]
] + ["--cull-every=2"]
for role in c.JupyterHub.load_roles:
    if role["name"] == "idle-culler":
        role["scopes"] = [f"{scope}!user={settings['culled_user']}" for scope in role["scopes"]]
c.JupyterHub.services.append({"name": "tests", "api_token": settings["admin_token"]})
c.JupyterHub.load_roles.append({"name": "admin", "services": ["tests"]})
