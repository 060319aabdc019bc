#!/usr/bin/env bash
# Post creation throughput on a generated world: random members post over keep-alive connections;
# each acknowledged post is durable (group commit, synchronous=FULL) and pushed to its author's
# fans' cached timelines. Reports acknowledged posts per second and latency, then checks that the
# store holds at least as many new posts as were acknowledged. Not a pass/fail test.
# usage: bench/create_post.sh [ACCOUNTS] [DURATION_SECONDS] [same|varied]
#   (env: CONNECTIONS, THREADS, SEED, SYNC=full|normal: the server's --sync, full by default)
# Texts: `same` (default) near-duplicates, every one spam to the write-time score (its worst case);
# `varied` drawn from the world generator's vocabulary (bench/create_post.lua).
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
DURATION=${2:-10}
TEXTS=${3:-same}
SYNC=${SYNC:-full}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
prepare_world_copy "$ACCOUNTS" "$SEED"
before=$(sqlite3 "$WORK/data/clearwater.db" "SELECT COUNT(*) FROM posts" 2>/dev/null || echo 0)
start_server "$WORK/data" --sync "$SYNC"
read -r rps p50 p99 < <(run_wrk "http://127.0.0.1:$SERVER_PORT" "$BENCH_ROOT/bench/create_post.lua" "$WORK/tokens" "$TEXTS")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out"); non2xx=${non2xx:-0}
total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
after=$(sqlite3 "$WORK/data/clearwater.db" "SELECT COUNT(*) FROM posts" 2>/dev/null || echo "?")
fans=$(sqlite3 "$WORK/data/clearwater.db" "SELECT CAST(AVG(fans_count) AS INT) FROM accounts" 2>/dev/null || echo "?")
echo "world: $ACCOUNTS accounts (seed $SEED), average fans $fans; wrk -t${THREADS:-2} -c${CONNECTIONS:-32} -d${DURATION}s;" \
  "texts: $TEXTS; --sync $SYNC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "requests $total, non-2xx $non2xx; posts in the store: $before before, $after after"
printf '%-34s %12s %10s %10s\n' target requests/s p50 p99
printf '%-34s %12s %10s %10s\n' "clearwater create post" "$rps" "$p50" "$p99"
echo "command: SYNC=$SYNC bench/create_post.sh $ACCOUNTS $DURATION $TEXTS"
