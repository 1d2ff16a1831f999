#!/usr/bin/env bash
# Public pages against nginx serving the very same bytes, in the same run, on the same core.
#
# The portal (release build) runs on a fresh store, pinned to core 0; each page's bytes are saved
# and served by nginx (one worker, also core 0); wrk (core 1) loads each in turn, first the portal
# then nginx. Both are asked without Accept-Encoding, so both send the same uncompressed bytes.
# The ratio (portal req/s over nginx req/s) is what to compare between machines.
#
# Usage: scripts/bench-pages.sh [--synth] [--cold] [DURATION_S=10] [CONNECTIONS=64]
#   --synth   a synthetic store (portal synth: 10,000 municipalities, 100,000 badges) instead
#             of the seed
#   --cold    also load each page with the page cache off (PORTAL_PAGE_CACHE=false): every
#             request rendered from the store, by one client at a time (the latency of a
#             render, not of a queue of 64)
#   BENCH_POSTGRES_URL=postgres://user@host/db   bench on Postgres: a fresh database is created
#             on that server for the run and dropped after (default: a fresh SQLite file)
# Also prints the time of the migrations on an empty store, the start-up of the prepared store,
# and the portal's peak memory. Needs Debian's wrk and nginx (installed when missing), two cores,
# loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

synth=false
cold=false
while [ $# -gt 0 ]; do
  case "$1" in
    --synth) synth=true; shift ;;
    --cold) cold=true; shift ;;
    *) break ;;
  esac
done
duration="${1:-10}"
connections="${2:-64}"

for tool in wrk nginx taskset; do
  if ! command -v "$tool" >/dev/null; then
    apt-get install -y -qq wrk nginx util-linux >/dev/null
  fi
done

cargo build --release --quiet --bin portal
work="$(mktemp -d)"
portal_port=$((21000 + RANDOM % 10000))
nginx_port=$((portal_port + 1))
cold_port=$((portal_port + 2))
bench_database=""
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  bench_database="portal_bench_$$"
  psql -q "$BENCH_POSTGRES_URL" -c "CREATE DATABASE $bench_database"
  database_url="${BENCH_POSTGRES_URL%/*}/$bench_database"
else
  database_url="sqlite://$work/portal.db"
fi
cleanup() {
  for pid in ${portal_pid:-} ${cold_pid:-}; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "$bench_database" ]; then
    psql -q "$BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $bench_database" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Cold start: the migrations on the empty store.
started=$(date +%s.%N)
DATABASE_URL="$database_url" RUST_LOG=warn target/release/portal migrate >/dev/null
migrate_s=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
if $synth; then
  DATABASE_URL="$database_url" RUST_LOG=warn target/release/portal synth \
    --municipalities 10000 --badges 100000 >"$work/synth.log"
  store_kind="synthetic (10,000 municipalities, 100,000 badges)"
else
  store_kind="seed"
fi

# "PID" of a portal serving the store on a port, once it answers.
serve() {
  local port="$1"
  shift
  env "$@" PORTAL_API_RATE_LIMIT=100000000 DATABASE_URL="$database_url" \
    PORTAL_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    taskset -c 0 target/release/portal serve >>"$work/portal.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.02
  done
  echo "$pid"
}
started=$(date +%s.%N)
portal_pid=$(serve "$portal_port")
startup_s=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
if $cold; then
  cold_pid=$(serve "$cold_port" PORTAL_PAGE_CACHE=false)
fi

# A city and a department that exist in this store (the seed's or the synthetic ones).
first_city=$(curl -sf "http://127.0.0.1:$portal_port/api/v1/municipalities?per_page=1")
slug=$(echo "$first_city" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["slug"])')
department=$(echo "$first_city" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["data"][0]["department"]))')
if ! $synth; then
  slug=lima
  department=Lima
fi
pages=(
  "/"
  "/cities"
  "/cities?department=$department"
  "/cities/$slug"
  "/badges"
  "/plans"
  "/progress"
  "/api/v1/municipalities"
  "/en"
  "/en/cities"
  "/en/cities/$slug"
  "/en/progress"
)
if $synth; then
  pages+=("/cities?page=50" "/progress?page=50" "/api/v1/municipalities?page=50")
fi

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

# "req/s p50_ms p99_ms" of one wrk run (CONNECTIONS by default).
measure() {
  taskset -c 1 wrk -t1 -c"${2:-$connections}" -d"${duration}s" --latency "$1" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "%d %.2f %.2f\n", rps, p50, p99 }'
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "Store: ${database_url%%://*}, $store_kind; wrk -t1 -c$connections -d${duration}s"
header='| page | ratio | bytes | portal req/s | portal p50 | portal p99 | nginx req/s | nginx p50 | nginx p99 |'
rule='|---|---|---|---|---|---|---|---|---|'
if $cold; then
  header="$header cold req/s (1 client) | cold p99 |"
  rule="$rule---|---|"
fi
echo "$header"
echo "$rule"
for i in "${!pages[@]}"; do
  read -r p_rps p_p50 p_p99 < <(measure "http://127.0.0.1:$portal_port${pages[$i]}")
  read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$nginx_port/p$i")
  ratio=$(awk -v a="$p_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  row=$(printf '| `%s` | %s | %s | %s | %s ms | %s ms | %s | %s ms | %s ms |' "${pages[$i]}" \
    "$ratio" "$(stat -c %s "$work/www/p$i")" "$p_rps" "$p_p50" "$p_p99" "$n_rps" "$n_p50" "$n_p99")
  if $cold; then
    read -r c_rps _ c_p99 < <(measure "http://127.0.0.1:$cold_port${pages[$i]}" 1)
    row="$row $c_rps | $c_p99 ms |"
  fi
  echo "$row"
done
echo "Migrations on an empty store: ${migrate_s}s; start-up of the prepared store: ${startup_s}s"
for pid in $portal_pid ${cold_pid:-}; do
  echo "Peak memory of portal $pid: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status")"
done
