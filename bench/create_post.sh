#!/usr/bin/env bash
# Post creation throughput on a generated world: members (with about FANS fans) post over
# keep-alive connections; each acknowledged post is durable (group commit, synchronous=FULL) and
# pushed to its author's fans' cached timelines. Reports acknowledged posts per second and
# latency, then checks that the store holds at least as many new posts as were acknowledged, and
# how far search indexing was behind. Not a pass/fail test.
# usage: bench/create_post.sh [ACCOUNTS] [DURATION_SECONDS] [same|varied]
#   (env: FANS (default 100): posters are members with about that many fans (0: any member);
#   CONNECTIONS (default 128: group commit shares a commit among the posts that wait for
#   it, and 5,000 posts/s from 32 clients would be one post per client every 6 ms), THREADS, SEED,
#   SYNC=full|normal: the server's --sync, full by default)
# Texts: `same` (default) near-duplicates, every one spam to the write-time score (its worst case);
# `varied` drawn from the world generator's vocabulary (bench/create_post.lua).
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
DURATION=${2:-10}
TEXTS=${3:-same}
SYNC=${SYNC:-full}
SEED=${SEED:-7}
CONNECTIONS=${CONNECTIONS:-128}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
# The posters: members with about FANS fans (default 100, the issue's "average author"; 0: any
# random member). A band from 3/4 to 4/3 of it averages near FANS in the generated worlds.
FANS=${FANS:-100}
band=()
if ((FANS > 0)); then band=(--min-fans $((FANS * 3 / 4)) --max-fans $((FANS * 4 / 3))); fi
prepare_world_copy "$ACCOUNTS" "$SEED" "${band[@]}"
posters=$(cut -d' ' -f2 "$WORK/tokens" | paste -sd, -)
poster_fans=$(world_sql "SELECT CAST(AVG(fans_count) AS INT) || ' (' || COUNT(*) || ' posters)' FROM accounts WHERE id IN ($posters)")
before=$(sqlite3 "$WORK/data/clearwater.db" "SELECT COUNT(*) FROM posts" 2>/dev/null || echo 0)
start_server "$WORK/data" --sync "$SYNC"
ticks0=$(machine_ticks)
read -r rps p50 p99 < <(run_wrk "http://127.0.0.1:$SERVER_PORT" "$BENCH_ROOT/bench/create_post.lua" "$WORK/tokens" "$TEXTS")
share=$(machine_share "$ticks0" "$(machine_ticks)")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out"); non2xx=${non2xx:-0}
total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
# Search indexing runs beside the posts, on the index's own writer: how far behind it was when
# wrk stopped, and how long it took to catch up (so a rate it could not sustain shows).
queued=$(world_sql "SELECT COUNT(*) FROM search_outbox")
drain_start=$SECONDS
until [[ $(world_sql "SELECT COUNT(*) FROM search_outbox") == 0 ]] || ((SECONDS - drain_start > 120)); do sleep 0.2; done
drained=$((SECONDS - drain_start))
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
after=$(sqlite3 "$WORK/data/clearwater.db" "SELECT COUNT(*) FROM posts" 2>/dev/null || echo "?")
fans=$(sqlite3 "$WORK/data/clearwater.db" "SELECT CAST(AVG(fans_count) AS INT) FROM accounts" 2>/dev/null || echo "?")
echo "world: $ACCOUNTS accounts (seed $SEED), average fans $fans, posters' average fans $poster_fans; wrk -t${THREADS:-2} -c$CONNECTIONS -d${DURATION}s;" \
  "texts: $TEXTS; --sync $SYNC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "the machine's CPU during the run: $share"
echo "requests $total, non-2xx $non2xx; posts in the store: $before before, $after after;" \
  "search index: $queued documents queued when wrk stopped, caught up within ${drained} s"
printf '%-34s %12s %10s %10s\n' target requests/s p50 p99
printf '%-34s %12s %10s %10s\n' "clearwater create post" "$rps" "$p50" "$p99"
echo "command: FANS=$FANS CONNECTIONS=$CONNECTIONS SYNC=$SYNC bench/create_post.sh $ACCOUNTS $DURATION $TEXTS"
