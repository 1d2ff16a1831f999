#!/usr/bin/env bash
# Sign-in load: CLIENTS (default 200) clients sign in at once with unknown emails, each from its
# own address (X-Forwarded-For through a trusted loopback proxy, so no throttle applies and every
# attempt asks for an Argon2id check), and keep trying for SECONDS (default 5), while a public
# page is loaded every 10 ms from another thread. Reports the portal's memory before, at its peak
# (VmHWM) and after, what the attempts got (401 checked, 503 told to try again shortly) and the
# public page's latency under the load. Fails if the peak reaches 150 MB.
#
#   scripts/bench-signin.sh [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

clients=${1:-200}
seconds=${2:-5}
work=$(mktemp -d)
portal_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
kb() { awk -v key="$2" '$1 == key":" {print $2}' "/proc/$1/status"; }

echo "==> building (release)"
cargo build --release --quiet --bin portal --example signin_bench

port=$(free_port)
RUST_LOG=warn PORTAL_TRUSTED_PROXIES=127.0.0.1 target/release/portal serve \
  --addr "127.0.0.1:$port" --database-url "sqlite://$work/portal.db" &
portal_pid=$!
wait_for "http://127.0.0.1:$port/healthz"
curl -fsS -o /dev/null "http://127.0.0.1:$port/cities"
before=$(( $(kb $portal_pid VmRSS) / 1024 ))

echo "==> $clients clients signing in at once for $seconds s, /cities loaded every 10 ms meanwhile"
target/release/examples/signin_bench "http://127.0.0.1:$port" "$clients" "$seconds" /cities
sleep 2
peak=$(( $(kb $portal_pid VmHWM) / 1024 ))
after=$(( $(kb $portal_pid VmRSS) / 1024 ))
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') (load client on the same cores)"
echo "portal memory: $before MB before, peak $peak MB, $after MB two seconds after"
if [ "$peak" -ge 150 ]; then
  echo "FAIL: the portal's peak memory ($peak MB) is not under 150 MB" >&2
  exit 1
fi
