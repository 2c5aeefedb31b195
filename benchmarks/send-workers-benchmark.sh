#!/usr/bin/env bash
# `rundbrief send --worker` with 1, 2 and 4 worker processes sharing a throwaway PostgreSQL store,
# against Postfix's smtp-sink on loopback, with smtp-source (same message size, number of messages
# and total connections) as the reference in the same run, right before each subject; then one
# plain `rundbrief send` on a SQLite workspace with the same list, for comparison.
#
# Per run it records: messages per second of the whole send (first worker started to last ended),
# the ratio to smtp-source, the load average, and CPU milliseconds per message of PostgreSQL (its
# postmaster and backends, from /proc before and after) and of the workers (GNU time, user+system).
#
# Usage: benchmarks/send-workers-benchmark.sh [recipients=100000] [workers="1 2 4"] [pool=4]
# pool is each worker's SMTP connections. Needs: postfix (smtp-sink, smtp-source), GNU time,
# postgresql (initdb, pg_ctl; Debian package postgresql); skips with exit 2 without them.
# Loopback only; the sink and PostgreSQL are stopped at the end.
set -euo pipefail
recipients="${1:-100000}"
counts="${2:-1 2 4}"
pool="${3:-4}"
. "$(dirname "${BASH_SOURCE[0]}")/lib/send-bench.sh"
bench_require_postfix

work="$(mktemp -d "${TMPDIR:-/tmp}/rundbrief-workers.XXXXXX")"
cleanup() { bench_cleanup; rm -rf "$work"; }
trap cleanup EXIT
bench_start_sink
bench_start_postgres "$work"

setup_start=$(date +%s)
bench_workspace "$work/pg-ws" "$pool" "$recipients" "$bench_pg_url"
echo "recipients=$recipients pool=$pool per worker message=${bench_message_size} bytes (setup $(( $(date +%s) - setup_start )) s)"
echo "machine: $(nproc) cpus, $(java -version 2>&1 | head -1), $(uname -r); PostgreSQL $("$bench_pg_bin/postgres" --version | awk '{print $3}') with fsync on"
printf '%-8s %-16s %-12s %-12s %-6s %-14s %-14s %s\n' workers load smtp-source rundbrief ratio pg_cpu_ms/msg worker_cpu_ms/msg sent
for w in $counts; do
  bench_psql "DELETE FROM delivery; DELETE FROM delivery_issue; DELETE FROM send_worker; DELETE FROM send_rate;"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  reference="$(bench_reference "$recipients" $((w * pool)))"
  pg_before="$(bench_pg_cpu)"
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 1 "$w"); do
    /usr/bin/time -f "%U %S" -o "$work/cpu-$i" "$bench_rb" -w "$work/pg-ws" --quiet send --worker --json \
      >"$work/out-$i" 2>"$work/err-$i" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "worker $((i + 1)) failed:" >&2; cat "$work/err-$((i + 1))" >&2; exit 1; }
  done
  end=$(date +%s.%N)
  pg_after="$(bench_pg_cpu)"
  python3 - "$work" "$w" "$recipients" "$start" "$end" "$reference" "$pg_before" "$pg_after" "$load" <<'PY'
import json, sys
work, w, n, start, end, ref, pg0, pg1, load = sys.argv[1:10]
w, n = int(w), int(n)
sent = sum(json.load(open(f"{work}/out-{i}"))["sent"] for i in range(1, w + 1))
cpu = 0.0
for i in range(1, w + 1):
    u, s = open(f"{work}/cpu-{i}").read().split()[-2:]
    cpu += float(u) + float(s)
rate = n / (float(end) - float(start))
print(f"{w:<8} {load.replace(' ', ','):<16} {int(ref):<12} {rate:<12.0f} {rate / int(ref):<6.2f}"
      f" {1000 * (float(pg1) - float(pg0)) / n:<14.3f} {1000 * cpu / n:<14.3f} {sent}"
      + ("" if sent >= n else "  (not everyone sent!)"))
PY
done

bench_workspace "$work/sqlite-ws" "$pool" "$recipients"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
reference="$(bench_reference "$recipients" "$pool")"
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/cpu-sqlite" "$bench_rb" -w "$work/sqlite-ws" --quiet send --json >"$work/out-sqlite"
end=$(date +%s.%N)
python3 - "$work" "$recipients" "$start" "$end" "$reference" "$load" <<'PY'
import json, sys
work, n, start, end, ref, load = sys.argv[1:7]
n = int(n)
sent = json.load(open(f"{work}/out-sqlite"))["sent"]
u, s = open(f"{work}/cpu-sqlite").read().split()[-2:]
rate = n / (float(end) - float(start))
print(f"{'sqlite':<8} {load.replace(' ', ','):<16} {int(ref):<12} {rate:<12.0f} {rate / int(ref):<6.2f}"
      f" {'-':<14} {1000 * (float(u) + float(s)) / n:<14.3f} {sent}")
PY
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
