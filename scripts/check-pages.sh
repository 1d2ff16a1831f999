#!/usr/bin/env bash
# Proves that every public page of the portal, and the pages of its admin area,
# are valid HTML (W3C Nu checker: zero errors) and have no accessibility
# violations reported by axe-core, run in headless Chromium at a desktop and a
# phone width; then walks the visitor journeys (tools/pagecheck/journeys.mjs).
#
# Installs what it needs (as root, from Debian's packages and the npm
# registry), builds the portal, seeds a throw-away SQLite file and creates two
# accounts on it (an admin and a city editor for Lima, with passwords made up
# for this run), serves it on a free port, runs tools/pagecheck/check.mjs
# against it (which signs in with those accounts) and stops the server.
#
# Usage: scripts/check-pages.sh [check.mjs options, e.g. --keep DIR]
# Exit status: 0 when the checks and the journeys pass, 1 when either found
# problems, or non-zero when a step before them fails.
set -euo pipefail

started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf 'check-pages: %s\n' "$*"; }

# ---------------------------------------------------------------- tools
apt_updated=no
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "missing: $*; install them (apt-get install -y $*) or run this as root" >&2
    exit 1
  fi
  if [ "$apt_updated" = no ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=yes
  fi
  say "installing with apt-get: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  say "Node.js $(node --version) is too old: playwright-core needs Node.js 20 or later" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  apt_install default-jre-headless
fi
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium chromium-driver
fi
if ! command -v curl >/dev/null 2>&1; then
  apt_install curl
fi
say "node $(node --version), npm $(npm --version), $(java -version 2>&1 | head -n 1), $(/usr/bin/chromium --version 2>/dev/null)"

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime from
# outside the package registries; we use the machine's java instead.
say "npm ci (tools/pagecheck)"
(cd tools/pagecheck && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# ---------------------------------------------------------------- portal
say "cargo build"
cargo build --quiet --bin portal

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-pages.XXXXXX")"
server_pid=""
cleanup() {
  status=$?
  if [ -n "$server_pid" ]; then
    if kill -0 "$server_pid" 2>/dev/null; then
      kill "$server_pid" 2>/dev/null || true
      wait "$server_pid" 2>/dev/null || true
    else
      say "the portal (pid $server_pid) had stopped before the check ended: something else ended it, or it crashed" >&2
    fi
  fi
  if [ "$status" -ne 0 ] && [ -s "$tmp/server.log" ]; then
    say "last lines of the server's log:"
    tail -n 20 "$tmp/server.log" || true
  fi
  rm -rf "$tmp"
  say "took $((SECONDS - started))s"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The same store the server will open. `user add` migrates but does not seed,
# and a city editor needs its municipality: seed first.
export DATABASE_URL="sqlite://$tmp/portal.db"
say "seeding $tmp/portal.db and creating the accounts to sign in with"
target/debug/portal seed >"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }
passphrase() { printf 'pagecheck %s only for this run' "$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"; }
export PAGECHECK_ADMIN_EMAIL=admin@example.pe PAGECHECK_ADMIN_PASSWORD="$(passphrase)"
export PAGECHECK_EDITOR_EMAIL=editor.lima@example.pe PAGECHECK_EDITOR_PASSWORD="$(passphrase)"
printf '%s\n' "$PAGECHECK_ADMIN_PASSWORD" |
  target/debug/portal user add --email "$PAGECHECK_ADMIN_EMAIL" --name "Admin Prueba" --role admin \
    --password-stdin >>"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }
printf '%s\n' "$PAGECHECK_EDITOR_PASSWORD" |
  target/debug/portal user add --email "$PAGECHECK_EDITOR_EMAIL" --name "Editora Lima" --role city_editor \
    --city lima --password-stdin >>"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }

# Some progress, so that the ledger's pages have entries to show (and entry #1 exists).
printf 'municipality,pillar,phase,status,year\nate,mitigation,inventory,validated,2023\nlima,adaptation,assessment,reported,2024\n' >"$tmp/progress.csv"
target/debug/portal import-progress "$tmp/progress.csv" --apply >>"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }

port="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
base="http://127.0.0.1:$port"
say "starting the portal at $base (database $tmp/portal.db)"
PORTAL_ADDR="127.0.0.1:$port" target/debug/portal serve >"$tmp/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  if curl -fsS --max-time 2 "$base/healthz" 2>/dev/null | grep -qx ok; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    say "the portal exited before it was up" >&2
    exit 1
  fi
  sleep 0.5
done
if ! curl -fsS --max-time 2 "$base/healthz" 2>/dev/null | grep -qx ok; then
  say "the portal did not answer $base/healthz within 60s" >&2
  exit 1
fi

# ---------------------------------------------------------------- check
say "running tools/pagecheck/check.mjs"
status=0
node tools/pagecheck/check.mjs "$@" "$base" || status=$?
# The journeys publish a guide (as the admin), so they run after the checks of the pages as seeded.
say "running tools/pagecheck/journeys.mjs"
node tools/pagecheck/journeys.mjs "$base" || status=$?
exit "$status"
