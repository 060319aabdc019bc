#!/usr/bin/env python3
"""Writes a world (../shared/world-format.md) holding one post with a large forward cascade, for
bench/cascade_api.sh: N forwarders, each forwarding the root or an earlier forward (preferring
recent and popular ones), each with FANS fans drawn from a pool of N * 2 other accounts.

usage: cascade_api.py N FANS SEED OUT
"""
import json
import random
import sys


def main():
    n, fans, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    pool = n * 2
    t0 = 1_700_000_000_000
    with open(out, "w", encoding="utf-8") as f:
        def w(obj):
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        w({"type": "account", "id": "brand", "handle": "brand", "created_at": t0})
        for i in range(n):
            w({"type": "account", "id": f"f{i}", "handle": f"f{i}", "created_at": t0})
        for i in range(pool):
            w({"type": "account", "id": f"p{i}", "handle": f"p{i}", "created_at": t0})
        at = t0 + 1000
        for i in range(fans * 10):
            w({"type": "follow", "from": f"p{rng.randrange(pool)}", "to": "brand", "at": at})
        for i in range(n):
            for _ in range(fans):
                w({"type": "follow", "from": f"p{rng.randrange(pool)}", "to": f"f{i}", "at": at})
        at += 1000
        w({"type": "post", "id": "root", "author": "brand", "text": "#新品# 春茶上市，转发抽奖", "at": at})
        ids = ["root"]
        for i in range(n):
            at += rng.randint(1, 3000)
            # Half the forwards go to the root, the rest to a recent forward (chains form).
            parent = "root" if rng.random() < 0.5 or len(ids) == 1 else ids[max(1, len(ids) - 1 - int(rng.expovariate(1 / 50)))]
            fid = f"w{i}"
            w({"type": "forward", "id": fid, "author": f"f{i}", "parent": parent, "text": "", "at": at})
            ids.append(fid)


if __name__ == "__main__":
    main()
