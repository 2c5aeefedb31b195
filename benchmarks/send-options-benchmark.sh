#!/usr/bin/env bash
# Two sets of JVM options for the whole `rundbrief send`, interleaved: builds the same workspace as
# send-command-benchmark.sh (20 articles, a message of about 31 KB), starts smtp-sink on a free
# 127.0.0.1 port, and per round runs the send with JAVA_OPTS=A, then with JAVA_OPTS=B, each on a
# fresh copy of the workspace, then smtp-source -d as the reference. Prints per run the rate
# (whole process), the CPU seconds (user + system) and the peak resident memory.
#
# Usage: benchmarks/send-options-benchmark.sh [recipients=20000] [rounds=4] [A] [B]
# The defaults compare the launcher's choice for send (the client compiler only) with tiered
# compilation (C2): A="" and B="-XX:TieredStopAtLevel=4". JAVA_OPTS comes after the launcher's
# options and wins.
# Needs: postfix (smtp-sink, smtp-source), GNU time. Loopback only.
set -euo pipefail
recipients="${1:-20000}"
rounds="${2:-4}"
options_a="${3:-}"
options_b="${4:--XX:TieredStopAtLevel=4}"
connections=4
# shellcheck source=lib/send-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/send-bench.sh"
bench_require_postfix

work="$(mktemp -d "${TMPDIR:-/tmp}/rundbrief-bench.XXXXXX")"
cleanup() { bench_cleanup; rm -rf "$work"; }
trap cleanup EXIT

bench_start_sink
ws="$work/ws"
BENCH_ARTICLES=20 bench_workspace "$ws" "$connections" "$recipients"
"$bench_rb" -w "$ws" --quiet send --test reader@example.org >/dev/null

echo "recipients=$recipients connections=$connections message=${bench_message_size} bytes rounds=$rounds"
echo "A: JAVA_OPTS='$options_a'   B: JAVA_OPTS='$options_b'"
one() {
  rm -rf "$work/run" && cp -a "$ws" "$work/run"
  local start end
  start=$(date +%s.%N)
  JAVA_OPTS="$1" /usr/bin/time -f "%U %S %M" -o "$work/time" "$bench_rb" -w "$work/run" --quiet \
    send --json >"$work/out"
  end=$(date +%s.%N)
  python3 - "$work/out" "$work/time" "$recipients" "$start" "$end" <<'PY'
import json, sys
out, times, n, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
assert json.load(open(out))["sent"] == n, "not everyone was sent"
user, system, rss = open(times).read().split()[-3:]
print(f"{n / (end - start):8.0f} msg/s  cpu {float(user) + float(system):6.2f} s  rss {int(rss) // 1024} MB", end="")
PY
}
for round in $(seq 1 "$rounds"); do
  echo "round $round (load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "  A $(one "$options_a")"
  echo "  B $(one "$options_b")"
  echo "  smtp-source -d $(bench_reference "$recipients" "$connections" -d) msg/s"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
