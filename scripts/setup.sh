#!/usr/bin/env bash
# Sets up a development environment in .venv: Python and node dependencies, the built frontend,
# and vre-lab installed from its wheel exactly as `pip install` would install it.
# Usage: scripts/setup.sh [--test]   (--test adds the test tools and Debian's Chromium)
# The `demo` extra (what demo/ plots with) is always installed: the lab of scripts/lab.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
testing=""
[ "${1:-}" = "--test" ] && testing=yes
extras="[demo${testing:+,test}]"

log() { printf '\n== %s\n' "$*"; }

if [ -n "$testing" ] && ! command -v chromium >/dev/null; then
  log "Installing Chromium from Debian (for the browser tests)"
  sudo_="" ; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
fi

log "Python environment (.venv)"
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
export PATH="$PWD/.venv/bin:$PATH"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "jupyterlab>=4.2,<5" "jupyter-builder>=1.2,<2"

log "Frontend: node dependencies and production build"
jlpm install --immutable
jlpm build:prod

log "Python package: wheel, installed into .venv"
rm -rf dist
python -m pip wheel --quiet --no-deps --wheel-dir dist .
wheel=$(ls dist/vre_lab-*.whl)
python -m pip install --quiet "${wheel}${extras}"
python -m pip install --quiet --force-reinstall --no-deps "$wheel"
extensions=$(jupyter server extension list 2>&1)
grep -q "vre_lab.*enabled" <<<"$extensions" \
  || { echo "vre_lab server extension is not enabled after install" >&2; exit 1; }
log "Set up: $(python -c 'import vre_lab; print("vre_lab", vre_lab.__version__)')"
