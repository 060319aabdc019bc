#!/usr/bin/env bash
# Measures Clearwater's single-post read (GET /api/v1/statuses/:id, a forward with its chain and
# root, as an anonymous reader) against this machine's HTTP ceiling: nginx serving a static file
# of exactly the same size, driven by the same wrk settings in the same run. Prints both figures,
# their ratio, and the commands. Not a pass/fail test.
# usage: bench/read_ceiling.sh [DURATION_SECONDS] [CONNECTIONS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
threads=${3:-2}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
bin=build/release/src/app/clearwater
[[ -x $bin ]] || make build >/dev/null

work=$(mktemp -d)
cleanup() {
  [[ -n ${cw_pid:-} ]] && kill "$cw_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

$bin serve --listen 127.0.0.1:0 --data "$work/data" --demo --log-level warn --rate-limits off >"$work/cw.out" 2>"$work/cw.err" &
cw_pid=$!
for _ in $(seq 100); do grep -q listening "$work/cw.out" 2>/dev/null && break; sleep 0.1; done
cw_port=$(grep -o '[0-9]*$' "$work/cw.out")
# The newest public post of the demo is a forward of a forward of a forward: the richest read.
post_id=$(curl -s "127.0.0.1:$cw_port/api/v1/timelines/public?limit=1" | grep -o '"id":"[0-9]*"' | head -1 | grep -o '[0-9]*')
path="/api/v1/statuses/$post_id"
curl -s "127.0.0.1:$cw_port$path" >"$work/body.json"
size=$(stat -c %s "$work/body.json")

nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/www"
cp "$work/body.json" "$work/www/post.json"
cat >"$work/nginx.conf" <<CONF
worker_processes $threads;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    default_type application/json;
  }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
$nginx_bin -c "$work/nginx.conf" -p "$work" 2>/dev/null || $nginx_bin -c "$work/nginx.conf" -p "$work"
sleep 0.3

run() {  # url -> "requests/s p50 p99"
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$1" >"$work/wrk.out"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  echo "$rps $p50 $p99"
}

read -r n_rps n_p50 n_p99 < <(run "http://127.0.0.1:$nginx_port/post.json")
read -r c_rps c_p50 c_p99 < <(run "http://127.0.0.1:$cw_port$path")
ratio=$(awk -v c="$c_rps" -v n="$n_rps" 'BEGIN {printf "%.2f", c / n}')

echo "response size: $size bytes; wrk -t$threads -c$connections -d${duration}s; $(nproc) cores"
printf '%-34s %12s %10s %10s\n' "target" "requests/s" "p50" "p99"
printf '%-34s %12s %10s %10s\n' "nginx static file (ceiling)" "$n_rps" "$n_p50" "$n_p99"
printf '%-34s %12s %10s %10s\n' "clearwater GET $path" "$c_rps" "$c_p50" "$c_p99" | sed "s|$post_id|:id|"
echo "clearwater / nginx throughput ratio: $ratio"
echo "command: bench/read_ceiling.sh $duration $connections $threads"
