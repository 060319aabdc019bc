#!/usr/bin/env bash
# Brand monitors under posting load: post creation throughput with no monitors, then with 1,000
# monitors (50 members × 20, three random Chinese words and a topic each; 10 of them also watch a
# word every benchmark post holds, so each post is a hit for 10 monitors). Matching runs in the
# search indexer, so the figure to watch is the indexer keeping pace (posts still queued when wrk
# stops, and how long until the queue is empty) beside posts per second. Then one burst check of
# every monitor, timed. Not a pass/fail test.
# usage: bench/monitors.sh [ACCOUNTS] [DURATION_SECONDS]   (env: CONNECTIONS, THREADS, SEED)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-20000}
DURATION=${2:-10}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
prepare_world_copy "$ACCOUNTS" "$SEED"
start_server "$WORK/data" --monitor-check-every 0
URL="http://127.0.0.1:$SERVER_PORT"

queued() { world_sql "SELECT COUNT(*) FROM search_outbox"; }
drain() {  # waits until the search outbox is empty; prints the seconds it took
  local start; start=$(date +%s%N)
  while [[ $(queued) != 0 ]]; do sleep 0.2; done
  python3 -c "print(round(($(date +%s%N) - $start) / 1e9, 1))"
}
echo "catching up with the imported world: $(drain) s"

run() {
  local before; before=$(world_sql "SELECT COUNT(*) FROM posts")
  read -r rps p50 p99 < <(run_wrk "$URL" "$BENCH_ROOT/bench/create_post.lua" "$WORK/tokens")
  local left; left=$(queued)
  local secs; secs=$(drain)
  local after; after=$(world_sql "SELECT COUNT(*) FROM posts")
  printf '%-22s %10s %10s %10s %12s %14s %8s\n' "$1" "$rps" "$p50" "$p99" "$left" "$secs" "$((after - before))"
}

printf '%-22s %10s %10s %10s %12s %14s %8s\n' monitors posts/s p50 p99 "queued@end" "drained in s" posts
run "none"

python3 - "$URL" "$WORK/tokens" <<'PY'
import json, random, sys, urllib.request
url, tokens = sys.argv[1], [l.split()[0] for l in open(sys.argv[2]) if l.strip()]
rng = random.Random(7)
han = lambda n: ''.join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))
made = 0
for owner in range(50):
    for j in range(20):
        words = [han(2) for _ in range(3)]
        if made < 10:
            words.append('春风')
        body = json.dumps({'name': f'm{made}', 'keywords': words, 'topics': [han(3)]}).encode()
        req = urllib.request.Request(url + '/api/v1/analytics/monitors', data=body, method='POST',
            headers={'Authorization': 'Bearer ' + tokens[owner], 'Content-Type': 'application/json'})
        urllib.request.urlopen(req).read()
        made += 1
print(f'{made} monitors made', file=sys.stderr)
PY
hits_before=$(world_sql "SELECT COUNT(*) FROM monitor_hits")
run "1000 (10 match)"
hits_after=$(world_sql "SELECT COUNT(*) FROM monitor_hits")
echo "hits recorded during the run: $((hits_after - hits_before)) (10 per post expected)"

"$BIN" admin create-account --data "$WORK/data" --username benchroot --password 'bench root pw 1' --role admin >/dev/null
token=$(curl -s "$URL/oauth/token" -H 'Content-Type: application/json' \
  -d '{"grant_type":"password","username":"benchroot","password":"bench root pw 1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -s -o /dev/null -w 'burst check of 1000 monitors: %{time_total} s\n' -X POST "$URL/api/v1/admin/monitors/check" -H "Authorization: Bearer $token"
echo "command: bench/monitors.sh $ACCOUNTS $DURATION"
