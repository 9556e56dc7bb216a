#!/usr/bin/env bash
# Sets everything up and starts JupyterLab with vre-lab on its embedded default: a real Rucio
# server with demo data on this machine (the sandbox), the local engine, RO-Crate export.
# Usage: bash scripts/lab.sh [jupyter lab arguments], e.g. --port 8899.
#
# What the lab uses lives in this checkout (all of it git-ignored):
#   workspace/          the lab's root (VRE_LAB_WORKSPACE overrides): the demo (demo/, copied from
#                       the repository's demo/ where files are missing), and what runs, exports
#                       and reproductions write (reana-runs/, ro-crates/, reproductions/, ...)
#   .sandbox/           this checkout's Rucio sandbox (VRE_LAB_SANDBOX_HOME overrides): another
#                       checkout's sandbox, and its `stop`, never touch it
#   .venv-rucio-server  the sandbox's server venv (VRE_LAB_SANDBOX_VENV), and .venv-engines the
#                       workflow engines' (VRE_LAB_ENGINES_VENV): the ones the tests build
# The sandbox runs as long as the lab: this script holds it (`vre-lab sandbox status` says so;
# a `vre-lab sandbox stop` elsewhere is refused while the lab runs) and stops it when the lab
# ends or does not start, unless it ran before or another lab still holds it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

say() { printf '\n== %s\n' "$*"; }

bash scripts/setup.sh
export PATH="$repo/.venv/bin:$PATH"
export VRE_LAB_ENGINES_VENV=${VRE_LAB_ENGINES_VENV:-$repo/.venv-engines}
vre-lab engines install >/dev/null # Snakemake and CWL workflows on this machine (once)

workspace=${VRE_LAB_WORKSPACE:-$repo/workspace}
mkdir -p "$workspace"
workspace=$(cd "$workspace" && pwd)
# The demo, without what running it writes; a file the user has (changed or not) is kept.
(cd demo && find . \( -name data -o -name results -o -name .ipynb_checkpoints \) -prune \
  -o -type f -print) | while IFS= read -r file; do
  target="$workspace/demo/${file#./}"
  [ -e "$target" ] || { mkdir -p "$(dirname "$target")" && cp -p "demo/$file" "$target"; }
done

lab_args=(--ServerApp.root_dir="$workspace")
if [ "$(id -u)" -eq 0 ]; then
  say "Running as root (as in a container): JupyterLab is started with --allow-root"
  lab_args+=(--allow-root)
fi

export VRE_LAB_SANDBOX_HOME=${VRE_LAB_SANDBOX_HOME:-$repo/.sandbox}
export VRE_LAB_SANDBOX_VENV=${VRE_LAB_SANDBOX_VENV:-$repo/.venv-rucio-server}
started="" # this script starts the sandbox: it stops it again, unless another lab holds it
status=0
vre-lab sandbox status >/dev/null 2>&1 || status=$?
[ "$status" -eq 3 ] && started=yes
release_sandbox() {
  # A second signal must not cut the clean-up short.
  trap '' INT TERM
  vre-lab sandbox release $$ ${started:+--stop} || true
}
trap release_sandbox EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "Rucio sandbox ($VRE_LAB_SANDBOX_HOME)"
vre-lab sandbox start --hold $$ --label "scripts/lab.sh in $repo"
eval "$(vre-lab sandbox env)" # terminals in the lab see the sandbox: `rucio whoami` works

say "JupyterLab, serving $workspace (the demo: demo/higgs4l.ipynb)"
# Not exec: when JupyterLab ends, or does not start, the trap releases the sandbox.
jupyter lab "${lab_args[@]}" "$@"
