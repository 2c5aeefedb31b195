# Shared parts of the send benchmarks (source it from bash with `set -euo pipefail`):
# Postfix's smtp-sink on a free loopback port, a throwaway PostgreSQL server, and a workspace with
# the demo articles, one issue and N confirmed subscribers sending over SMTP to the sink.
# Every background process started here is stopped by bench_cleanup (call it from an EXIT trap)
# and cannot outlive the script by more than its own time limit.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_rb="$bench_root/rundbrief"
bench_sink_pid=""
bench_pg_data=""
bench_pg_bin=""
bench_pg_user=""

# A free TCP port on 127.0.0.1.
bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Exits 2 (with what to install) unless smtp-sink, smtp-source and GNU time are there.
bench_require_postfix() {
  bench_sink="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"
  bench_source="$(command -v smtp-source || echo /usr/sbin/smtp-source)"
  for tool in "$bench_sink" "$bench_source" /usr/bin/time; do
    [ -x "$tool" ] || { echo "missing $tool (Debian packages postfix, time): skipped" >&2; exit 2; }
  done
}

# Starts smtp-sink on a free port (sets bench_sink_port); stopped by bench_cleanup, 2 h at most.
bench_start_sink() {
  bench_sink_port="$(bench_free_port)"
  local user=()
  [ "$(id -u)" = 0 ] && user=(-u nobody)
  timeout 7200 "$bench_sink" "${user[@]}" "127.0.0.1:$bench_sink_port" 256 &
  bench_sink_pid=$!
}

# The smtp-sink process itself (bench_sink_pid is the timeout that bounds it).
bench_sink_process() {
  local child
  for _ in $(seq 1 50); do
    child="$(pgrep -P "$bench_sink_pid" || true)"
    [ -n "$child" ] && { echo "$child"; return; }
    sleep 0.1
  done
  echo "smtp-sink did not start" >&2
  exit 1
}

