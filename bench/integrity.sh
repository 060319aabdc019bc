#!/usr/bin/env bash
# Integrity detectors against ground truth: generates a world of N accounts with the standard
# adversaries (3% zombie fans in farms, 1% water army in crews, 0.5% spam bots) and its labels
# file, imports it, scans it with the combined detector and with the FRAUDAR-only baseline, and
# prints precision, recall and F1 per label, with the scan's time and peak memory. With CED=DIR,
# also imports the real Weibo cascades into a fresh store and reports how many accounts the
# detectors flag there (they are organic).
#
# usage: bench/integrity.sh [ACCOUNTS=110000 (about 3.2M follows)] [SEED=7]
source "$(dirname "$0")/lib.sh"
N=${1:-110000}
SEED=${2:-7}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
bench_tools

echo "# bench/integrity.sh $N $SEED"
start=$SECONDS
"$BIN" gen --accounts "$N" --seed "$SEED" --adversaries standard --out "$WORK/world.jsonl" \
  --labels "$WORK/labels.jsonl"
echo "generated in $((SECONDS - start)) s"
start=$SECONDS
"$BIN" import world "$WORK/world.jsonl" --data "$WORK/data" >/dev/null 2>&1
echo "imported in $((SECONDS - start)) s"
rm -f "$WORK/world.jsonl"

for mode in combined fraudar-only; do
  flags=(--dry-run)
  [[ $mode == fraudar-only ]] && flags+=(--fraudar-only)
  echo
  echo "## $mode: $BIN integrity scan --data DIR --json FILE ${flags[*]}"
  "$BIN" integrity scan --data "$WORK/data" --json "$WORK/scan-$mode.json" "${flags[@]}" |
    grep -E "scan finished|labelled"
  python3 "$BENCH_ROOT/bench/integrity_eval.py" "$WORK/scan-$mode.json" "$WORK/labels.jsonl"
done

if [[ -n ${CED:-} ]]; then
  echo
  echo "## real Weibo cascades: $BIN import ced $CED; $BIN integrity scan --dry-run"
  "$BIN" import ced "$CED" --data "$WORK/ced" >/dev/null 2>&1
  "$BIN" integrity scan --data "$WORK/ced" --json "$WORK/ced.json" --dry-run | grep -E "labelled|finished"
  python3 - "$WORK/ced.json" <<'PY'
import json, sys
scan = json.load(open(sys.argv[1]))
total = scan['summary']['accounts']
for label in ('zombie', 'water_army', 'spam_bot'):
    n = sum(1 for a in scan['accounts'] if label in a['labels'])
    print(f"{label:11s} flagged {n} of {total} accounts ({100.0 * n / total:.3f}%)")
PY
fi
