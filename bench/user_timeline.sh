#!/usr/bin/env bash
# User timeline reads (GET /api/v1/accounts/:id/statuses?limit=20: a random account's posts and
# forwards, as a random authenticated member, keep-alive) on a generated world, against this
# machine's HTTP ceiling: nginx serving a static file the size of the median response, with the
# same wrk settings, in the same run. Prints figures and the command. Not a pass/fail test.
# usage: bench/user_timeline.sh [ACCOUNTS] [DURATION_SECONDS]   (env: CONNECTIONS, THREADS, SEED)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
DURATION=${2:-10}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
start_sampled_world "$ACCOUNTS" "$SEED"

mix_against_ceiling user=1
echo "world: $ACCOUNTS accounts (seed $SEED); 2000 random members reading 2000 random accounts;" \
  "median response $MEDIAN_BYTES bytes; warm-up answers: $WARM_STATUSES"
echo "wrk -t${THREADS:-2} -c${CONNECTIONS:-32} -d${DURATION}s; $(nproc) cores shared by wrk, nginx and the server"
echo "requests $(wrk_total), non-2xx $(wrk_non2xx)"
print_row
print_row "nginx static file (ceiling)" "$N_RPS" "$N_P50" "$N_P99"
print_row "clearwater user timeline" "$C_RPS" "$C_P50" "$C_P99"
echo "clearwater / nginx throughput ratio: $RATIO; server memory after the run: $(server_memory)"
echo "command: bench/user_timeline.sh $ACCOUNTS $DURATION"
