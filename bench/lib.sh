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

# prepare_world_copy ACCOUNTS SEED [ISSUE_TOKENS_FLAGS...]: tools, the cached world copied to
# $WORK/data (so runs never change the cache), and bearer tokens of 2000 random members in
# $WORK/tokens (further flags go to `clearwater admin issue-tokens`, e.g. a band of fan counts).
prepare_world_copy() {
  bench_tools
  local data; data=$(bench_world "$1" "$2")
  shift 2
  cp -r "$data" "$WORK/data"
  "$BIN" admin issue-tokens --data "$WORK/data" --count 2000 --out "$WORK/tokens" "$@" >/dev/null
}

# start_server DATA_DIR [extra flags...] -> sets SERVER_PID and SERVER_PORT
#   (env SERVER_ARGS: more flags for every benchmark's server, e.g. SERVER_ARGS="--workers 8")
start_server() {
  local data=$1; shift
  # shellcheck disable=SC2086  # SERVER_ARGS is a list of flags
  "$BIN" serve --listen 127.0.0.1:0 --data "$data" --log-level warn --web "" --rate-limits off "$@" ${SERVER_ARGS:-} >"$WORK/cw.out" 2>"$WORK/cw.err" &
  SERVER_PID=$!
  # A world cached by an older build is migrated on the copy first (a minute for the 1M world).
  for _ in $(seq 3000); do
    grep -q listening "$WORK/cw.out" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited: $(tail -3 "$WORK/cw.err")" >&2; return 1; }
    sleep 0.1
  done
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

# server_cpu -> the server's CPU time so far (user + system), in clock ticks (1/100 s). Taken
# around a run, it gives the server's own cost per request, which other load on the machine
# hardly moves (throughput does).
server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# cpu_per_request TICKS_BEFORE TICKS_AFTER -> microseconds of server CPU per request of the last run
cpu_per_request() {
  local n; n=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN {printf "%.0f", (b - a) * 10000 / n}'
}

# machine_ticks -> the machine's CPU time so far (/proc/stat's first line); machine_share BEFORE
# AFTER -> how the machine's CPU time went between two samples: busy, idle, and stolen by the
# hypervisor (on a shared virtual machine the host can take a third of it, and every figure of
# the run falls with it).
machine_ticks() { head -1 /proc/stat; }
machine_share() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    n = split(a, x, " "); split(b, y, " ");
    for (i = 2; i <= 9 && i <= n; i++) { d[i] = y[i] - x[i]; t += d[i] }  # guest time is in user
    if (t <= 0) t = 1;
    printf "busy %.0f%%, idle %.0f%%, stolen %.0f%%", (d[2] + d[3] + d[4] + d[7] + d[8]) * 100 / t,
      (d[5] + d[6]) * 100 / t, d[9] * 100 / t }'
}

# server_memory -> "A MB own, F MB mapped database": the server's anonymous pages (caches,
# timelines) and its mapped database pages (page cache shared with the kernel, counted once per
# connection's mapping).
# kept_pages -> "KEPT BUILT": home reads the server answered from a kept page and by building
# one (clearwater_home_pages_total in /metrics; api/home_pages.h).
kept_pages() {
  curl -s "http://127.0.0.1:$SERVER_PORT/metrics" |
    awk '/^clearwater_home_pages_total/ {v[$1 ~ /kept/ ? "k" : "b"] = $2} END {print v["k"] + 0, v["b"] + 0}'
}

# kept_share KEPT0 BUILT0 -> "K of N home reads" since that kept_pages reading.
kept_share() {
  local k b; read -r k b < <(kept_pages)
  echo "$((k - $1)) of $((k - $1 + b - $2)) home reads"
}

server_memory() {
  awk '$1 == "RssAnon:" {a = $2} $1 == "RssFile:" {f = $2} END {printf "%d MB own, %d MB mapped database\n", a / 1024, f / 1024}' \
    "/proc/$SERVER_PID/status"
}

