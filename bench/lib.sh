# Shared by the bench scripts: tools, a cached world, a server, nginx serving a file, wrk runs.
# Source it; every function prints only what the caller asks for.
set -euo pipefail
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$BENCH_ROOT/build/release/src/app/clearwater}
CACHE=${BENCH_CACHE:-$BENCH_ROOT/bench/.cache}

bench_tools() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
  command -v sqlite3 >/dev/null || need+=(sqlite3)
  if ((${#need[@]})); then
    local sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  [[ -x $BIN ]] || (cd "$BENCH_ROOT" && make build >/dev/null)
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# bench_world ACCOUNTS SEED -> prints the data directory of an imported world (built once, cached).
bench_world() {
  local n=$1 seed=$2 dir="$CACHE/world-$1-$2"
  mkdir -p "$CACHE"
  if [[ ! -f $dir/.done ]]; then
    rm -rf "$dir"
    local start=$SECONDS
    "$BIN" gen --accounts "$n" --seed "$seed" --out "$CACHE/world-$n-$seed.jsonl" >&2
    "$BIN" import world "$CACHE/world-$n-$seed.jsonl" --data "$dir" >&2 2>/dev/null
    echo "world of $n accounts generated and imported in $((SECONDS - start)) s" >&2
    rm -f "$CACHE/world-$n-$seed.jsonl"
    touch "$dir/.done"
  fi
  echo "$dir"
}

# prepare_world_copy ACCOUNTS SEED: tools, the cached world copied to $WORK/data (so runs never
# change the cache), and bearer tokens of 2000 random members in $WORK/tokens.
prepare_world_copy() {
  bench_tools
  local data; data=$(bench_world "$1" "$2")
  cp -r "$data" "$WORK/data"
  "$BIN" admin issue-tokens --data "$WORK/data" --count 2000 --out "$WORK/tokens" >/dev/null
}

# start_server DATA_DIR [extra flags...] -> sets SERVER_PID and SERVER_PORT
start_server() {
  local data=$1; shift
  "$BIN" serve --listen 127.0.0.1:0 --data "$data" --log-level warn --web "" "$@" >"$WORK/cw.out" 2>"$WORK/cw.err" &
  SERVER_PID=$!
  for _ in $(seq 300); do grep -q listening "$WORK/cw.out" 2>/dev/null && break; sleep 0.1; done
  SERVER_PORT=$(grep -o '[0-9]*$' "$WORK/cw.out")
}

# start_nginx FILE -> serves FILE at /f on NGINX_PORT
start_nginx() {
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/www"
  cp "$1" "$WORK/www/f"
  cat >"$WORK/nginx.conf" <<CONF
worker_processes ${THREADS:-2};
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; default_type application/json; }
}
CONF
  local nginx_bin; nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  $nginx_bin -c "$WORK/nginx.conf" -p "$WORK"
  sleep 0.3
}

bench_cleanup() {
  [[ -n ${SERVER_PID:-} ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -f ${WORK:-/nonexistent}/nginx.pid ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -n ${WORK:-} ]] && rm -rf "$WORK"
}

# run_wrk URL [LUA_SCRIPT [SCRIPT ARGS...]] -> prints "requests/s p50 p99"
run_wrk() {
  local url=$1; shift
  local script=()
  if (($#)); then script=(-s "$1"); shift; fi
  wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-32}" -d"${DURATION:-10}s" --latency "${script[@]}" "$url" -- "$@" >"$WORK/wrk.out"
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print r, p50, p99}' "$WORK/wrk.out"
}
