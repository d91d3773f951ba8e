#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 cluster and creates the role and database the test suite
# uses. Safe to run again: every step checks before it acts. Needs root (it switches to the
# postgres user). Prints the URL to use as its last line.
set -euo pipefail

role=jixiao
password=jixiao
database=jixiao_test

if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL is not installed (pg_ctlcluster not found)" >&2
  exit 1
fi
if ! pg_lsclusters --no-header | awk '$1 == 15 && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster 15 main start
fi
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q"; then break; fi
  sleep 1
done

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -tAq -c \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
  # Superuser so that each test can create and drop its own database.
  psql_admin "CREATE ROLE $role LOGIN SUPERUSER PASSWORD '$password'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  psql_admin "CREATE DATABASE $database OWNER $role"
fi
echo "postgres://$role:$password@localhost/$database"
