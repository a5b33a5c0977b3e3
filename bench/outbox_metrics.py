#!/usr/bin/python3
# bench/run.sh's view of mailflow's outbox through GET /metrics (Prometheus text).
#   outbox_metrics.py snap  BASE_URL   -> one JSON object: the counters and gauges below
#   outbox_metrics.py drain BASE_URL T -> polls until no message is queued, sending or retrying
#                                         (at most T seconds), then prints the snapshot plus "t"
#                                         (time.time() when the queue was seen empty) and "polls"
# The bearer key comes from MAILFLOW_KEY. Polling takes the store's lock for a moment (the depth
# gauge is a COUNT query), so it runs every 50 ms only while draining, never during wrk's phase.
import json
import os
import re
import sys
import time
import urllib.request

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')

# name in the snapshot -> (metric, required labels); values are summed over other labels.
WANTED = {
    "commits": ("mailflow_outbox_commits_total", {}),
    "writes": ("mailflow_outbox_writes_total", {}),
    "accepted_async": ("mailflow_messages_accepted_total", {"mode": "async"}),
    "accepted_sync": ("mailflow_messages_accepted_total", {"mode": "sync"}),
    "sent": ("mailflow_messages_finished_total", {"status": "sent"}),
    "failed": ("mailflow_messages_finished_total", {"status": "failed"}),
    "expired": ("mailflow_messages_finished_total", {"status": "expired"}),
    "queued": ("mailflow_outbox_messages", {"status": "queued"}),
    "sending": ("mailflow_outbox_messages", {"status": "sending"}),
    "retrying": ("mailflow_outbox_messages", {"status": "retrying"}),
}


def snap(base: str) -> dict:
    req = urllib.request.Request(base + "/metrics",
                                 headers={"Authorization": "Bearer " + os.environ["MAILFLOW_KEY"]})
    text = urllib.request.urlopen(req, timeout=10).read().decode()
    out = {k: 0.0 for k in WANTED}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m or line.startswith("#"):
            continue
        name, labels, value = m.group(1), dict(LABEL.findall(m.group(2) or "")), float(m.group(3))
        for key, (metric, need) in WANTED.items():
            if name == metric and all(labels.get(k) == v for k, v in need.items()):
                out[key] += value
    out = {k: int(v) for k, v in out.items()}
    out["depth"] = out["queued"] + out["sending"] + out["retrying"]
    return out


def drain(base: str, limit: float) -> dict:
    deadline, polls = time.time() + limit, 0
    while True:
        s = snap(base)
        polls += 1
        now = time.time()
        if s["depth"] == 0 or now > deadline:
            s.update(t=now, polls=polls, drained=s["depth"] == 0)
            return s
        time.sleep(0.05)


def main():
    cmd, base = sys.argv[1], sys.argv[2]
    if cmd == "snap":
        s = snap(base)
        s["t"] = time.time()
    elif cmd == "drain":
        s = drain(base, float(sys.argv[3]))
    else:
        sys.exit(f"unknown command {cmd}")
    print(json.dumps(s))


if __name__ == "__main__":
    main()
