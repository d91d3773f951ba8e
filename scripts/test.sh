#!/usr/bin/env bash
# Runs every test of the workspace: the store suite on SQLite and on PostgreSQL, the web and
# CLI tests, and the browser test in headless Chromium, then prints one summary line.
#
# PostgreSQL: uses JIXIAO_TEST_POSTGRES_URL when set; otherwise, as root, starts the local
# cluster with scripts/postgres.sh. Without PostgreSQL or Chromium the suites that need them
# say so and run what they can, except under CI=true, where they fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JIXIAO_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
  JIXIAO_TEST_POSTGRES_URL=$(scripts/postgres.sh | tail -n 1)
  export JIXIAO_TEST_POSTGRES_URL
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace --all-targets --locked 2>&1 | tee "$log"
cargo test --workspace --doc --locked 2>&1 | tee -a "$log"

# Each test binary ends with its own "test result:" line; add them up into one.
awk '/^test result:/ { passed += $4; failed += $6; ignored += $8 }
     END { printf "total: %d passed, %d failed, %d skipped\n", passed, failed, ignored }' "$log"
