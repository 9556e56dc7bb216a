#!/usr/bin/env bash
# The Data section in Chromium with a 100,000-result search scrolled to its end (Galata:
# ui-tests/tests/scroll-bench.spec.ts): prints frame times, long tasks, DOM rows at once and the
# JS heap before and after. See bench/README.md.
#
#   bash bench/browser_bench.sh            # 100,000 bench DIDs (seeding them takes about 15 s)
#   bash bench/browser_bench.sh --quick    # 5,000, a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
dids=100000
[ "${1:-}" = "--quick" ] && dids=5000
export PATH="$PWD/.venv/bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 VRE_LAB_UI_BULK_DIDS=$dids
cd ui-tests
jlpm install --immutable >/dev/null
# CI=1: the bench's own lab (never one already running on port 8888 without the bench DIDs)
CI=1 jlpm playwright test tests/scroll-bench.spec.ts --reporter=list
