#!/usr/bin/env bash
# The cascade of a 100k-forward post through the API: generates a world with one such cascade
# (bench/cascade_api.py), imports it, starts the server and times GET
# /api/v1/analytics/posts/:id/cascade, first (computed) and again (cached for a minute). With
# SUSPECT > 0, that percentage of accounts is marked not credible first, so the real figures
# differ from the raw ones and both analyses run.
# usage: bench/cascade_api.sh [FORWARDS=100000] [FANS=20] [SEED=7] [SUSPECT=0]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-100000}
FANS=${2:-20}
SEED=${3:-7}
SUSPECT=${4:-0}
bench_tools
DIR=$CACHE/cascade-$N-$FANS-$SEED
if [[ ! -f $DIR/.done ]]; then
  rm -rf "$DIR" && mkdir -p "$DIR"
  python3 "$BENCH_ROOT/bench/cascade_api.py" "$N" "$FANS" "$SEED" "$DIR/world.jsonl"
  "$BIN" import world "$DIR/world.jsonl" --data "$DIR/data" 2>/dev/null | tail -n 1
  rm -f "$DIR/world.jsonl"
  touch "$DIR/.done"
fi
WORK=$(mktemp -d)
trap bench_cleanup EXIT
cp -r "$DIR/data" "$WORK/data"
"$BIN" admin issue-tokens --data "$WORK/data" --count 1 --out "$WORK/tokens" >/dev/null
if ((SUSPECT > 0)); then
  sqlite3 "$WORK/data/clearwater.db" "UPDATE accounts SET credible = 0 WHERE abs(random()) % 100 < $SUSPECT"
fi
POST=$(sqlite3 "$WORK/data/clearwater.db" "SELECT id FROM posts WHERE external_id = 'root'")
start_server "$WORK/data"
for run in computed cached; do
  [[ -n ${SERVER_PORT:-} ]] || { cat "$WORK/cw.err"; exit 1; }
  curl -s -o "$WORK/cascade.json" -w "$run: %{time_total} s, %{size_download} bytes\n" \
    "http://127.0.0.1:$SERVER_PORT/api/v1/analytics/posts/$POST/cascade" \
    -H "Authorization: Bearer $(head -n 1 "$WORK/tokens" | cut -d" " -f1)"
done
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print("size", c["size"], "depth", c["depth"], "exposure", c["exposure"], "exact", c["exposure_exact"], "real size", c["real"]["size"], "tree nodes", len(c["tree"]["nodes"]))' "$WORK/cascade.json"
echo "command: bench/cascade_api.sh $N $FANS $SEED $SUSPECT"
