#!/usr/bin/env bash
# Sets everything up and starts JupyterLab with vre-lab on its embedded default: a real Rucio
# server with demo data on this machine (the sandbox). Extra arguments go to `jupyter lab`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
vre-lab engines install >/dev/null  # Snakemake and CWL workflows on this machine (once)
vre-lab sandbox start
eval "$(vre-lab sandbox env)"  # terminals in the lab see the sandbox: `rucio whoami` works
exec jupyter lab "$@"
