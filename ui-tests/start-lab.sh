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

stop_sandbox() {
  vre-lab sandbox stop --home "$home/sandbox" >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap stop_sandbox EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

vre-lab sandbox start --home "$home/sandbox" --port 0 >&2
# RUCIO_CONFIG (for rucio-clients and %rucio) and VRE_LAB_RUCIO_INSTANCES (for the server).
eval "$(vre-lab sandbox env --home "$home/sandbox")"

# Not exec: the trap stops the sandbox when JupyterLab exits (Playwright sends SIGTERM to the
# process group, see playwright.config.js).
jupyter lab --config jupyter_server_test_config.py &
lab=$!
wait "$lab"
