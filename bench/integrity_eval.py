#!/usr/bin/env python3
"""Scores a scan (clearwater integrity scan --json) against a ground-truth labels file.

usage: integrity_eval.py SCAN.json LABELS.jsonl [--accounts N]
Prints precision, recall and F1 per label (zombie, water_army, spam_bot), and the share of
organic accounts given any label. Accounts are matched by external_id (handle when absent).
"""
import json
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    scan = json.load(open(sys.argv[1]))
    truth = {}
    for line in open(sys.argv[2]):
        line = line.strip()
        if not line or line.startswith('//'):
            continue
        o = json.loads(line)
        if o.get('type') == 'label' and o.get('label') != 'organic':
            truth[o['account']] = o['label']
    found = {}
    for a in scan['accounts']:
        name = a.get('external_id') or a['handle']
        if a['labels']:
            found[name] = set(a['labels'])
    total = scan.get('summary', {}).get('accounts', 0)
    organic = total - len(truth)
    flagged_organic = sum(1 for n in found if n not in truth)
    print(f"accounts {total}, adversaries {len(truth)}, flagged {len(found)}")
    for label in ('zombie', 'water_army', 'spam_bot'):
        actual = {n for n, l in truth.items() if l == label}
        predicted = {n for n, ls in found.items() if label in ls}
        tp = len(actual & predicted)
        p = tp / len(predicted) if predicted else 1.0
        r = tp / len(actual) if actual else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:11s} truth {len(actual):6d} flagged {len(predicted):6d} "
              f"precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    if organic > 0:
        print(f"organic accounts flagged: {flagged_organic} of {organic} "
              f"({100.0 * flagged_organic / organic:.2f}%)")


if __name__ == '__main__':
    main()
