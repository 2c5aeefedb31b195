#!/usr/bin/env bash
# The real command against Postfix's smtp-source: builds a real workspace (the demo articles, one
# issue, N confirmed subscribers imported from CSV), starts smtp-sink on a free 127.0.0.1 port,
# and runs, round after round, smtp-source with the same message size and number of messages (a new
# SMTP session per message, as the issue measured it), then the whole `rundbrief send` process
# (launcher, JVM start, subscriber query, rendering, personalisation, journal on the real schema,
# SMTP) on a fresh copy of the workspace, then smtp-source -d (its sessions kept open, as the
# command keeps its connections: the stricter reference). Both ratios are printed, and the CPU time
# per message (user + system, in microseconds) of the command, of smtp-source -d, and of smtp-sink
# while it received from each: the command and the sink share the machine's cores.
#
# Usage: benchmarks/send-command-benchmark.sh [recipients=100000] [rounds=3] [connections=4]
#
# The digest has ARTICLES articles (default 20): the six demo articles over and over, the copies
# titled "(2) ...", "(3) ..."; 20 make a message of about 31 KB, the size of the issue's
# measurements. The size is printed. KEEP=1 leaves the workspace in place (for profiling) and prints where it is.
# Needs: postfix (smtp-sink, smtp-source), GNU time. Loopback only; smtp-sink is stopped at the end
# and cannot outlive the script by more than its own time limit (2 hours).
set -euo pipefail
recipients="${1:-100000}"
rounds="${2:-3}"
connections="${3:-4}"
articles="${ARTICLES:-20}"
# shellcheck source=lib/send-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/send-bench.sh"
bench_require_postfix

work="$(mktemp -d "${TMPDIR:-/tmp}/rundbrief-bench.XXXXXX")"
cleanup() {
  bench_cleanup
  if [ "${KEEP:-0}" = 1 ]; then echo "workspace kept: $work/ws" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

bench_start_sink
rb="$bench_rb"
port="$bench_sink_port"
source="$bench_source"
ws="$work/ws"
BENCH_ARTICLES="$articles" bench_workspace "$ws" "$connections" "$recipients"
size="$bench_message_size"
# One test mail through the whole send path, untimed: after a build, the launcher's first real send
# records the CDS archive that later starts use, and that first start should not be a round.
"$rb" -w "$ws" --quiet send --test reader@example.org >/dev/null
grep -q "pool_size: $connections" "$ws/rundbrief.yaml" || echo "note: pool_size not found in rundbrief.yaml; the default (4) applies" >&2

echo "recipients=$recipients connections=$connections message=${size} bytes ($articles articles) rounds=$rounds"
echo "machine: $(nproc) cpus, $(java -version 2>&1 | head -1), $(uname -r)"
# Two references per round, on either side of the command: smtp-source as the issue ran it (a new
# SMTP session per message) and smtp-source -d (sessions kept open for many messages, as the
# command keeps its connections).
printf '%-5s %-15s %-11s %-14s %-11s %-8s %-8s %-7s %-7s %-8s %-7s %-8s %s\n' round load \
  smtp-source rundbrief source-d ratio ratio-d rss_mb cpu_us sink_us cpu_d_us sink_d_us \
  "send output"
sink="$(bench_sink_process)"
# CPU microseconds per message from two readings of CPU seconds.
per_message() { python3 -c "print(round(($2 - $1) * 1e6 / $recipients))"; }
reference_rate() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/source-time" "$source" "$@" -s "$connections" -l "$size" \
    -m "$recipients" -f news@example.org -t reader@example.org "127.0.0.1:$port"
  end=$(date +%s.%N)
  python3 -c "print($recipients / ($end - $start))"
}
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  reference=$(reference_rate)

  rm -rf "$work/run" && cp -a "$ws" "$work/run"
  sink_before="$(bench_process_cpu "$sink")"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$work/rss" "$rb" -w "$work/run" --quiet send --json >"$work/out" 2>"$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  sink_us="$(per_message "$sink_before" "$(bench_process_cpu "$sink")")"
  read -r rss_kb user sys < <(tail -1 "$work/rss")
  cpu_us="$(per_message 0 "$user + $sys")"
  sent="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$work/out")"
  [ "$sent" = "$recipients" ] || { echo "sent $sent of $recipients" >&2; exit 1; }
  subject=$(python3 -c "print($recipients / ($end - $start))")
  sink_before="$(bench_process_cpu "$sink")"
  kept=$(reference_rate -d)
  sink_d_us="$(per_message "$sink_before" "$(bench_process_cpu "$sink")")"
  read -r user sys < <(tail -1 "$work/source-time")
  cpu_d_us="$(per_message 0 "$user + $sys")"
  printf '%-5s %-15s %-11.0f %-14.0f %-11.0f %-8.2f %-8.2f %-7d %-7s %-8s %-7s %-8s %s\n' \
    "$round" "${load// /,}" "$reference" "$subject" "$kept" \
    "$(python3 -c "print($subject / $reference)")" "$(python3 -c "print($subject / $kept)")" \
    "$((rss_kb / 1024))" "$cpu_us" "$sink_us" "$cpu_d_us" "$sink_d_us" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["rate_per_second"], "msg/s inside the engine")' "$work/out")"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