# CPU seconds (user + system) that process PID has used so far.
bench_process_cpu() {
  python3 - "$1" <<'PY'
import os, sys
with open(f"/proc/{sys.argv[1]}/stat") as f:
    s = f.read()
fields = s[s.rindex(")") + 2:].split()
print((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
PY
}

# Runs a PostgreSQL binary, as the postgres user when we are root (PostgreSQL refuses root).
bench_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a throwaway PostgreSQL server in DIR on a free port with default durability (fsync on),
# trust authentication on loopback only; sets bench_pg_url (JDBC, database "rundbrief"),
# bench_pg_user and bench_pg_pid (the postmaster). Exits 2 when PostgreSQL is not installed.
bench_start_postgres() {
  local dir="$1"
  bench_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$bench_pg_bin/initdb" ] || { echo "missing PostgreSQL (Debian package postgresql): skipped" >&2; exit 2; }
  bench_pg_user=rundbrief
  mkdir -p "$dir/pg"
  if [ "$(id -u)" = 0 ]; then chmod 711 "$dir"; chown postgres "$dir/pg"; fi
  bench_pg "$bench_pg_bin/initdb" -D "$dir/pg/data" -U "$bench_pg_user" --auth=trust -E UTF8 \
    --locale=C --no-sync >/dev/null
  local port
  port="$(bench_free_port)"
  bench_pg "$bench_pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=60" start >/dev/null
  bench_pg_data="$dir/pg/data"
  bench_pg_pid="$(head -1 "$dir/pg/data/postmaster.pid")"
  bench_pg_socket="$dir/pg"
  bench_pg_port="$port"
  bench_pg "$bench_pg_bin/createdb" -h "$dir/pg" -p "$port" -U "$bench_pg_user" rundbrief
  bench_pg_url="jdbc:postgresql://127.0.0.1:$port/rundbrief"
}

# Runs SQL on the benchmark's database.
bench_psql() {
  bench_pg "$bench_pg_bin/psql" -q -h "$bench_pg_socket" -p "$bench_pg_port" -U "$bench_pg_user" \
    -d rundbrief -v ON_ERROR_STOP=1 -c "$1"
}

# CPU seconds (user+system) of the PostgreSQL server: the postmaster, the backends it has reaped
# (its cutime/cstime) and those still running.
bench_pg_cpu() {
  python3 - "$bench_pg_pid" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
root = int(sys.argv[1])
def fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    return s[s.rindex(")") + 2:].split()
ticks = 0
f = fields(root)
ticks += sum(int(x) for x in f[11:15])  # utime stime cutime cstime
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != root:
        try:
            g = fields(pid)
        except OSError:
            continue
        if int(g[1]) == root:  # ppid
            ticks += int(g[11]) + int(g[12])
print(ticks / hz)
PY
}

# Builds a workspace in WS sending to the sink with POOL connections and N subscribers; with a
# JDBC URL as 4th argument its store is that PostgreSQL database. The digest has BENCH_ARTICLES
# articles (default 6, the demo's, a 13 KB message): the demo articles over and over, the copies
# titled "(2) ...", "(3) ..." (20 make a message of about 31 KB). Sets bench_message_size (bytes).
bench_workspace() {
  local ws="$1" pool="$2" n="$3" jdbc="${4:-}" articles="${BENCH_ARTICLES:-6}"
  export RUNDBRIEF_NOW="2026-11-26T08:00:00Z"
  "$bench_rb" init "$ws" --title "KI-Rundbrief" --site "https://ki.example.org/" >/dev/null
  python3 - "$ws/rundbrief.yaml" "$bench_sink_port" "$pool" "$jdbc" "$bench_pg_user" <<'PY'
import re, sys
path, port, pool, jdbc, user = sys.argv[1:6]
s = open(path, encoding="utf-8").read()
s = s.replace('    # name: "Beispiel Medien GmbH"\n    # address: "Hauptstraße 1, 10115 Berlin, Deutschland"\n'
              '    # email: "redaktion@example.org"\n',
              '    name: "Beispiel Medien GmbH"\n    address: "Hauptstraße 1, 10115 Berlin"\n'
              '    email: "redaktion@example.org"\n')
s = s.replace('    # host: "smtp.example.org"\n    # port: 587\n', f'    host: "127.0.0.1"\n    port: {port}\n')
s = s.replace('    # tls: starttls\n', '    tls: none\n')
s = re.sub(r'(?m)^    # pool_size: \d+$', f'    pool_size: {pool}', s)
if jdbc:
    s = s.replace('  # jdbc_url: "jdbc:postgresql://localhost:5432/rundbrief"\n  # user: "rundbrief"\n',
                  f'  jdbc_url: "{jdbc}"\n  user: "{user}"\n')
    assert jdbc in s, "store.jdbc_url not found in the template"
open(path, "w", encoding="utf-8").write(s)
PY
  [ -z "$jdbc" ] || rm -f "$ws"/rundbrief.db*
  python3 - "$bench_root/cli/src/main/resources/dev/rundbrief/cli/demo" "$ws/articles" "$articles" <<'PY'
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
PY
  touch -d "2026-11-25T10:00:00Z" "$ws"/articles/*
  "$bench_rb" -w "$ws" import "$ws/articles" >/dev/null
  "$bench_rb" -w "$ws" digest build --period since-last >/dev/null
  python3 - "$ws.csv" "$n" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("email,name,confirmed_at\n")
    for i in range(int(sys.argv[2])):
        f.write(f"leser{i}@example.org,Leserin Müller {i},2026-11-01T08:00:00Z\n")
PY
  "$bench_rb" -w "$ws" subscribers import "$ws.csv" >/dev/null
  bench_message_size="$("$bench_rb" -w "$ws" send --dry-run --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["message_kb"] * 1024)')"
}

# smtp-source with the same message size, messages and connections; prints messages per second.
# Further arguments go to smtp-source (-d keeps its sessions open).
bench_reference() {
  local n="$1" connections="$2" start end
  shift 2
  start=$(date +%s.%N)
  "$bench_source" "$@" -s "$connections" -l "$bench_message_size" -m "$n" -f news@example.org \
    -t reader@example.org "127.0.0.1:$bench_sink_port"
  end=$(date +%s.%N)
  python3 -c "print(round($n / ($end - $start)))"
}

# Stops what the benchmark started: smtp-sink and PostgreSQL.
bench_cleanup() {
  if [ -n "$bench_sink_pid" ]; then
    kill "$bench_sink_pid" 2>/dev/null || true
    wait "$bench_sink_pid" 2>/dev/null || true
  fi
  if [ -n "$bench_pg_data" ]; then
    bench_pg "$bench_pg_bin/pg_ctl" -D "$bench_pg_data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}
