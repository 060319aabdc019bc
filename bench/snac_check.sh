#!/usr/bin/env bash
# Checks bench/snac_load.py against snac itself: a small generated world goes into one snac base
# directory through snac's own commands and local delivery (a running `snac httpd` posting to its
# own shared inbox), and into a second one through snac_load.py; every user's home timeline index
# and every note must come out the same. Slow (snac's queue takes seconds per post): keep it small.
# usage: SNAC_BIN=/path/to/snac bench/snac_check.sh [ACCOUNTS]   (env: SEED, SNAC_THREADS)
source "$(dirname "$0")/lib.sh"
snac_prepare snac_check.sh
ACCOUNTS=${1:-30}
SEED=${SEED:-3}
here=$BENCH_ROOT/bench
[[ -x $BIN ]] || (cd "$BENCH_ROOT" && make build >/dev/null)
"$BIN" gen --accounts "$ACCOUNTS" --seed "$SEED" --out "$WORK/world-full.jsonl" >/dev/null
python3 "$here/snac_load.py" filter "$WORK/world-full.jsonl" "$WORK/world.jsonl"

# Both base directories name the address the first one's server really listens on, so its
# deliveries reach itself; the second is never served.
port=$(free_port)
for base in real loaded; do
  printf '127.0.0.1\n%s\n127.0.0.1:%s\n\n\n' "$port" "$port" | "$SNAC_BIN" init "$WORK/$base" >/dev/null
  python3 - "$WORK/$base/server.json" "$SNAC_THREADS" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg.update(protocol="http", num_threads=int(sys.argv[2]))
json.dump(cfg, open(sys.argv[1], "w"), indent=4)
PY
done
"$SNAC_BIN" httpd "$WORK/real" >"$WORK/snac.log" 2>&1 &
SNAC_PID=$!
sleep 1
python3 "$here/snac_load.py" replay "$WORK/world.jsonl" "$WORK/real" --snac "$SNAC_BIN" --url "http://127.0.0.1:$port"
echo "snac requeued $(grep -c requeue "$WORK/snac.log" || true) local deliveries that timed out (num_threads $SNAC_THREADS)"
key=$(ls "$WORK"/real/user/*/key.json | head -1)
ls "$WORK/real/user" >"$WORK/members"
python3 "$here/snac_load.py" load "$WORK/world.jsonl" "$WORK/loaded" --key "$key" \
  --members "$WORK/members" --tokens-out "$WORK/tokens" --min 1
if ! python3 "$here/snac_load.py" compare "$WORK/real" "$WORK/loaded"; then
  kept=$(mktemp -d)
  mv "$WORK/real" "$WORK/loaded" "$WORK/snac.log" "$kept/"
  echo "both base directories kept in $kept"
fi
echo "command: SNAC_BIN=<snac> bench/snac_check.sh $ACCOUNTS"
