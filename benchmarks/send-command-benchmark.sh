#!/usr/bin/env bash
# The real command against Postfix's smtp-source: builds a real workspace (the demo articles, one
# issue, N confirmed subscribers imported from CSV), starts smtp-sink on a free 127.0.0.1 port,
# and runs, round after round, smtp-source with the same message size and number of messages (a new
# SMTP session per message, as the issue measured it), then the whole `rundbrief send` process
# (launcher, JVM start, subscriber query, rendering, personalisation, journal on the real schema,
# SMTP) on a fresh copy of the workspace, then smtp-source -d (its sessions kept open, as the
# command keeps its connections: the stricter reference). Both ratios are printed.
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
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sink="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"
source="$(command -v smtp-source || echo /usr/sbin/smtp-source)"
for tool in "$sink" "$source" /usr/bin/time; do
  [ -x "$tool" ] || { echo "missing $tool (Debian packages postfix, time)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/rundbrief-bench.XXXXXX")"
sink_pid=""
cleanup() {
  if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "workspace kept: $work/ws" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
sink_user=()
[ "$(id -u)" = 0 ] && sink_user=(-u nobody)
timeout 7200 "$sink" "${sink_user[@]}" "127.0.0.1:$port" 256 &
sink_pid=$!

rb="$root/rundbrief"
export RUNDBRIEF_NOW="2026-11-26T08:00:00Z"
ws="$work/ws"
"$rb" init "$ws" --title "KI-Rundbrief" --site "https://ki.example.org/" >/dev/null
python3 - "$ws/rundbrief.yaml" "$port" "$connections" <<'EOF'
import re, sys
path, port, pool = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(path, encoding="utf-8").read()
s = s.replace('    # name: "Beispiel Medien GmbH"\n    # address: "Hauptstraße 1, 10115 Berlin, Deutschland"\n'
              '    # email: "redaktion@example.org"\n',
              '    name: "Beispiel Medien GmbH"\n    address: "Hauptstraße 1, 10115 Berlin"\n'
              '    email: "redaktion@example.org"\n')
s = s.replace('    # host: "smtp.example.org"\n    # port: 587\n', f'    host: "127.0.0.1"\n    port: {port}\n')
s = s.replace('    # tls: starttls\n', '    tls: none\n')
s = re.sub(r'(?m)^    # pool_size: \d+$', f'    pool_size: {pool}', s)
open(path, "w", encoding="utf-8").write(s)
EOF
python3 - "$root/cli/src/main/resources/dev/rundbrief/cli/demo" "$ws/articles" "$articles" <<'EOF'
import os, sys
src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(os.listdir(src))
for i in range(count):
    name, k = names[i % len(names)], i // len(names) + 1
    text = open(os.path.join(src, name), encoding="utf-8").read()
    if k > 1:  # a distinct title: front matter in .md, the first line in .txt
        text = text.replace('title: "', f'title: "({k}) ', 1) if text.startswith("---") else f"({k}) " + text
    base, ext = os.path.splitext(name)
    open(os.path.join(dst, f"{base}-{k}{ext}"), "w", encoding="utf-8").write(text)
EOF
touch -d "2026-11-25T10:00:00Z" "$ws"/articles/*
"$rb" -w "$ws" import "$ws/articles" >/dev/null
"$rb" -w "$ws" digest build --period since-last >/dev/null
python3 - "$work/subscribers.csv" "$recipients" <<'EOF'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("email,name,confirmed_at\n")
    for i in range(int(sys.argv[2])):
        f.write(f"leser{i}@example.org,Leserin Müller {i},2026-11-01T08:00:00Z\n")
EOF
"$rb" -w "$ws" subscribers import "$work/subscribers.csv" >/dev/null
size="$("$rb" -w "$ws" send --dry-run --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["message_kb"] * 1024)')"
# One test mail through the whole send path, untimed: after a build, the launcher's first real send
# records the CDS archive that later starts use, and that first start should not be a round.
"$rb" -w "$ws" --quiet send --test reader@example.org >/dev/null
grep -q "pool_size: $connections" "$ws/rundbrief.yaml" || echo "note: pool_size not found in rundbrief.yaml; the default (4) applies" >&2

echo "recipients=$recipients connections=$connections message=${size} bytes ($articles articles) rounds=$rounds"
echo "machine: $(nproc) cpus, $(java -version 2>&1 | head -1), $(uname -r)"
# Two references per round, on either side of the command: smtp-source as the issue ran it (a new
# SMTP session per message) and smtp-source -d (sessions kept open for many messages, as the
# command keeps its connections).
printf '%-5s %-15s %-11s %-14s %-11s %-8s %-8s %-7s %s\n' round load smtp-source rundbrief \
  source-d ratio ratio-d rss_mb "send output"
reference_rate() {
  local start end
  start=$(date +%s.%N)
  "$source" "$@" -s "$connections" -l "$size" -m "$recipients" -f news@example.org \
    -t reader@example.org "127.0.0.1:$port"
  end=$(date +%s.%N)
  python3 -c "print($recipients / ($end - $start))"
}
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  reference=$(reference_rate)

  rm -rf "$work/run" && cp -a "$ws" "$work/run"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$rb" -w "$work/run" --quiet send --json >"$work/out" 2>"$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  sent="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$work/out")"
  [ "$sent" = "$recipients" ] || { echo "sent $sent of $recipients" >&2; exit 1; }
  subject=$(python3 -c "print($recipients / ($end - $start))")
  kept=$(reference_rate -d)
  rss_kb="$(tail -1 "$work/rss")"
  printf '%-5s %-15s %-11.0f %-14.0f %-11.0f %-8.2f %-8.2f %-7d %s\n' "$round" "${load// /,}" \
    "$reference" "$subject" "$kept" "$(python3 -c "print($subject / $reference)")" \
    "$(python3 -c "print($subject / $kept)")" "$((rss_kb / 1024))" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["rate_per_second"], "msg/s inside the engine")' "$work/out")"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
