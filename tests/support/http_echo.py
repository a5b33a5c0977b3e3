#!/usr/bin/python3
"""A small HTTP server for the Http action's tests (standard library only).

Contract: listens on 127.0.0.1 (--port 0 = any free port), prints ``READY <port>`` as the first
line on stdout once it accepts connections, then serves until SIGTERM/SIGINT or, with
--exit-on-stdin-eof, until stdin closes (so it also ends when the test process dies).

Routes (any method unless noted):
  /echo[/...]             200 JSON {"method", "path", "query": {name: value}, "raw_query",
                          "headers": {name: value}, "body": text, "body_base64"}
  /status/N               N with JSON {"status": N} (no body for 204/304)
  /async/NAME?polls=K&retry=S
                          202 + Location /async/NAME/poll + Retry-After S (default 0); the
                          poll answers 202 (with Location and Retry-After) K-1 more times, then
                          200 {"done": true, "polls": K}
  /slow?seconds=S         waits S seconds, then 200 {"slept": S}
  /redirect?to=URL&code=C C (default 302) with Location URL
  /text                   200 text/plain "hello, wörld"
  /binary                 200 application/octet-stream, bytes 0..255
  /notjson                200 application/json whose body does not parse
  /big?bytes=N            200 application/octet-stream, N bytes of 'x'
  /trigger?status=N&location=URL&retry=S
                          N (default 200) with JSON {"items": [1, 2]} and optional
                          Location/Retry-After headers
  /count                  200 JSON {"requests": number of requests served before this one}
"""

import argparse
import base64
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATE = {"requests": 0, "polls": {}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: tests read stdout
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, body=b"", content_type="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status not in (204, 304):
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status not in (204, 304) and self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self):
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        body = self._body()
        path = url.path
        with LOCK:
            count = STATE["requests"]
            STATE["requests"] += 1
        if path == "/count":
            return self._send(200, {"requests": count})
        if path == "/echo" or path.startswith("/echo/"):
            return self._send(200, {
                "method": self.command, "path": path, "query": q, "raw_query": url.query,
                "headers": {k: v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
                "body_base64": base64.b64encode(body).decode()})
        if path.startswith("/status/"):
            n = int(path.split("/")[2])
            return self._send(n, {"status": n})
        if path.startswith("/async/"):
            parts = path.split("/")
            name = parts[2]
            with LOCK:
                if len(parts) == 3:  # the first call sets the job up: [polls, seen, retry]
                    STATE["polls"][name] = [int(q.get("polls", "1")), 0, q.get("retry", "0")]
                entry = STATE["polls"].setdefault(name, [1, 0, "0"])
                if len(parts) == 4:
                    entry[1] += 1
                done = len(parts) == 4 and entry[1] >= entry[0]
                seen, retry = entry[1], entry[2]
            if done:
                return self._send(200, {"done": True, "polls": seen})
            return self._send(202, {"status": "running"},
                              headers={"Location": f"/async/{name}/poll", "Retry-After": retry})
        if path == "/slow":
            s = float(q.get("seconds", "1"))
            time.sleep(s)
            return self._send(200, {"slept": s})
        if path == "/redirect":
            return self._send(int(q.get("code", "302")), b"",
                              headers={"Location": q.get("to", "/echo")})
        if path == "/text":
            return self._send(200, "hello, wörld".encode(), "text/plain; charset=utf-8")
        if path == "/binary":
            return self._send(200, bytes(range(256)), "application/octet-stream")
        if path == "/notjson":
            return self._send(200, b"{not json", "application/json")
        if path == "/big":
            return self._send(200, b"x" * int(q.get("bytes", "0")), "application/octet-stream")
        if path == "/trigger":
            headers = {}
            if "location" in q:
                headers["Location"] = q["location"]
            if "retry" in q:
                headers["Retry-After"] = q["retry"]
            return self._send(int(q.get("status", "200")), {"items": [1, 2]}, headers=headers)
        return self._send(404, {"error": "no route " + path})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--exit-on-stdin-eof", action="store_true")
    a = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    if a.exit_on_stdin_eof:
        def watch():
            sys.stdin.read()
            server.shutdown()
        threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
