#!/usr/bin/env bash
# Home timeline reads (20 hydrated posts, authenticated, keep-alive) on a generated world, against
# this machine's HTTP ceiling: nginx serving a static file the size of the median response, with
# the same wrk settings, in the same run; then the latency when reading at about half of the
# throughput measured. Prints figures and the command. Not a pass/fail test.
# usage: bench/home_timeline.sh [ACCOUNTS] [DURATION_SECONDS]
#   env: CONNECTIONS, THREADS, SEED; SERVER_ARGS, extra `clearwater serve` flags
#   (SERVER_ARGS="--home-pages 0" builds every page afresh: no kept pages, api/home_pages.h)
source "$(dirname "$0")/lib.sh"
ACCOUNTS=${1:-100000}
DURATION=${2:-10}
SEED=${SEED:-7}
WORK=$(mktemp -d)
trap bench_cleanup EXIT
prepare_world_copy "$ACCOUNTS" "$SEED"
start_server "$WORK/data"
url="http://127.0.0.1:$SERVER_PORT"

# Warm the caches the way a running site has them (every member's timeline read a few times, as
# active members' are), then find the median response size.
DURATION=${WARMUP:-5} CONNECTIONS=8 run_wrk "$url" "$BENCH_ROOT/bench/home_timeline.lua" "$WORK/tokens" >/dev/null
sizes=()
while read -r token _; do
  sizes+=("$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" "$url/api/v1/timelines/home?limit=20")")
done < <(head -200 "$WORK/tokens")
median=$(printf '%s\n' "${sizes[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
head -c "$median" /dev/zero | tr '\0' 'x' >"$WORK/static.json"
start_nginx "$WORK/static.json"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

ticks0=$(machine_ticks)
read -r n_rps n_p50 n_p99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/f")
ticks1=$(machine_ticks)
read -r kept0 built0 < <(kept_pages)
cpu0=$(server_cpu)
read -r c_rps c_p50 c_p99 < <(run_wrk "$url" "$BENCH_ROOT/bench/home_timeline.lua" "$WORK/tokens")
cpu_us=$(cpu_per_request "$cpu0" "$(server_cpu)")
ticks2=$(machine_ticks)
memory=$(server_memory)
# Latency at half of that throughput: each connection pauses between requests (wrk's delay(),
# bench/home_timeline.lua), the pause set from a 5 s trial so the rate lands near half.
conns=${CONNECTIONS:-32}
pause=$(awk -v c="$conns" -v r="$c_rps" 'BEGIN {printf "%.3f", 1500 * c / r}')
read -r trial _ < <(DURATION=5 run_wrk "$url" "$BENCH_ROOT/bench/home_timeline.lua" "$WORK/tokens" "" "$pause")
pause=$(awk -v p="$pause" -v c="$conns" -v t="$trial" -v r="$c_rps" \
  'BEGIN {cycle = 1000 * c / t; want = 2000 * c / r; p += want - cycle; printf "%.3f", p < 0 ? 0 : p}')
read -r h_rps h_p50 h_p99 < <(run_wrk "$url" "$BENCH_ROOT/bench/home_timeline.lua" "$WORK/tokens" "" "$pause")
kept=$(kept_share "$kept0" "$built0")
ratio=$(awk -v c="$c_rps" -v n="$n_rps" 'BEGIN {printf "%.2f", c / n}')
echo "world: $ACCOUNTS accounts (seed $SEED); 2000 random members; median response $median bytes"
echo "wrk -t${THREADS:-2} -c${CONNECTIONS:-32} -d${DURATION}s; $(nproc) cores shared by wrk, nginx and the server"
printf '%-34s %12s %10s %10s\n' target requests/s p50 p99
printf '%-34s %12s %10s %10s\n' "nginx static file (ceiling)" "$n_rps" "$n_p50" "$n_p99"
printf '%-34s %12s %10s %10s\n' "clearwater home timeline" "$c_rps" "$c_p50" "$c_p99"
printf '%-34s %12s %10s %10s\n' "clearwater, paced (${pause} ms pauses)" "$h_rps" "$h_p50" "$h_p99"
echo "paced run: $(awk -v h="$h_rps" -v c="$c_rps" 'BEGIN {printf "%.0f%%", 100 * h / c}') of the full throughput"
echo "clearwater / nginx throughput ratio: $ratio; server CPU per request: $cpu_us us; server memory after the run: $memory"
echo "served from kept pages during the run: $kept"
echo "load average before the run: $LOAD_BEFORE"
echo "the machine's CPU during the nginx run: $(machine_share "$ticks0" "$ticks1"); during the clearwater run: $(machine_share "$ticks1" "$ticks2")"
echo "command: ${SERVER_ARGS:+SERVER_ARGS=\"$SERVER_ARGS\" }bench/home_timeline.sh $ACCOUNTS $DURATION"
