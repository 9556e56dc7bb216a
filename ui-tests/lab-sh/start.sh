#!/usr/bin/env bash
# The README's run command for the Galata walkthrough (walkthrough.spec.ts): `scripts/lab.sh`,
# as it is, with two arguments for `jupyter lab` (port 8890, and Galata's access:
# jupyter_galata_access.py), as a newcomer starts it: a fresh workspace and fresh Jupyter data
# (job store, run records) of its own, so that the test leaves the checkout's workspace/ and the
# user's runs alone (VRE_LAB_WORKSPACE, JUPYTER_DATA_DIR; emptied at the next start). Everything
# else is lab.sh's: setup.sh, the checkout's sandbox (.sandbox/), the engines, root's
# --allow-root.
set -euo pipefail
cd "$(dirname "$0")"
export VRE_LAB_WORKSPACE="${TMPDIR:-/tmp}/vre-lab-ui-lab-sh/workspace"
export JUPYTER_DATA_DIR="${TMPDIR:-/tmp}/vre-lab-ui-lab-sh/jupyter-data"
rm -rf "${TMPDIR:-/tmp}/vre-lab-ui-lab-sh"
mkdir -p "$VRE_LAB_WORKSPACE" "$JUPYTER_DATA_DIR"
exec bash ../../scripts/lab.sh --port 8890 --config "$PWD/jupyter_galata_access.py"
