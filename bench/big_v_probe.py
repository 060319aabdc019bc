#!/usr/bin/env python3
"""The Big V scenario's client (bench/big_v.sh): POST /api/v1/statuses latency of a Big V and of an
ordinary member, and whether a Big V post shows on its fans' next home-timeline read.
usage: big_v_probe.py PORT BIG_V_TOKEN ORDINARY_TOKEN FAN_TOKENS_FILE SECONDS ROUNDS
  - warms: every fan in FAN_TOKENS_FILE reads their home timeline once; 20 posts by each poster;
  - samples for SECONDS: the two post in turn, each over its own keep-alive connection;
  - ROUNDS times: the Big V posts, then each fan reads GET /api/v1/timelines/home?limit=20 once
    (one keep-alive connection, right after the post was acknowledged) and looks for the post.
Prints a latency table and the visibility counts."""
import http.client
import json
import sys
import time

port, big_token, ordinary_token, fans_file = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
seconds, rounds = float(sys.argv[5]), int(sys.argv[6])
fans = [line.split()[0] for line in open(fans_file) if line.strip()]
counter = 0


def call(conn, method, path, token, body=None):
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    t = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    res = conn.getresponse()
    data = res.read()
    ms = (time.perf_counter() - t) * 1000
    if res.status != 200:
        sys.exit(f"{method} {path}: HTTP {res.status} {data[:200]!r}")
    return ms, data


def post(conn, token, who):
    global counter
    counter += 1
    ms, data = call(conn, "POST", "/api/v1/statuses", token,
                    {"status": f"#压测# {who} post {counter} 春风又绿江南岸"})
    return ms, json.loads(data)["id"]


def home_ids(conn, token):
    _, data = call(conn, "GET", "/api/v1/timelines/home?limit=20", token)
    return [s["id"] for s in json.loads(data)]


big = http.client.HTTPConnection("127.0.0.1", port)
ordinary = http.client.HTTPConnection("127.0.0.1", port)
reader = http.client.HTTPConnection("127.0.0.1", port)

for token in fans:
    home_ids(reader, token)
for _ in range(20):
    post(big, big_token, "Big V")
    post(ordinary, ordinary_token, "ordinary")

times = {"Big V": [], "ordinary": []}
end = time.monotonic() + seconds
while time.monotonic() < end:
    times["Big V"].append(post(big, big_token, "Big V")[0])
    times["ordinary"].append(post(ordinary, ordinary_token, "ordinary")[0])


def pct(sorted_ms, p):
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p))]


print(f"{'poster':<10} {'samples':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
medians = {}
for who, ms in times.items():
    ms.sort()
    medians[who] = pct(ms, 0.5)
    print(f"{who:<10} {len(ms):>8} {pct(ms, 0.5):>8.1f} {pct(ms, 0.9):>8.1f} {pct(ms, 0.99):>8.1f} "
          f"{sum(ms) / len(ms):>8.1f}")
print(f"Big V / ordinary: median {medians['Big V'] / medians['ordinary']:.2f}, "
      f"mean {sum(times['Big V']) / sum(times['ordinary']):.2f}")

seen = first = checked = 0
for _ in range(rounds):
    _, post_id = post(big, big_token, "Big V")
    for token in fans:
        ids = home_ids(reader, token)
        checked += 1
        seen += post_id in ids
        first += bool(ids) and ids[0] == post_id
print(f"next home-timeline read after a Big V post: {seen} of {checked} fan reads showed it "
      f"({rounds} posts x {len(fans)} fans; as the newest item in {first})")
