#!/usr/bin/env bash
# Home timeline reads side by side with a peer: snac (snac2, a small C micro-blog server with a
# Mastodon-style API), both loaded with the same generated world and read through the same
# request, GET /api/v1/timelines/home?limit=20 as random members with bearer tokens, with the same
# wrk settings: once with keep-alive, once with "Connection: close" on every request (snac closes
# the connection after each response anyway). Prints figures, the ratios and the command. Not a
# pass/fail test.
#
# snac is not built here: build it yourself from its public repository and name the binary.
# usage: SNAC_BIN=/path/to/snac bench/snac.sh [ACCOUNTS] [DURATION_SECONDS]
#        (env: SEED, THREADS, CONNECTIONS, WARMUP seconds (5), SNAC_THREADS: snac's num_threads
#        (16; its default is the core count, at least 4))
source "$(dirname "$0")/lib.sh"
snac_prepare snac.sh
ACCOUNTS=${1:-2000}
DURATION=${2:-10}
SEED=${SEED:-7}
bench_tools
here=$BENCH_ROOT/bench

# One world for both: generated, then cut to what both servers hold the same way (accounts,
# follows, posts; see snac_load.py), and imported into each.
"$BIN" gen --accounts "$ACCOUNTS" --seed "$SEED" --out "$WORK/world-full.jsonl" >/dev/null
python3 "$here/snac_load.py" filter "$WORK/world-full.jsonl" "$WORK/world.jsonl" >"$WORK/filter.out"
"$BIN" import world "$WORK/world.jsonl" --data "$WORK/data" >/dev/null 2>&1
"$BIN" admin issue-tokens --data "$WORK/data" --count "$ACCOUNTS" --out "$WORK/cw-tokens-all" >/dev/null
world_sql "SELECT id, handle FROM accounts" | tr '|' ' ' >"$WORK/handles"
awk 'NR == FNR {h[$1] = $2; next} ($2 in h) {print $1, h[$2]}' "$WORK/handles" "$WORK/cw-tokens-all" \
  >"$WORK/cw-members"

# snac: a base directory answering for host snac.bench over plain http (no request ever goes to
# that name: the world is written as local delivery leaves it), one RSA key made by `snac adduser`
# and shared by every user (keys only sign outgoing messages, which reads never do).
SNAC_PORT=$(free_port)
printf '127.0.0.1\n%s\nsnac.bench\n\n\n' "$SNAC_PORT" | "$SNAC_BIN" init "$WORK/snac" >/dev/null
python3 - "$WORK/snac/server.json" "$SNAC_THREADS" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg.update(protocol="http", num_threads=int(sys.argv[2]))
json.dump(cfg, open(sys.argv[1], "w"), indent=4)
PY
"$SNAC_BIN" adduser "$WORK/snac" keyholder >/dev/null
cp "$WORK/snac/user/keyholder/key.json" "$WORK/key.json"
rm -rf "$WORK/snac/user/keyholder"
cut -d' ' -f2 "$WORK/cw-members" >"$WORK/members"
python3 "$here/snac_load.py" load "$WORK/world.jsonl" "$WORK/snac" --key "$WORK/key.json" \
  --members "$WORK/members" --tokens-out "$WORK/snac-tokens" >"$WORK/load.out"
# Clearwater reads as the same members: those with at least 20 posts in their home timeline.
awk 'NR == FNR {want[$2] = 1; next} ($2 in want)' "$WORK/snac-tokens" "$WORK/cw-members" >"$WORK/cw-tokens"

start_server "$WORK/data"
"$SNAC_BIN" httpd "$WORK/snac" >"$WORK/snac.log" 2>&1 &
SNAC_PID=$!
# snac checks its data once after starting; wait for that so it does not run under the load.
for _ in $(seq 600); do grep -q "finished deferred data integrity check" "$WORK/snac.log" && break; sleep 0.1; done
cw_url="http://127.0.0.1:$SERVER_PORT"
snac_url="http://127.0.0.1:$SNAC_PORT"
path="/api/v1/timelines/home?limit=20"

# sample URL TOKENS -> "CODES MEDIAN_BYTES MIN_STATUSES MEDIAN_STATUSES" over 100 members' reads
# (which also warms each server's caches for them).
sample() {
  python3 - "$1$path" "$2" <<'PY'
import collections, json, sys, urllib.error, urllib.request
url, tokens = sys.argv[1], [l.split()[0] for l in open(sys.argv[2]) if l.strip()][:100]
codes, sizes, counts = collections.Counter(), [], []
for token in tokens:
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            body, code = r.read(), r.status
    except urllib.error.HTTPError as e:
        body, code = e.read(), e.code
    codes[code] += 1
    sizes.append(len(body))
    try:
        counts.append(len(json.loads(body)))
    except ValueError:
        counts.append(0)
sizes.sort(); counts.sort()
mid = (len(sizes) - 1) // 2
print(",".join(f"{c}x{n}" for c, n in sorted(codes.items())), sizes[mid], counts[0], counts[mid])
PY
}
read -r cw_codes cw_bytes cw_min cw_med < <(sample "$cw_url" "$WORK/cw-tokens")
read -r snac_codes snac_bytes snac_min snac_med < <(sample "$snac_url" "$WORK/snac-tokens")