# snac_prepare NAME: for the snac scripts. Refuses to run without an executable SNAC_BIN, makes
# $WORK, defaults SNAC_THREADS to 16, and on exit stops snac (SNAC_PID) and the rest.
snac_prepare() {
  if [[ -z ${SNAC_BIN:-} || ! -x ${SNAC_BIN:-} ]]; then
    echo "bench/$1: set SNAC_BIN to a built snac binary (snac2, from its public repository;" >&2
    echo "this project does not build it), e.g. SNAC_BIN=\$HOME/snac2/snac bench/$1" >&2
    exit 2
  fi
  SNAC_THREADS=${SNAC_THREADS:-16}
  WORK=$(mktemp -d)
  SNAC_PID=""
  trap snac_cleanup EXIT
}
snac_cleanup() {
  [[ -n ${SNAC_PID:-} ]] && kill "$SNAC_PID" 2>/dev/null || true
  bench_cleanup
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

# world_sql SQL -> runs SQL on the copied world's database ($WORK/data), which the server may have open.
world_sql() { sqlite3 -cmd ".timeout 5000" "$WORK/data/clearwater.db" "$@"; }

# sample_targets -> $WORK/accounts: 2000 random active accounts; $WORK/posts: 1500 random public
# originals and 500 random public forwards (of public roots), which any member may read, like,
# forward and comment on. Run on the copied world before the server starts.
sample_targets() {
  world_sql "SELECT id FROM accounts WHERE state = 'active' ORDER BY RANDOM() LIMIT 2000" >"$WORK/accounts"
  {
    world_sql "SELECT id FROM posts WHERE root_id = 0 AND visibility = 'public' AND deleted_at = 0
               ORDER BY RANDOM() LIMIT 1500"
    world_sql "SELECT f.id FROM posts f JOIN posts r ON r.id = f.root_id
               WHERE f.root_id <> 0 AND f.visibility = 'public' AND f.deleted_at = 0
                 AND r.visibility = 'public' AND r.deleted_at = 0 ORDER BY RANDOM() LIMIT 500"
  } >"$WORK/posts"
}

# warm_mix WEIGHTS -> drives the server for ${WARMUP:-3} s with bench/mix.lua in warm mode (4
# connections), warming the caches the way a running site has them; sets MEDIAN_BYTES (median
# response size) and WARM_STATUSES (statuses seen, e.g. "200 x5120").
warm_mix() {
  wrk -t"${THREADS:-2}" -c4 -d"${WARMUP:-3}s" -s "$BENCH_ROOT/bench/mix.lua" "http://127.0.0.1:$SERVER_PORT" \
    -- "$WORK/tokens" "$WORK/accounts" "$WORK/posts" "$1" warm >"$WORK/warm.out"
  MEDIAN_BYTES=$(awk '$1 == "median-bytes" {print $2}' "$WORK/warm.out")
  WARM_STATUSES=$(sed -n 's/^statuses: //p' "$WORK/warm.out")
}

# start_ceiling BYTES -> nginx serving a static file of that size at /f on NGINX_PORT
start_ceiling() {
  head -c "$1" /dev/zero | tr '\0' 'x' >"$WORK/static.json"
  start_nginx "$WORK/static.json"
}

# After run_wrk: requests, non-2xx answers and the kinds sent (from bench/mix.lua's done()).
wrk_total() { awk '/requests in/ {print $1}' "$WORK/wrk.out"; }
wrk_non2xx() { awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$WORK/wrk.out"; }
wrk_sent() { sed -n 's/^sent: //p' "$WORK/wrk.out"; }

# print_row LABEL REQUESTS/S P50 P99 (print_row with no arguments prints the header)
print_row() {
  if (($#)); then printf '%-34s %12s %10s %10s\n' "$@"; else print_row target requests/s p50 p99; fi
}

# mix_against_ceiling WEIGHTS: warms the server with the mix (bench/mix.lua weights, e.g.
# detail=1), has nginx serve a file of the median answer's size, and drives both with the same wrk
# settings. Sets N_RPS N_P50 N_P99 (nginx), C_RPS C_P50 C_P99 (clearwater), RATIO and KEPT (home
# reads answered from kept pages).
mix_against_ceiling() {
  warm_mix "$1"
  start_ceiling "$MEDIAN_BYTES"
  read -r N_RPS N_P50 N_P99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/f")
  local kept0 built0; read -r kept0 built0 < <(kept_pages)
  read -r C_RPS C_P50 C_P99 < <(run_wrk "http://127.0.0.1:$SERVER_PORT" "$BENCH_ROOT/bench/mix.lua" \
    "$WORK/tokens" "$WORK/accounts" "$WORK/posts" "$1")
  RATIO=$(awk -v c="$C_RPS" -v n="$N_RPS" 'BEGIN {printf "%.2f", c / n}')
  KEPT=$(kept_share "$kept0" "$built0")
}

# start_sampled_world ACCOUNTS SEED: the cached world copied with tokens (prepare_world_copy),
# accounts and posts to target (sample_targets), and the server started on it.
start_sampled_world() {
  prepare_world_copy "$1" "$2"
  sample_targets
  start_server "$WORK/data"
}
