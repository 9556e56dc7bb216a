"""A JupyterHub service that keeps each user's OIDC access token in a file their server reads.

The hub holds every user's tokens in its auth state (`Authenticator.enable_auth_state`) and
refreshes them (`refresh_user`, e.g. OAuthenticator's). Every VRE_TOKEN_FILES_EVERY seconds
this service reads each user's auth state from the hub's REST API and writes
`auth_state["access_token"]` to the file VRE_TOKEN_FILE names ({username} is replaced;
default ~{username}/.vre/oidc/access_token), mode 0600, through a temporary file renamed over
it (a reader never sees half a token), owned by the user when the service runs as root and the
user exists on this machine. A user whose auth state holds no access token (logged out of the
identity provider, token revoked) has no file: vre-lab then says the credentials are missing.

vre-lab reads the file on every call to Rucio (`oidc_token_file`), so a token the hub refreshes
is the one used next. For hubs whose users' servers run on the hub's machine
(LocalProcessSpawner, SystemdSpawner); on Kubernetes see docs/jupyterhub.md. It needs only the
standard library; jupyterhub_config.py beside this file starts it with the scopes it needs.
"""

from __future__ import annotations

import json
import os
import pwd
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

API = os.environ["JUPYTERHUB_API_URL"].rstrip("/")
TOKEN = os.environ["JUPYTERHUB_API_TOKEN"]
TEMPLATE = os.environ.get("VRE_TOKEN_FILE", "~{username}/.vre/oidc/access_token")
EVERY = float(os.environ.get("VRE_TOKEN_FILES_EVERY", "30"))


def get(path: str):
    headers = {"Authorization": f"token {TOKEN}"}
    request = urllib.request.Request(API + path, headers=headers)  # noqa: S310 (the hub's API)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def token_file(username: str) -> Path:
    return Path(os.path.expanduser(TEMPLATE.format(username=username)))


def owner(username: str) -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(username)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def write(path: Path, token: str, ids: tuple[int, int] | None) -> None:
    if path.is_file() and path.read_text().strip() == token:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if ids:
        os.chown(path.parent, *ids)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".token-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(token + "\n")
        if ids:
            os.chown(temporary, *ids)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sync() -> None:
    for listed in get("/users"):
        name = listed["name"]
        state = get(f"/users/{urllib.parse.quote(name)}").get("auth_state") or {}
        path = token_file(name)
        token = state.get("access_token")
        if isinstance(token, str) and token.strip():
            write(path, token.strip(), owner(name))
        else:
            path.unlink(missing_ok=True)


def main() -> None:
    while True:
        try:
            sync()
        except Exception as error:  # the hub restarting, a user's home not mounted: next round
            print(f"vre-token-files: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        time.sleep(EVERY)


if __name__ == "__main__":
    main()