# measure URL TOKENS [WRK FLAGS...] -> "requests/s p50 p99 non-2xx" (a run of $1 seconds)
measure() {
  local url=$1 tokens=$2 seconds=${SECONDS_PER_RUN:-$DURATION}; shift 2
  wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-32}" -d"${seconds}s" --timeout 10s --latency "$@" \
    -s "$here/home_timeline.lua" "$url" -- "$tokens" >"$WORK/wrk.out"
  awk '/Requests\/sec/ {r = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Non-2xx/ {n = $NF}
       END {print r, p50, p99, n + 0}' "$WORK/wrk.out"
}
# Warm both (clearwater rebuilds a member's timeline on its first read; snac's files come into the
# page cache), unmeasured, then measure.
SECONDS_PER_RUN=${WARMUP:-5} measure "$cw_url" "$WORK/cw-tokens" >/dev/null
SECONDS_PER_RUN=${WARMUP:-5} measure "$snac_url" "$WORK/snac-tokens" >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r cw_ka_rps cw_ka_p50 cw_ka_p99 cw_ka_bad < <(measure "$cw_url" "$WORK/cw-tokens")
read -r sn_ka_rps sn_ka_p50 sn_ka_p99 sn_ka_bad < <(measure "$snac_url" "$WORK/snac-tokens")
read -r cw_cl_rps cw_cl_p50 cw_cl_p99 cw_cl_bad < <(measure "$cw_url" "$WORK/cw-tokens" -H "Connection: close")
read -r sn_cl_rps sn_cl_p50 sn_cl_p99 sn_cl_bad < <(measure "$snac_url" "$WORK/snac-tokens" -H "Connection: close")
ratio() { awk -v c="$1" -v s="$2" 'BEGIN {printf "%.0f", c / s}'; }

snac_version=$("$SNAC_BIN" 2>&1 | awk 'NR == 1 {print $1, $2}') || true  # its usage exits 1
snac_commit=$(git -C "$(dirname "$SNAC_BIN")" rev-parse --short HEAD 2>/dev/null || echo "unknown commit")
echo "world: $ACCOUNTS accounts (seed $SEED), generated, then cut to what both hold alike:"
echo "  $(head -1 "$WORK/filter.out"); $(sed -n 2p "$WORK/filter.out")"
echo "  $(cat "$WORK/load.out")"
echo "peer: $snac_version ($snac_commit), num_threads $SNAC_THREADS; $(wc -l <"$WORK/cw-tokens") members read on each"
echo "sample of 100 reads: clearwater ${cw_codes}, median $cw_bytes bytes, statuses min $cw_min median $cw_med;" \
  "snac ${snac_codes}, median $snac_bytes bytes, statuses min $snac_min median $snac_med"
echo "wrk -t${THREADS:-2} -c${CONNECTIONS:-32} -d${DURATION}s --timeout 10s; $(nproc) cores shared by wrk and both servers; load average before: $load_before"
printf '%-38s %12s %10s %10s %8s\n' target requests/s p50 p99 non-2xx
printf '%-38s %12s %10s %10s %8s\n' "clearwater, keep-alive" "$cw_ka_rps" "$cw_ka_p50" "$cw_ka_p99" "$cw_ka_bad"
printf '%-38s %12s %10s %10s %8s\n' "snac, keep-alive (it closes anyway)" "$sn_ka_rps" "$sn_ka_p50" "$sn_ka_p99" "$sn_ka_bad"
printf '%-38s %12s %10s %10s %8s\n' "clearwater, Connection: close" "$cw_cl_rps" "$cw_cl_p50" "$cw_cl_p99" "$cw_cl_bad"
printf '%-38s %12s %10s %10s %8s\n' "snac, Connection: close" "$sn_cl_rps" "$sn_cl_p50" "$sn_cl_p99" "$sn_cl_bad"
echo "clearwater / snac throughput: keep-alive $(ratio "$cw_ka_rps" "$sn_ka_rps")x, Connection: close $(ratio "$cw_cl_rps" "$sn_cl_rps")x"
echo "command: SNAC_BIN=<snac $snac_commit> bench/snac.sh $ACCOUNTS $DURATION"
