#!/usr/bin/env bash
# The Big V scenario on a generated world: a follow addendum (world file lines, imported into the
# copied world) makes every other account a fan of one random member, the Big V. While wrk keeps
# reading home timelines in the background (random members, all of them now fans), the Big V and
# an ordinary member (fans nearest the world's average) post in turn over keep-alive connections
# for DURATION seconds; then the Big V posts ROUNDS more times and, right after each
# acknowledgement, 200 of its fans read their home timelines once and look for the post. Prints
# both posters' latencies, their ratio (the timeline issue's target: the Big V within 20% of the
# ordinary member) and how many fan reads showed the post. Not a pass/fail test.
# usage: bench/big_v.sh [ACCOUNTS] [DURATION_SECONDS]   (env: BACKGROUND_CONNECTIONS (8), ROUNDS (3), THREADS, SEED)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
DURATION=${2:-10}
SEED=${SEED:-7}
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d)
trap '[[ -n ${BG_PID:-} ]] && kill "$BG_PID" 2>/dev/null; bench_cleanup' EXIT
prepare_world_copy "$ACCOUNTS" "$SEED"

# The Big V is the first member with a token; the ordinary member is the one of the others whose
# fan count is nearest the world's average.
read -r big_token big_id < <(head -1 "$WORK/tokens")
average=$(world_sql "SELECT AVG(fans_count) FROM accounts")
ids=$(tail -n +2 "$WORK/tokens" | awk '{print $2}' | paste -sd,)
ordinary_id=$(world_sql "SELECT id FROM accounts WHERE id IN ($ids)
                         ORDER BY ABS(fans_count - $average), id LIMIT 1")
ordinary_token=$(awk -v id="$ordinary_id" '$2 == id {print $1}' "$WORK/tokens")
big_ext=$(world_sql "SELECT external_id FROM accounts WHERE id = $big_id")
world_sql "SELECT external_id FROM accounts WHERE id <> $big_id AND external_id IS NOT NULL" |
  awk -v to="$big_ext" '{printf "{\"type\":\"follow\",\"from\":\"%s\",\"to\":\"%s\",\"at\":1740787200000}\n", $1, to}' \
  >"$WORK/big_v.jsonl"
start=$SECONDS
"$BIN" import world "$WORK/big_v.jsonl" --data "$WORK/data" >/dev/null 2>&1
added=$((SECONDS - start))
read -r big_handle big_fans < <(world_sql -separator ' ' "SELECT handle, fans_count FROM accounts WHERE id = $big_id")
read -r ordinary_handle ordinary_fans < <(world_sql -separator ' ' \
  "SELECT handle, fans_count FROM accounts WHERE id = $ordinary_id")
grep -v -e "^$big_token " -e "^$ordinary_token " "$WORK/tokens" | shuf -n 200 --random-source=<(yes) >"$WORK/fans"

start_server "$WORK/data"
url="http://127.0.0.1:$SERVER_PORT"
wrk -t"${THREADS:-2}" -c"${BACKGROUND_CONNECTIONS:-8}" -d1h --latency -s "$BENCH_ROOT/bench/home_timeline.lua" \
  "$url" -- "$WORK/tokens" >"$WORK/wrk.out" &
BG_PID=$!
python3 "$BENCH_ROOT/bench/big_v_probe.py" "$SERVER_PORT" "$big_token" "$ordinary_token" "$WORK/fans" \
  "$DURATION" "$ROUNDS" >"$WORK/probe.out"
kill -INT "$BG_PID"; wait "$BG_PID" || true; BG_PID=
read -r b_rps b_p50 b_p99 < <(awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print r, p50, p99}' "$WORK/wrk.out")

echo "world: $ACCOUNTS accounts (seed $SEED) + $(wc -l <"$WORK/big_v.jsonl") follow lines imported in $added s:" \
  "Big V @$big_handle has $big_fans fans; ordinary member @$ordinary_handle has $ordinary_fans" \
  "(world average $(printf %.0f "$average")); Big V threshold of the server: 10000 fans (default)"
echo "background: home-timeline reads by 2000 random members (all fans of the Big V), wrk" \
  "-t${THREADS:-2} -c${BACKGROUND_CONNECTIONS:-8}, throughout: $b_rps requests/s, p50 $b_p50, p99 $b_p99," \
  "non-2xx $(wrk_non2xx); $(nproc) cores shared by wrk, the probe and the server"
cat "$WORK/probe.out"
echo "command: bench/big_v.sh $ACCOUNTS $DURATION"
