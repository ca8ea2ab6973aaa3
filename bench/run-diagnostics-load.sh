#!/usr/bin/env bash
# Diagnostics load benchmark (issue 3): starts the app, published in Release, on a fresh SQLite database (WAL,
# synchronous=FULL) with the demo accounts, runs the load generator against it, stops it.
# Usage: bench/run-diagnostics-load.sh [concurrency] [seconds]      PostgreSQL: set BENCH_POSTGRES to a connection string.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
concurrency=${1:-64}
seconds=${2:-10}
port=5090
work=$(mktemp -d)
server=
trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

dotnet build -c Release bench/Aiguillage.LoadTest --nologo -v quiet >/dev/null
# The server runs as it is deployed (deploy/systemd): published, so precompiled (ReadyToRun, issue 23 §6). BENCH_APP
# names a folder already published that way (bench/smoke.sh publishes once for its two runs).
app=${BENCH_APP:-}
if [ -n "$app" ]; then
  app=$(cd "$caller" && realpath "$app")   # relative to where the script was run from, not to the repository
else
  app="$work/app"
  dotnet publish -c Release src/Aiguillage.Web -o "$app" --nologo -v quiet >/dev/null
fi

if [ -n "${BENCH_POSTGRES:-}" ]; then
  export Database__Provider=PostgreSql ConnectionStrings__Aiguillage="$BENCH_POSTGRES"
  baseline=(--postgres "$BENCH_POSTGRES")
else
  export Database__Provider=Sqlite ConnectionStrings__Aiguillage="Data Source=$work/aiguillage.db"
  baseline=(--sqlite-folder "$work")
fi

# The app ships with 600 API calls a minute per account (RateLimiting:ApiPerMinute): 64 clients pass that in a
# second, and every POST past it answers 429. The limit is lifted for the run, and the load generator prints so
# beside its figures (issue 23 §1); any failed request voids the figures.
api_limit=100000000
export RateLimiting__ApiPerMinute=$api_limit

