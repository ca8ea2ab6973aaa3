#!/usr/bin/env bash
# Every benchmark once, at a tiny size, so that a benchmark that no longer runs fails CI (issue 23 §1). Figures are
# printed, never asserted: at these sizes they mean nothing. A benchmark fails by its exit code only (a refused
# request, a lost diagnostic, a crash). Run by .ci/run after the tests; by hand: bench/smoke.sh (PostgreSQL parts
# need AIGUILLAGE_BENCH_POSTGRES, a connection string of a role that may create databases).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release src/Aiguillage.Web --nologo -v quiet >/dev/null
dotnet build -c Release bench/Aiguillage.Bench --nologo -v quiet >/dev/null
bench() { dotnet bench/Aiguillage.Bench/bin/Release/net10.0/Aiguillage.Bench.dll "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The load benchmark's server, published once (ReadyToRun) for its SQLite and PostgreSQL runs.
dotnet publish -c Release src/Aiguillage.Web -o "$work/app" --nologo -v quiet >/dev/null
export BENCH_APP="$work/app"
head -n 301 tests/Aiguillage.Web.Tests/Data/points-de-contact-2025.csv > "$work/offices.csv"

ran=0
failed=()
run() {
  local name=$1; shift
  echo "== bench smoke: $name"
  if "$@"; then ran=$((ran + 1)); else failed+=("$name"); fi
}

run "office import (300 lines)" bench "$work/offices.csv"
run "places 2000" bench places 2000
run "steering 2000" bench steering 2000
run "quality 2000" bench quality 2000
run "store 3 batches of 8" bench store 3 8
run "signin-timing 3" bench signin-timing 3
run "crash 2" bench crash 2
run "failover 1" bench failover 1
run "diagnostics load, SQLite, 4 clients, 1 s" bench/run-diagnostics-load.sh 4 1
if [ -n "${AIGUILLAGE_BENCH_POSTGRES:-}" ]; then
  # psql reads libpq's variables, not Npgsql's « Key=Value; » string.
  IFS=';' read -ra parts <<< "$AIGUILLAGE_BENCH_POSTGRES"
  for part in "${parts[@]}"; do
    key=${part%%=*} value=${part#*=}
    case "${key,,}" in
      host) export PGHOST=$value ;; port) export PGPORT=$value ;; username) export PGUSER=$value ;; password) export PGPASSWORD=$value ;;
    esac
  done
  database="aig_bench_smoke_$$"
  psql -d postgres -qc "CREATE DATABASE $database" >/dev/null
  load_connection=$(printf '%s' "$AIGUILLAGE_BENCH_POSTGRES" | sed -E "s/Database=[^;]*/Database=$database/")
  run "diagnostics load, PostgreSQL, 4 clients, 1 s" env BENCH_POSTGRES="$load_connection" bench/run-diagnostics-load.sh 4 1
  # FORCE cannot end another role's process (an autovacuum worker visiting the new database): try a few times.
  for _ in 1 2 3 4 5; do psql -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 && break; sleep 1; done
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "bench smoke: $ran ran, ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
echo "bench smoke: all $ran benchmarks ran"
