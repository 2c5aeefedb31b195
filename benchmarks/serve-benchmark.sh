#!/usr/bin/env bash
# Serving benchmark: `rundbrief serve` against nginx serving the same public/ folder of the demo
# workspace, on loopback, in the same run, rounds interleaved (the order alternates per round).
#
#   benchmarks/serve-benchmark.sh            # ROUNDS=3 DURATION=10 CONNECTIONS=50 WARMUP=15 by default
#   ROUNDS=5 DURATION=20 JAVA_OPTS=-Xmx256m benchmarks/serve-benchmark.sh
#
# Two tests per server, each with wrk at CONNECTIONS keep-alive connections:
#   archive   GET /archive/1.html                     (a 200 with a body on kept-alive connections)
#   rss-304   GET /feeds/digests.rss.xml + If-None-Match with that server's own ETag (all 304)
# Printed: requests/s, p50 and p99 latency per run, the load average before each run, the
# server's resident memory (RSS) after each run, and per test the ratio of the medians
# (rundbrief / nginx). Needs wrk, nginx and curl from Debian:
#   apt-get install -y wrk nginx curl
# Without them it says so and exits 0. Everything stays on 127.0.0.1; both servers are stopped
# at the end (also on Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-50}"
THREADS="${THREADS:-2}"
# The JIT is still compiling after 5 s of load: the first measured run came out 10-25 % lower.
WARMUP="${WARMUP:-15}"
JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"

for tool in wrk nginx curl; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "serve-benchmark: skipped, '$tool' is missing (apt-get install -y wrk nginx curl)"
    exit 0
  fi
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

jar="$root/cli/target/rundbrief.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/cli/src/main" "$root/mail/src/main" -newer "$jar" -print -quit)" ]; then
  echo "building the jar..."
  mvn -B -q -pl cli -am package -DskipTests -Dspotless.check.skip=true
fi

work="$(mktemp -d /tmp/rundbrief-serve-bench.XXXXXX)"
# nginx's workers run as another user: the folder must be enterable, the files readable (0644).
chmod 755 "$work"
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

java -jar "$jar" -q demo "$work/ws" >/dev/null
chmod -R a+rX "$work/ws/public"

# rundbrief serve on a free port, access log on (as in production) into a file.
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$jar" -w "$work/ws" serve --port 0 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "Serving" "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
rport="$(sed -n 's#.*http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$work/serve.out" | head -1)"
[ -n "$rport" ] || { echo "rundbrief serve did not start:"; cat "$work/serve.log"; exit 1; }

# nginx on a free port, the same public/, its usual static-file settings, access log on.
nport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  types { application/rss+xml xml; }
  access_log $work/nginx/logs/access.log;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 100000;
  etag on;
  server {
    listen 127.0.0.1:$nport;
    root $work/ws/public;
  }
}
EOF
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$nport/archive/1.html" && break
  sleep 0.1
done

etag() { curl -fsI "$1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'; }
declare -A url etags
url[rundbrief]="http://127.0.0.1:$rport"
url[nginx]="http://127.0.0.1:$nport"
for s in rundbrief nginx; do
  etags[$s]="$(etag "${url[$s]}/feeds/digests.rss.xml")"
  [ -n "${etags[$s]}" ] || { echo "no ETag from $s"; exit 1; }
done

rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$server_pid/status"; }

# One wrk run: prints "rate p50 p99".
run_wrk() {
  local target="$1" test="$2" out
  if [ "$test" = archive ]; then
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${url[$target]}/archive/1.html")"
  else
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
      -H "If-None-Match: ${etags[$target]}" "${url[$target]}/feeds/digests.rss.xml")"
  fi
  if echo "$out" | grep -q "Non-2xx or 3xx"; then
    echo "$out" | grep "Non-2xx" >&2
  fi
  local rate p50 p99
  rate="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "$rate $p50 $p99"
}

echo "warming up rundbrief (JIT) for $WARMUP s per test..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${url[rundbrief]}/archive/1.html" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "If-None-Match: ${etags[rundbrief]}" \
  "${url[rundbrief]}/feeds/digests.rss.xml" >/dev/null

echo
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'),"\
  "$(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; rundbrief with JAVA_OPTS='$JAVA_OPTS'"
echo
printf '| round | test | server | req/s | p50 | p99 | load avg (1 min) before | rundbrief RSS after |\n'
printf '|---|---|---|---|---|---|---|---|\n'
declare -A rates
max_rss=0
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="rundbrief nginx"; else order="nginx rundbrief"; fi
  for test in archive rss-304; do
    for target in $order; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      read -r rate p50 p99 <<<"$(run_wrk "$target" "$test")"
      rss="$(rss_mb)"
      [ "$rss" -gt "$max_rss" ] && max_rss="$rss"
      rates[$test,$target]="${rates[$test,$target]:-} $rate"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s MB |\n' \
        "$round" "$test" "$target" "$rate" "$p50" "$p99" "$load" "$rss"
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
for test in archive rss-304; do
  r="$(echo "${rates[$test,rundbrief]}" | median)"
  n="$(echo "${rates[$test,nginx]}" | median)"
  awk -v t="$test" -v r="$r" -v n="$n" \
    'BEGIN {printf "%s: median rundbrief %.0f req/s, nginx %.0f req/s, ratio %.2f\n", t, r, n, r / n}'
done
echo "rundbrief resident memory, highest after a run: $max_rss MB"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
