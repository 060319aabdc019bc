#!/usr/bin/env python3
"""Checks `clearwater analytics cascade` against an independent reading of the raw CED files.

usage: tools/ced_cascade_check.py CLEARWATER DATA_DIR CED_DIR [NAME ...]

DATA_DIR holds `clearwater import ced CED_DIR`. For each original (all, or the NAMEs given) it
runs the command and compares size, depth and breadth with the figures computed here from the
repost file, following the importer's rules: an item whose text starts with 回复@ is a comment;
a forward of a comment hangs on the comment's post; a repeated mid or an unusable date is skipped.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile


def figures(ced, name):
    for d in ('rumor-repost', 'non-rumor-repost'):
        path = os.path.join(ced, d, name + '.json')
        if os.path.exists(path):
            break
    root_mid = name.split('_')[1]
    by_mid, items = {}, []
    for it in json.load(open(path, encoding='utf-8')):
        if it['mid'] in by_mid:
            continue
        if not re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', it.get('date') or ''):
            continue
        by_mid[it['mid']] = it
        items.append(it)

    def is_comment(it):
        return (it.get('text') or '').startswith('回复@')

    levels = {}

    def level(it):  # forwards below the original on the way to `it`; None if cut off
        path, cur = [], it
        while True:
            m = cur['mid']
            if m in levels:
                base = levels[m]
                break
            parent = cur.get('parent') or ''
            if m in (p['mid'] for p in path):
                base = None
                break
            path.append(cur)
            if parent in ('', root_mid):
                base = 0
                break
            if parent not in by_mid:
                base = None
                break
            cur = by_mid[parent]
        for p in reversed(path):
            if base is not None and not is_comment(p):
                base += 1
            levels[p['mid']] = base
        return levels[it['mid']]

    found = [lv for lv in (level(it) for it in items if not is_comment(it)) if lv is not None]
    depth = max(found, default=0)
    counts = collections.Counter(found)
    return {'size': len(found), 'depth': depth, 'breadth': [counts[i] for i in range(1, depth + 1)]}


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, data, ced = sys.argv[1:4]
    names = sys.argv[4:] or sorted(f[:-5] for f in os.listdir(os.path.join(ced, 'original-microblog')))
    matched, total = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'cascade.json')
        for name in names:
            subprocess.run([binary, 'analytics', 'cascade', '--data', data, '--post', name, '--json', out],
                           check=True, stdout=subprocess.DEVNULL)
            got = json.load(open(out))
            want = figures(ced, name)
            total += got['size']
            if {k: got[k] for k in want} == want:
                matched += 1
            else:
                print(f'{name}: clearwater {got["size"]} {got["depth"]} {got["breadth"]}, raw {want}')
    print(f'{matched} of {len(names)} cascades match; {total} forwards in all')
    return 0 if matched == len(names) else 1


if __name__ == '__main__':
    sys.exit(main())
