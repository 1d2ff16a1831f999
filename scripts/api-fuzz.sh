#!/usr/bin/env bash
# Property-based test of the JSON API against its own OpenAPI document (schemathesis): every
# operation gets generated requests, valid and invalid, and every answer must be no server error,
# with a documented status, content type, headers and a body that matches its schema.
#
# Input strictness is the portal's own policy and is not judged here: blank filters mean "any"
# (as HTML forms send them), and control characters anywhere are refused with 400.
#
# Usage: scripts/api-fuzz.sh [MAX_EXAMPLES=100]   (installs schemathesis in target/api-fuzz-venv)
set -euo pipefail
cd "$(dirname "$0")/.."

max_examples="${1:-100}"
venv=target/api-fuzz-venv
if [ ! -x "$venv/bin/st" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi

cargo build --quiet
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
PORTAL_API_RATE_LIMIT=1000000 DATABASE_URL="sqlite://$work/portal.db" \
    PORTAL_ADDR="127.0.0.1:$port" target/debug/portal serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.2
done

"$venv/bin/st" run "http://127.0.0.1:$port/api/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "$max_examples" --seed 20261127 --workers 2
