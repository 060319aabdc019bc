#!/usr/bin/env bash
# Campaign seeding on a generated world: generates and imports a world of N accounts (cached in
# bench/.cache, as the other benches do; 1.1 M accounts give 31 M follows), then runs
# `clearwater analytics seed` with k = K and prints the run's figures beside the two baselines,
# and the command. THREADS (default 1) and SIMULATIONS (default 1000) are passed on; EXTRA adds
# flags (e.g. EXTRA="--topic NAME" or "--budget 500 --cost fans").
#
# usage: bench/seeding.sh [ACCOUNTS=1100000] [SEED=7] [K=50]
source "$(dirname "$0")/lib.sh"
N=${1:-1100000}
SEED=${2:-7}
K=${3:-50}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
[[ -x $BIN ]] || (cd "$BENCH_ROOT" && make build >/dev/null)
DATA=$(bench_world "$N" "$SEED")

# shellcheck disable=SC2206
cmd=("$BIN" analytics seed --data "$DATA" --k "$K" --json "$WORK/run.json"
     --threads "${THREADS:-1}" --simulations "${SIMULATIONS:-1000}" --seed "$SEED" ${EXTRA:-})
echo "# bench/seeding.sh $N $SEED $K"
echo "# ${cmd[*]}"
/usr/bin/time -v "${cmd[@]}" >"$WORK/out.txt" 2>"$WORK/time.txt"
grep -E "Elapsed|Maximum resident" "$WORK/time.txt"
python3 - "$WORK/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["graph"]
print(f"graph: {g['accounts']:,} accounts, {g['edges']:,} follows, {g['forwards']:,} forwards "
      f"(load {r['load_ms'] / 1000:.1f} s, model {r['model_ms'] / 1000:.1f} s)")
print(f"{r['algorithm']}: {len(r['seeds'])} seeds in {r['runtime_ms'] / 1000:.1f} s, "
      f"{r['rr_sets']:,} RR sets in {r['rounds']} rounds, approximation {r['approximation']:.3f} "
      f"(target {r['guarantee']:.3f}{', capped' if r['capped'] else ''})")
print(f"expected reach over {r['simulations']} simulations ({r['simulation_ms'] / 1000:.1f} s):")
rows = [("chosen", r["expected_reach"], r["reach_stderr"])]
for name, b in r["baselines"].items():
    rows.append((name, b["expected_reach"], b["reach_stderr"]))
for name, mean, se in rows:
    print(f"  {name:14s} {mean:10.1f} ± {se:.1f}")
print(f"peak memory {r['peak_memory_mb']:.0f} MB")
PY
