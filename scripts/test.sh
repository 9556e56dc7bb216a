#!/usr/bin/env bash
# Sets everything up (Chromium from Debian, Python and node dependencies) and runs every check:
# linters, jest, pytest (server, sandbox with a real Rucio, fuzzing, packaging) and Galata.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PWD/.venv/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '\n== %s\n' "$*"; }

step "Lint: ruff, prettier, eslint, stylelint"
ruff check .
ruff format --check .
jlpm lint:check

step "Frontend unit tests (jest)"
jlpm test

step "Server tests (pytest)"
status=0
python -m pytest -p no:cacheprovider || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"

step "Browser tests (Galata in Chromium)"
(cd ui-tests && jlpm install --immutable && jlpm playwright test)

step "The README's walkthrough in the lab the README's run command starts (Galata, scripts/lab.sh)"
(cd ui-tests && jlpm playwright test -c playwright-lab-sh.config.js)

step "Benchmarks: smoke runs (the figures come from full runs, see bench/README.md)"
export VRE_LAB_SANDBOX_VENV="${VRE_LAB_SANDBOX_VENV:-$PWD/.venv-rucio-server}"
PYTHONPATH=. python bench/scale_bench.py --quick
PYTHONPATH=. python bench/anchor_bench.py --quick
bash bench/browser_bench.sh --quick
