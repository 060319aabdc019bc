#!/usr/bin/env bash
# Server memory with a world loaded and many active home timelines: issues tokens for ACTIVE random
# members, reads each one's home timeline once (8 keep-alive clients), then reports the server's
# own memory (anonymous pages: caches, timelines) apart from the mapped database file (page cache
# the kernel can drop and share). Not a pass/fail test.
# usage: bench/memory.sh [ACCOUNTS] [ACTIVE]   (env: SEED)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
ACTIVE=${2:-20000}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
bench_tools
cp -r "$(bench_world "$ACCOUNTS" "$SEED")" "$WORK/data"
"$BIN" admin issue-tokens --data "$WORK/data" --count "$ACTIVE" --out "$WORK/tokens" >/dev/null
start_server "$WORK/data"
idle=$(server_memory)
start=$SECONDS
python3 - "$SERVER_PORT" "$WORK/tokens" <<'PY'
import http.client, sys, threading
port, path = int(sys.argv[1]), sys.argv[2]
tokens = [line.split()[0] for line in open(path) if line.strip()]
errors = [0]
def worker(k):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for token in tokens[k::8]:
        conn.request("GET", "/api/v1/timelines/home?limit=20", headers={"Authorization": "Bearer " + token})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            errors[0] += 1
threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(f"read {len(tokens)} home timelines, {errors[0]} errors")
PY
after=$(server_memory)
echo "world: $ACCOUNTS accounts (seed $SEED); $ACTIVE active members read their home timeline once in $((SECONDS - start)) s"
echo "server memory after start: $idle"
echo "server memory with $ACTIVE active timelines: $after"
echo "command: bench/memory.sh $ACCOUNTS $ACTIVE"
