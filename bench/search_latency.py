#!/usr/bin/env python3
"""Sequential GET /api/v2/search latency per query class, over one keep-alive connection.
usage: search_latency.py PORT [ROUNDS]  -> a table of median / p99 / mean matches per class."""
import http.client
import json
import sys
import time
import urllib.parse

CLASSES = {
    # Words of the generated text, then words of the real Weibo cascades (CED), when imported.
    "one word": ["有人", "记录", "留学", "电影", "哈哈", "谣言", "医院"],
    "two words": ["有人 一起", "电影 记录", "手机 笑死", "高考 有人", "房价 记录", "谣言 转发"],
    "phrase": ['"有人一起吗"', '"记录一下"', '"笑死我了"', '"有人一起"', '"一起吗"', '"转发微博"'],
}

port = int(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
conn = http.client.HTTPConnection("127.0.0.1", port)


def run(q):
    path = "/api/v2/search?type=statuses&limit=20&q=" + urllib.parse.quote(q)
    t = time.perf_counter()
    conn.request("GET", path)
    res = conn.getresponse()
    body = res.read()
    ms = (time.perf_counter() - t) * 1000
    if res.status != 200:
        sys.exit(f"{q}: HTTP {res.status} {body[:200]!r}")
    return ms, len(json.loads(body)["statuses"])


for queries in CLASSES.values():  # warm the caches once
    for q in queries:
        run(q)
print(f"{'class':<10} {'samples':>8} {'median ms':>10} {'p99 ms':>8} {'results':>8}")
for name, queries in CLASSES.items():
    times, found = [], []
    for _ in range(rounds):
        for q in queries:
            ms, n = run(q)
            times.append(ms)
            found.append(n)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{name:<10} {len(times):>8} {times[len(times) // 2]:>10.1f} {p99:>8.1f} "
          f"{sum(found) / len(found):>8.1f}")
