#!/usr/bin/env bash
# Public pages against nginx serving the very same bytes, in the same run, on the same core.
#
# The portal (release build) runs on a chosen store, pinned to core 0; each page's bytes are saved
# and served by nginx (one worker, also core 0); wrk (core 1) loads each in turn, first the portal
# then nginx. Both are asked without Accept-Encoding, so both send the same uncompressed bytes.
# The ratio (portal req/s over nginx req/s) is what to compare between machines.
#
# Usage: scripts/bench-pages.sh [DURATION_S=10] [CONNECTIONS=64]
#   DATABASE_URL=postgres://… to bench on Postgres (default: a fresh seeded SQLite file).
# Needs Debian's wrk and nginx (installed when missing), two cores, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${1:-10}"
connections="${2:-64}"
pages=(
  "/"
  "/cities"
  "/cities?department=Lima"
  "/cities/lima"
  "/badges"
  "/plans"
  "/progress"
  "/api/v1/municipalities"
  "/en"
  "/en/cities"
  "/en/cities/miraflores"
  "/en/progress"
)

for tool in wrk nginx taskset; do
  if ! command -v "$tool" >/dev/null; then
    apt-get install -y -qq wrk nginx util-linux >/dev/null
  fi
done

cargo build --release --quiet --bin portal
work="$(mktemp -d)"
portal_port=$((21000 + RANDOM % 10000))
nginx_port=$((portal_port + 1))
database_url="${DATABASE_URL:-sqlite://$work/portal.db}"
cleanup() {
  [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

PORTAL_API_RATE_LIMIT=100000000 DATABASE_URL="$database_url" PORTAL_ADDR="127.0.0.1:$portal_port" \
  RUST_LOG=warn taskset -c 0 target/release/portal serve >"$work/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 200); do
  curl -sf "http://127.0.0.1:$portal_port/healthz" >/dev/null && break
  sleep 0.1
done

mkdir -p "$work/www"
for i in "${!pages[@]}"; do
  curl -sf "http://127.0.0.1:$portal_port${pages[$i]}" -o "$work/www/p$i"
done
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
EOF
taskset -c 0 nginx -c "$work/nginx.conf" -g 'daemon on;'
sleep 0.5

# "req/s p50_ms p99_ms" of one wrk run.
measure() {
  taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" --latency "$1" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "%d %.2f %.2f\n", rps, p50, p99 }'
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); store: ${database_url%%://*}; wrk -t1 -c$connections -d${duration}s"
printf '| page | bytes | portal req/s | portal p50 | portal p99 | nginx req/s | nginx p50 | nginx p99 | ratio |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for i in "${!pages[@]}"; do
  read -r p_rps p_p50 p_p99 < <(measure "http://127.0.0.1:$portal_port${pages[$i]}")
  read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$nginx_port/p$i")
  ratio=$(awk -v a="$p_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '| `%s` | %s | %s | %s ms | %s ms | %s | %s ms | %s ms | %s |\n' "${pages[$i]}" \
    "$(stat -c %s "$work/www/p$i")" "$p_rps" "$p_p50" "$p_p99" "$n_rps" "$n_p50" "$n_p99" "$ratio"
done
echo "Portal peak memory: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$portal_pid/status")"
