#!/usr/bin/env bash
# Starts JupyterLab for the Galata tests against a real local Rucio server: a fresh sandbox in a
# temporary folder (seeded with the demo data), stopped again when JupyterLab exits.
#
# The sandbox's server venv is reused from $VRE_LAB_SANDBOX_VENV (default: the repository's
# .venv-rucio-server, which pytest builds first in CI); when it is missing the sandbox builds it
# (about 75 s).
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd .. && pwd)
export VRE_LAB_SANDBOX_VENV="${VRE_LAB_SANDBOX_VENV:-$repo/.venv-rucio-server}"

home=$(mktemp -d "${TMPDIR:-/tmp}/vre-lab-ui-sandbox-XXXXXX")
export VRE_LAB_UI_TESTS_TMP="$home"
# The sandbox's username and password, for the tests that log in (data-login.spec.ts): Playwright
# starts this script as its webServer, so nothing exported here reaches the tests; they read this
# 0600 file instead (git-ignored, deleted on exit).
login_file="$PWD/.sandbox-login"

stop_sandbox() {
  vre-lab sandbox stop --home "$home/sandbox" >/dev/null 2>&1 || true
  rm -rf "$home"
  rm -f "$login_file"
}
trap stop_sandbox EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

vre-lab sandbox start --home "$home/sandbox" --port 0 >&2
# RUCIO_CONFIG (for rucio-clients and %rucio) and VRE_LAB_RUCIO_INSTANCES (for the server).
eval "$(vre-lab sandbox env --home "$home/sandbox")"

# A second instance, `login`: the same server, account root, but no username or password, so the
# panel asks for them. The sandbox instance stays first (the panel's default).
rm -f "$login_file"
eval "$(python - "$login_file" <<'EOF'
import configparser, json, os, shlex, sys

cfg = configparser.ConfigParser(interpolation=None)
cfg.read(os.environ["RUCIO_CONFIG"])
client = cfg["client"]
instances = json.loads(os.environ["VRE_LAB_RUCIO_INSTANCES"])
instances.append(
    {
        "name": "login",
        "display_name": "Login test (local Rucio)",
        "rucio_host": client["rucio_host"],
        "auth_host": client["auth_host"],
        "auth_type": "userpass",
        "account": "root",
    }
)
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump({"username": client["username"], "password": client["password"]}, f)
print("export VRE_LAB_RUCIO_INSTANCES=" + shlex.quote(json.dumps(instances)))
EOF
)"

# Not exec: the trap stops the sandbox when JupyterLab exits (Playwright sends SIGTERM to the
# process group, see playwright.config.js).
jupyter lab --config jupyter_server_test_config.py &
lab=$!
wait "$lab"
