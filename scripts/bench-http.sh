#!/usr/bin/env bash
# Measures the served pages on the demo province: builds a release binary, times `jixiao demo`,
# serves the database on loopback, signs in as the demo administrator and drives each page with
# wrk, next to /healthz of the same server as the raw limit of the HTTP stack on this machine.
# Needs Debian's wrk and curl.
#
#   scripts/bench-http.sh [seconds per page, default 10] [connections, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-8}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --locked --quiet --bin jixiao
bin=target/release/jixiao
dir=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
db="sqlite://$dir/bench.db"

start=$(date +%s.%N)
RUST_LOG=warn "$bin" demo --db "$db"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "jixiao demo: %.2f s\n", e - s }'

RUST_LOG=warn "$bin" serve --db "$db" --addr 127.0.0.1:0 >"$dir/serve.out" &
server=$!
for _ in $(seq 1 100); do
  grep -q 'serving on' "$dir/serve.out" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^Jixiao is serving on \(http[^ ]*\)\/$/\1/p' "$dir/serve.out")
# Sign in as the demo administrator, who sees the whole province, and measure as that user.
jar="$dir/cookies"
csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
  --data-urlencode username=admin --data-urlencode password=jixiao-demo "$base/login"
session=$(awk '$6 == "jixiao_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "could not sign in as the demo administrator" >&2; exit 1; }
cookie="Cookie: jixiao_session=$session"
code=$(curl -s -H "$cookie" "$base/api/v1/projects?per_page=1" \
  | sed -n 's/.*"code":"\([^"]*\)".*/\1/p' | head -n 1)

printf '\n%-28s %12s %10s %10s %10s\n' path requests/s p50 p90 p99
for path in /healthz / /projects "/projects?type=bridge&page=2" "/projects/$code"; do
  threads=$(( connections < 2 ? 1 : 2 ))
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "$cookie" "$base$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p90=$(echo "$out" | awk '$1 == "90%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  printf '%-28s %12s %10s %10s %10s\n' "$path" "$rps" "$p50" "$p90" "$p99"
done
