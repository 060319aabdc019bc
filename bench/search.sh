#!/usr/bin/env bash
# Search latency on a generated world: the server indexes the imported world from its search
# outbox at start (the catch-up time is reported), then one client sends one-word, two-word and
# phrase queries back to back (GET /api/v2/search, type=statuses, limit 20). Not a pass/fail test.
# usage: bench/search.sh [ACCOUNTS] [ROUNDS]   (env: SEED; CED=DIR also imports real Weibo
# cascades into the copy, e.g. CED=../shared/data/weibo-ced; POSTING=SECONDS first has members
# post for that long (bench/create_post.lua, varied texts, 128 connections) and waits for the index
# to catch up, so the queries meet the segments that live posting leaves, not an import's merged
# index)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
ROUNDS=${2:-100}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
bench_tools
cp -r "$(bench_world "$ACCOUNTS" "$SEED")" "$WORK/data"
[[ -n ${CED:-} ]] && "$BIN" import ced "$CED" --data "$WORK/data" >/dev/null 2>&1
db="$WORK/data/clearwater.db"
# The store and its search index (a file of its own, clearwater-search.db), in MB together.
data_mb() { du -cm "$WORK"/data/clearwater*.db | tail -1 | cut -f1; }
before=$(data_mb)
posts=$(sqlite3 "$db" "SELECT COUNT(*) FROM posts")
if ((${POSTING:-0} > 0)); then
  "$BIN" admin issue-tokens --data "$WORK/data" --count 2000 --out "$WORK/tokens" >/dev/null
fi
start=$SECONDS
start_server "$WORK/data"
# The outbox exists once the server has migrated the copy; wait until it is drained.
until [[ $(sqlite3 "$db" "SELECT COUNT(*) FROM search_outbox" 2>/dev/null || echo 1) == 0 ]]; do sleep 0.5; done
caught_up=$((SECONDS - start))
posted=""
if ((${POSTING:-0} > 0)); then
  DURATION=$POSTING CONNECTIONS=128 run_wrk "http://127.0.0.1:$SERVER_PORT" "$BENCH_ROOT/bench/create_post.lua" "$WORK/tokens" varied >/dev/null
  until [[ $(sqlite3 "$db" "SELECT COUNT(*) FROM search_outbox" 2>/dev/null || echo 1) == 0 ]]; do sleep 0.5; done
  posted="; then $(awk '/requests in/ {print $1}' "$WORK/wrk.out") posts in ${POSTING} s, indexed"
fi
echo "world: $ACCOUNTS accounts (seed $SEED), $posts posts; ready (any search backlog indexed) in $caught_up s;" \
  "database files ${before} MB -> $(data_mb) MB$posted"
python3 "$BENCH_ROOT/bench/search_latency.py" "$SERVER_PORT" "$ROUNDS"
echo "command: ${CED:+CED=$CED }${POSTING:+POSTING=$POSTING }bench/search.sh $ACCOUNTS $ROUNDS"