# start_server [folder of the app] [content root]: the published app unless told; a build's content root is the project.
start_server() {
  local dir=${1:-$app} root=${2:-${1:-$app}}
  ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    dotnet "$dir/Aiguillage.Web.dll" --urls "http://127.0.0.1:$port" --contentRoot "$root" \
    >> "$work/server.log" 2>&1 &
  server=$!
}
# Milliseconds until $1 answers 200 (polled every 20 ms), from $2 (date +%s%N).
# A server that exits meanwhile, or that does not answer 200 within 120 s, stops the script with its log.
wait_for() {
  local deadline=$(( $(date +%s) + 120 ))
  until curl -sf --max-time 5 "http://127.0.0.1:$port$1" >/dev/null; do
    if ! kill -0 "$server" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "the server exited, or did not answer $1 within 120 s; its log:" >&2; tail -n 30 "$work/server.log" >&2; exit 1
    fi
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - $2) / 1000000 ))
}
rss() { awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"; }
# Where the memory is (issue 23 §6): the managed heap after the last collection, what the GC has committed, from 3 s
# of the runtime's own counters (dotnet-counters, in the repository's tool manifest). The rest of the resident set is
# native: SQLite's or Npgsql's buffers, JIT-compiled code, thread stacks, the runtime itself.
heap() {
  local f="$work/counters-$1.csv"
  if dotnet dotnet-counters collect -p "$server" --counters System.Runtime --refresh-interval 1 --duration 00:00:03 --format csv -o "$f" >/dev/null 2>&1 && [ -s "$f" ]; then
    awk -F, '/last_collection.heap.size/ { h[$3] = $5 } /last_collection.memory.committed_size/ { c = $5 }
      END { s = 0; for (k in h) s += h[k]; printf "managed heap %.0f MB, committed by the GC %.0f MB", s / 1048576, c / 1048576 }' "$f"
  else
    echo "breakdown unavailable (run dotnet tool restore)"
  fi
}

# What is alive after the load (issue 23 §6): dotnet-gcdump (in the tool manifest) forces a full collection, so objects
# already dead but not yet collected — server GC collects its oldest generation rarely — are not counted; then the
# largest types by size of their own objects.
live() {
  local f="$work/after.gcdump"
  if dotnet dotnet-gcdump collect -p "$server" -o "$f" >/dev/null 2>&1 && [ -s "$f" ]; then
    dotnet dotnet-gcdump report "$f" 2>/dev/null | awk 'NR <= 12 { print "      " $0 }'
  else
    echo "      live heap unavailable (run dotnet tool restore)"
  fi
}

start_server
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.3; done

echo "machine: $(nproc) cores, $(uname -r)"
idle=$(rss)
idle_heap=$(heap ready)
status=0
# BENCH_PROFILE=FILE: also trace the server during the POST phase and print its stages (below).
trace=()
[ -n "${BENCH_PROFILE:-}" ] && trace=(--trace-posts "$BENCH_PROFILE")
dotnet bench/Aiguillage.LoadTest/bin/Release/net10.0/Aiguillage.LoadTest.dll \
  --url "http://127.0.0.1:$port" --concurrency "$concurrency" --seconds "$seconds" "${baseline[@]}" \
  --lifted "RateLimiting:ApiPerMinute=$api_limit (ships with 600)" --server-pid "$server" "${trace[@]}" || status=$?
if [ -n "${BENCH_PROFILE:-}" ]; then
  # Issue 23 §2, « a profile per stage »: the stages of a diagnostic, by the share of the server's sampled thread time
  # (idle threads included) spent in or under each. A traced run's figures are slower than an untraced one's.
  echo "  profile of the POST phase ($BENCH_PROFILE), stages of a diagnostic, inclusive share of the sampled thread time:"
  dotnet dotnet-trace report "$BENCH_PROFILE" topN -n 2000 --inclusive 2>/dev/null \
    | grep -E "DiagnosticsApi\+<SubmitAsync>|DiagnosticsApi\+<ReadAsync>|ApiInputGuard.Check|OfficeLocator\+<FindVisibleAsync>|ScopeService\+<GetAsync>|ContentHash\(|DiagnosticStore\+<StoreAsync>|DiagnosticStore\+<WriteAsync>|ChangeDetector.DetectChanges|SqliteTransaction.Commit|NpgsqlTransaction\+<Commit|SteeringCube\+<FoldAsync>|CookieAuthenticationHandler\+<HandleAuthenticateAsync>|SessionValidator\+<ValidateAsync>|PollGC|Missing Symbol" \
    | sed -E 's/^ *[0-9]+\. +/    /' | cut -c1-110 || true
fi
# Issue 23 §6: the server's memory, idle and after the load (resident set, from /proc).
after=$(rss)
echo "  server memory (RSS)       at ready (demo data just seeded) $idle, after the load $after"
echo "    of which, at ready      $idle_heap"
echo "    of which, after         $(heap after)"
echo "    alive after the load, after a full collection (dotnet-gcdump), largest types:"
live

# Issue 23 §6: a start on the existing database (migrations already applied, demo data there), as production starts:
# published, no demo seeding (the data is there; checking the demo accounts took ~0.2 s). Baselines in the same run:
# the same start to /health/live, which answers before the database is checked; and the same start of the build that
# `dotnet build` makes, not precompiled, whose methods all wait for the JIT.
# restart FOLDER [CONTENT ROOT]: a start of that app, left running (not in a subshell: $server must stay this shell's); sets $started.
restart() {
  kill "$server"; wait "$server" 2>/dev/null || true
  local begin l r; begin=$(date +%s%N)
  Demo__Seed=false start_server "$@"
  l=$(wait_for /health/live "$begin"); r=$(wait_for /health/ready "$begin")
  started="/health/live after $l ms, /health/ready after $r ms"
}
# Twice each, alternated, so that neither always comes first after the load.
for round in 1 2; do
  restart "$app"
  echo "  start $round, existing database, published (ReadyToRun): $started (Release, demo seeding off)"
  restart "$PWD/src/Aiguillage.Web/bin/Release/net10.0" "$PWD/src/Aiguillage.Web"
  echo "    baseline $round, not published (dotnet build, JIT only): $started"
done
exit "$status"
