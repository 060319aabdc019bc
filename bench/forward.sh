#!/usr/bin/env bash
# Forwarding throughput on a generated world: random members forward random public posts (3 in 4
# originals, 1 in 4 forwards, so half the new forwards extend a //@ chain; 3 in 5 with a comment)
# over keep-alive connections (POST /api/v1/statuses/:id/reblog). Each acknowledged forward is
# durable, counted on its parent and root, and pushed to the forwarder's fans' cached timelines.
# Reports acknowledged forwards per second and latency, checks the store's growth against the
# acknowledgements, and has nginx serve a static file the size of the median answer with the same
# wrk settings in the same run. Not a pass/fail test.
# usage: bench/forward.sh [ACCOUNTS] [DURATION_SECONDS]   (env: CONNECTIONS, THREADS, SEED)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
DURATION=${2:-10}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
start_sampled_world "$ACCOUNTS" "$SEED"
url="http://127.0.0.1:$SERVER_PORT"

warm_mix forward=1
start_ceiling "$MEDIAN_BYTES"
read -r n_rps n_p50 n_p99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/f")
before=$(world_sql "SELECT COUNT(*) FROM posts WHERE root_id <> 0")
read -r c_rps c_p50 c_p99 < <(run_wrk "$url" "$BENCH_ROOT/bench/mix.lua" \
  "$WORK/tokens" "$WORK/accounts" "$WORK/posts" forward=1)
total=$(wrk_total) non2xx=$(wrk_non2xx)
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
after=$(world_sql "SELECT COUNT(*) FROM posts WHERE root_id <> 0")
ratio=$(awk -v c="$c_rps" -v n="$n_rps" 'BEGIN {printf "%.2f", c / n}')
echo "world: $ACCOUNTS accounts (seed $SEED); 2000 random members forwarding 1500 random public" \
  "originals and 500 public forwards; median answer $MEDIAN_BYTES bytes; warm-up answers: $WARM_STATUSES"
echo "wrk -t${THREADS:-2} -c${CONNECTIONS:-32} -d${DURATION}s; $(nproc) cores shared by wrk, nginx and the server"
echo "requests $total, non-2xx $non2xx; forwards in the store: $before before, $after after"
print_row
print_row "nginx static file (ceiling)" "$n_rps" "$n_p50" "$n_p99"
print_row "clearwater forward" "$c_rps" "$c_p50" "$c_p99"
echo "clearwater / nginx throughput ratio: $ratio"
echo "command: bench/forward.sh $ACCOUNTS $DURATION"
