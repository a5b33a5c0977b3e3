#!/usr/bin/python3
# Python smtplib peer for make bench: THREADS threads, each reusing one SMTP session.
# Usage: smtplib_bench.py PORT BYTES SECONDS [THREADS] [WARMUP_SECONDS]
# Each send builds an EmailMessage (text + HTML alternative of BYTES octets, as mailflow sends)
# and sends it; prints "RESULT {json}" with messages/s and p50/p99 latency of one send.
import json
import smtplib
import sys
import threading
import time
from email.message import EmailMessage

from payload import text as payload_text


def build(text: str) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "a@example.com", "b@example.com", "bench"
    m.set_content(text)
    m.add_alternative(f"<p>{text}</p>", subtype="html")
    return m


def run(port: int, text: str, secs: float, threads: int):
    lat, errors, lock = [], [0], threading.Lock()
    end = time.perf_counter() + secs

    def worker():
        with smtplib.SMTP("127.0.0.1", port) as s:
            s.ehlo("bench.example.com")
            while time.perf_counter() < end:
                t0 = time.perf_counter()
                try:
                    s.send_message(build(text))
                except smtplib.SMTPException:
                    with lock:
                        errors[0] += 1
                    continue
                with lock:
                    lat.append((time.perf_counter() - t0) * 1e6)

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return lat, errors[0], time.perf_counter() - t0


def main():
    port, size = int(sys.argv[1]), int(sys.argv[2])
    secs = float(sys.argv[3])
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    warmup = float(sys.argv[5]) if len(sys.argv) > 5 else 2
    text = payload_text(size)
    run(port, text, warmup, threads)
    cpu0 = time.process_time()
    lat, errors, took = run(port, text, secs, threads)
    cpu = time.process_time() - cpu0
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, len(lat) * p // 100)] if lat else 0
    print("RESULT " + json.dumps({
        "label": "smtplib", "sent": len(lat), "errors": errors, "secs": took,
        "rate": len(lat) / took, "cpu_us_per_msg": cpu * 1e6 / max(len(lat), 1), "p50_us": round(pct(50)), "p99_us": round(pct(99))}))


if __name__ == "__main__":
    main()
