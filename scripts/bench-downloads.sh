#!/usr/bin/env bash
# Download benchmark: 32 concurrent downloads of a 20 MB guide from the portal (streamed from
# the SQLite store in 256 KiB chunks, counted, with all download headers) and, in the same run,
# from tower-http's static file server serving the same bytes from disk. Reports throughput of
# both, their ratio, and the portal's peak memory (VmHWM).
#
#   scripts/bench-downloads.sh [SIZE_MB] [CONCURRENCY] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=${1:-20}
concurrency=${2:-32}
requests=${3:-128}
work=$(mktemp -d)
portal_pid=""
static_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null || true
  [ -n "$static_pid" ] && kill "$static_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

echo "==> building (release)"
cargo build --release --quiet --bin portal --example download_bench --example static_files

db="sqlite://$work/portal.db"
mkdir -p "$work/static"
echo "==> storing a ${size_mb} MB guide in the portal's store"
target/release/examples/download_bench prepare "$db" "$work/static/guide.pdf" "$size_mb"
bytes=$(stat -c %s "$work/static/guide.pdf")

portal_port=$(free_port)
static_port=$(free_port)
RUST_LOG=warn target/release/portal serve --addr "127.0.0.1:$portal_port" --database-url "$db" &
portal_pid=$!
target/release/examples/static_files "127.0.0.1:$static_port" "$work/static" >/dev/null &
static_pid=$!
wait_for "http://127.0.0.1:$portal_port/healthz"
wait_for "http://127.0.0.1:$static_port/guide.pdf"
echo "portal after start: peak $(( $(peak_kb $portal_pid) / 1024 )) MB"

run() {
  target/release/examples/download_bench load "$1" "$concurrency" "$requests" "$bytes" | tee "$work/out"
  awk '{print $(NF-1)}' "$work/out"
}
echo "==> tower-http ServeDir (warm-up, then measured)"
run "http://127.0.0.1:$static_port/guide.pdf" >/dev/null
static_rate=$(run "http://127.0.0.1:$static_port/guide.pdf" | tail -n 1)
echo "==> portal /guides/guia-plac-amazonia/download (warm-up, then measured)"
run "http://127.0.0.1:$portal_port/guides/guia-plac-amazonia/download" >/dev/null
portal_rate=$(run "http://127.0.0.1:$portal_port/guides/guia-plac-amazonia/download" | tail -n 1)

portal_peak=$(( $(peak_kb $portal_pid) / 1024 ))
static_peak=$(( $(peak_kb $static_pid) / 1024 ))
counted=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$portal_port/guides/guia-plac-amazonia/download")
ratio=$(python3 -c "print(f'{$portal_rate / $static_rate:.2f}')")
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "file: $bytes bytes; $concurrency concurrent clients; $requests downloads per measured run"
echo "static (tower-http ServeDir): $static_rate MB/s, peak memory $static_peak MB"
echo "portal (store, chunked):      $portal_rate MB/s, peak memory $portal_peak MB"
echo "portal / static throughput:   $ratio"
echo "last check download status:   $counted"
if [ "$portal_peak" -ge 150 ]; then
  echo "FAIL: the portal's peak memory ($portal_peak MB) is not under 150 MB" >&2
  exit 1
fi
