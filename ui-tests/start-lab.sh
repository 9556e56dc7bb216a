#!/usr/bin/env bash
# Starts JupyterLab for the Galata tests against a real local Rucio server: a fresh sandbox in a
# temporary folder (seeded with the demo data), and against the strict REANA double
# (tests/reana_double) as REANA server and the strict InvenioRDM double (tests/invenio_double) as
# publishing repository; all are stopped again when JupyterLab exits.
#
# The sandbox's server venv is reused from $VRE_LAB_SANDBOX_VENV (default: the repository's
# .venv-rucio-server, which pytest builds first in CI); when it is missing the sandbox builds it
# (about 75 s). The double checks every request against REANA's official API spec, which it finds
# in the reana-client venv or downloads once (see tests/reana_double/spec.py).
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd .. && pwd)
export VRE_LAB_SANDBOX_VENV="${VRE_LAB_SANDBOX_VENV:-$repo/.venv-rucio-server}"
# The workflow engines (Snakemake, CWL, yadage runs on this machine), as pytest builds them.
export VRE_LAB_ENGINES_VENV="${VRE_LAB_ENGINES_VENV:-$repo/.venv-engines}"
vre-lab engines install --venv "$VRE_LAB_ENGINES_VENV" >/dev/null

home=$(mktemp -d "${TMPDIR:-/tmp}/vre-lab-ui-sandbox-XXXXXX")
export VRE_LAB_UI_TESTS_TMP="$home"
# The sandbox's username and password, for the tests that log in (data-login.spec.ts): Playwright
# starts this script as its webServer, so nothing exported here reaches the tests; they read this
# 0600 file instead (git-ignored, deleted on exit).
login_file="$PWD/.sandbox-login"
# The REANA double's URL and token, for the Workflows tests (workflows*.spec.ts), the same way.
reana_file="$PWD/.reana-double"
double_dir="$home/reana-double"
double_pid=""
# The InvenioRDM double's URL and token, for the Publish tests (publish*.spec.ts), the same way.
invenio_file="$PWD/.invenio-double"
invenio_dir="$home/invenio-double"
invenio_pid=""
offline_pid=""

stop_process() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Waits until a double prints where it listens: `listening_url PID STDOUT STDERR NAME`.
listening_url() {
  local url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^.* double listening on //p' "$2")
    [ -n "$url" ] && break
    if ! kill -0 "$1" 2>/dev/null; then
      echo "The $4 double did not start:" >&2
      cat "$3" >&2
      return 1
    fi
    sleep 0.1
  done
  if [ -z "$url" ]; then
    echo "The $4 double did not say where it listens within 30 s." >&2
    return 1
  fi
  echo "$url"
}

stop_sandbox() {
  # A second signal must not cut the clean-up short (Playwright kills everything left after 30 s).
  trap '' TERM INT
  # First the sandbox: its server is a daemon that would outlive us.
  vre-lab sandbox stop --home "$home/sandbox" >/dev/null 2>&1 || true
  stop_process "$double_pid"
  stop_process "$invenio_pid"
  stop_process "$offline_pid"
  # When they stop, the doubles print the requests that broke the services' rules.
  grep -h '^violation' "$double_dir/stderr" "$invenio_dir/stderr" >&2 2>/dev/null || true
  rm -rf "$home"
  rm -f "$login_file" "$reana_file" "$invenio_file"
}
trap stop_sandbox EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The REANA double, one simulated job a second, started from the repository root so that `tests`
# is importable. Its token reaches the server through a file (`access_token_file`), as a hub's
# would; it starts while the sandbox does.
mkdir -m 0700 "$double_dir"
reana_token=$(python -c 'import secrets; print("galata-" + secrets.token_hex(16))')
(umask 077 && printf '%s\n' "$reana_token" >"$double_dir/token")
(cd "$repo" && exec python -m tests.reana_double --state-dir "$double_dir/state" \
  --port 0 --token "$reana_token" --step-seconds 1) \
  >"$double_dir/stdout" 2>"$double_dir/stderr" &
double_pid=$!

