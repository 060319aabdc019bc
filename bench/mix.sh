#!/usr/bin/env bash
# Mixed load on a generated world: each request's kind is chosen by weight (bench/mix.lua) and sent
# as a random authenticated member over keep-alive connections, against this machine's HTTP
# ceiling: nginx serving a static file the size of the mix's median response, with the same wrk
# settings, in the same run. Prints figures and the command. Not a pass/fail test.
#   deathstar  the DeathStarBench social-network mix: 60% home-timeline reads, 30% user-timeline
#              reads, 10% new posts
#   weibo      80% reads (50% home timeline, 15% user timeline, 15% post detail), 15% interactions
#              (8% likes, 4% forwards, 3% comments), 5% new posts
# Targets: user timelines of 2000 random accounts; post detail, likes, forwards and comments on
# 1500 random public originals and 500 public forwards.
# usage: bench/mix.sh deathstar|weibo [ACCOUNTS] [DURATION_SECONDS]   (env: CONNECTIONS, THREADS, SEED)
source "$(dirname "$0")/lib.sh"
MIX=${1:-}
case $MIX in
  deathstar) WEIGHTS=home=60,user=30,post=10 ;;
  weibo) WEIGHTS=home=50,user=15,detail=15,like=8,forward=4,comment=3,post=5 ;;
  *) echo "usage: bench/mix.sh deathstar|weibo [ACCOUNTS] [DURATION_SECONDS]" >&2; exit 2 ;;
esac
ACCOUNTS=${2:-100000}
DURATION=${3:-10}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
start_sampled_world "$ACCOUNTS" "$SEED"

mix_against_ceiling "$WEIGHTS"
echo "world: $ACCOUNTS accounts (seed $SEED); 2000 random members; mix $MIX ($WEIGHTS);" \
  "median response $MEDIAN_BYTES bytes; warm-up answers: $WARM_STATUSES"
echo "wrk -t${THREADS:-2} -c${CONNECTIONS:-32} -d${DURATION}s; $(nproc) cores shared by wrk, nginx and the server"
echo "requests $(wrk_total), non-2xx $(wrk_non2xx); sent: $(wrk_sent)"
print_row
print_row "nginx static file (ceiling)" "$N_RPS" "$N_P50" "$N_P99"
print_row "clearwater $MIX mix" "$C_RPS" "$C_P50" "$C_P99"
echo "clearwater / nginx throughput ratio: $RATIO; server memory after the run: $(server_memory)"
echo "served from kept pages during the run: $KEPT"
echo "command: bench/mix.sh $MIX $ACCOUNTS $DURATION"