# The InvenioRDM double (Zenodo's flavour), its token in a file as well.
mkdir -m 0700 "$invenio_dir"
invenio_token=$(python -c 'import secrets; print("galata-" + secrets.token_hex(16))')
(umask 077 && printf '%s\n' "$invenio_token" >"$invenio_dir/token")
(cd "$repo" && exec python -m tests.invenio_double --state-dir "$invenio_dir/state" \
  --port 0 --token "$invenio_token" --flavour zenodo) \
  >"$invenio_dir/stdout" 2>"$invenio_dir/stderr" &
invenio_pid=$!

# VRE_LAB_UI_BULK_DIDS: bench DIDs in scope `bench` too, for scroll-bench.spec.ts
# (bench/browser_bench.sh); seeded in bulk, about 15 s for 100,000.
vre-lab sandbox start --home "$home/sandbox" --port 0 \
  ${VRE_LAB_UI_BULK_DIDS:+--bulk-dids "$VRE_LAB_UI_BULK_DIDS"} >&2
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

# Wait until the double listens (it prints its URL), then give the lab two servers on it:
# `double` (with the token) and `double-login` (without one, so the panel asks for it). The local
# engine (`local`) is always there.
reana_url=$(listening_url "$double_pid" "$double_dir/stdout" "$double_dir/stderr" REANA)
rm -f "$reana_file"
eval "$(python - "$reana_file" "$reana_url" "$reana_token" "$double_dir/token" <<'EOF'
import json, os, shlex, sys

path, url, token, token_file = sys.argv[1:]
servers = [
    {
        "name": "double",
        "display_name": "REANA double",
        "url": url,
        "access_token_file": token_file,
    },
    {"name": "double-login", "display_name": "Token test (REANA double)", "url": url},
]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump({"url": url, "token": token}, f)
print("export VRE_LAB_REANA_SERVERS=" + shlex.quote(json.dumps(servers)))
EOF
)"

# Two repositories on the InvenioRDM double: `zenodo-double` (with the token) and
# `zenodo-login` (without one, so the panel asks for it). `rocrate` is always there.
invenio_url=$(listening_url "$invenio_pid" "$invenio_dir/stdout" "$invenio_dir/stderr" InvenioRDM)
rm -f "$invenio_file"
eval "$(python - "$invenio_file" "$invenio_url" "$invenio_token" "$invenio_dir/token" <<'EOF'
import json, os, shlex, sys

path, url, token, token_file = sys.argv[1:]
repositories = [
    {
        "name": "zenodo-double",
        "display_name": "Zenodo (double)",
        "url": url,
        "kind": "zenodo",
        "access_token_file": token_file,
    },
    {"name": "zenodo-login", "display_name": "Token test (Zenodo double)", "url": url, "kind": "zenodo"},
]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump({"url": url, "token": token}, f)
print("export VRE_LAB_PUBLISH_REPOSITORIES=" + shlex.quote(json.dumps(repositories)))
EOF
)"

# A second lab on port 8889 on the embedded default, as `scripts/lab.sh` and Binder start it: the
# sandbox, the local engine and RO-Crate export, no REANA server and no repository
# (embedded-default.spec.ts). Its own root, job store and run records (mkdtemp in the config).
# It answers before the main lab starts, so the tests find both.
env -u VRE_LAB_REANA_SERVERS -u VRE_LAB_PUBLISH_REPOSITORIES -u REANA_SERVER_URL -u REANA_ACCESS_TOKEN \
  -u ZENODO_ACCESS_TOKEN -u ZENODO_SANDBOX_ACCESS_TOKEN \
  jupyter lab --config jupyter_server_test_config.py --port 8889 --ServerApp.port_retries=0 \
  >"$home/offline-lab.log" 2>&1 &
offline_pid=$!
for _ in $(seq 1 300); do
  python -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:8889/lab", timeout=2)' \
    2>/dev/null && break
  if ! kill -0 "$offline_pid" 2>/dev/null; then
    echo "The embedded-default lab (port 8889) did not start:" >&2
    cat "$home/offline-lab.log" >&2
    exit 1
  fi
  sleep 0.2
done

# Not exec: the trap stops the sandbox and the double when JupyterLab exits (Playwright sends
# SIGTERM to the process group, see playwright.config.js).
jupyter lab --config jupyter_server_test_config.py &
lab=$!
wait "$lab"
