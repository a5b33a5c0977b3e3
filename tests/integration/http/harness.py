"""Test harness: a real mailflow server and real SMTP servers, each in its own process.

MailflowServer starts the built binary (MAILFLOW_BIN) on a free port with a fresh data dir;
SmtpServer starts tests/support/smtp_server.py (aiosmtpd) with fault-injection flags. Mail that
arrives is read back with tests/support/parse_mail.py, an independent parser (Python's email).
Standard library only; run with Debian's /usr/bin/python3.
"""
import glob
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

SOURCE_DIR = os.environ.get("MAILFLOW_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SUPPORT = os.path.join(SOURCE_DIR, "tests", "support")
PYTHON = "/usr/bin/python3"


def _wait_line(proc, pattern, timeout=60):
    """Reads proc's stream until a line matches; returns the match."""
    deadline = time.time() + timeout
    seen = []
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        m = re.search(pattern, line)
        if m:
            return m
    raise RuntimeError("process did not print %r; it printed:\n%s" % (pattern, "".join(seen)))


class SmtpServer:
    """tests/support/smtp_server.py with the given flags; .port, .maildir, .messages()."""

    def __init__(self, *flags, port=0, maildir=None):
        """port: 0 = any free one; a fixed one to stand in for a server that was stopped.
        maildir: share another server's mailbox (a server that recovers keeps its mail)."""
        self.dir = tempfile.TemporaryDirectory(prefix="mailflow-smtp-")
        self.maildir = maildir or os.path.join(self.dir.name, "mail")
        os.makedirs(self.maildir, exist_ok=True)
        self.proc = subprocess.Popen(
            [PYTHON, os.path.join(SUPPORT, "smtp_server.py"), "--port", str(port),
             "--maildir", self.maildir, *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = int(_wait_line(self.proc, r"READY (\d+)").group(1))

    def message_files(self):
        return sorted(glob.glob(os.path.join(self.maildir, "new", "*")))

    def wait_messages(self, n, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            files = self.message_files()
            if len(files) >= n:
                return files
            time.sleep(0.05)
        return self.message_files()

    def parsed(self, path):
        out = subprocess.run([PYTHON, os.path.join(SUPPORT, "parse_mail.py"), path],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    def envelope(self, path):
        name = os.path.basename(path)
        with open(os.path.join(self.maildir, "envelopes", name + ".json")) as f:
            return json.load(f)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.proc.stdout.close()
        self.dir.cleanup()


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def error_code(self):
        return (self.json or {}).get("error", {}).get("code")


class MailflowServer:
    """The mailflow binary on 127.0.0.1:<free port>, with its own data dir and admin key."""

    def __init__(self, *extra_args, env=None, data_dir=None):
        """data_dir: reuse a previous server's data (a restart); it is then not deleted at stop."""
        self.bin = os.environ["MAILFLOW_BIN"]
        self.dir = None if data_dir else tempfile.TemporaryDirectory(prefix="mailflow-data-")
        self.data_dir = data_dir or self.dir.name
        e = dict(os.environ, **(env or {}))
        e.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        self.proc = subprocess.Popen(
            [self.bin, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir,
             "--log-level", "info", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=e)
        self.port = int(_wait_line(self.proc, r"listening on http://[^:]+:(\d+)").group(1))
        with open(os.path.join(self.data_dir, "admin.key")) as f:
            self.admin_key = f.read().strip()
        self.conn = None

    def request(self, method, path, body=None, key="admin", headers=None, raw=None):
        """JSON in, Response out. key: "admin" (the bootstrap key), None (no key) or a key."""
        h = dict(headers or {})
        if key == "admin":
            key = self.admin_key
        if key is not None:
            h["Authorization"] = "Bearer " + key
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        if data is not None:
            h.setdefault("Content-Type", "application/json")
        for attempt in range(2):  # a keep-alive connection the server closed: reconnect once
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                out = Response(r.status, {k.lower(): v for k, v in r.getheaders()},
                               r.read().decode("utf-8", "replace"))
                if r.getheader("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return out
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise

    def add_connection(self, name, smtp, **fields):
        body = {"serverAddress": "127.0.0.1", "port": smtp.port, "tls": "none"}
        body.update(fields)
        r = self.request("PUT", "/api/connections/" + name, body)
        assert r.status in (200, 201), r.raw
        return r

    def create_key(self, *scopes):
        r = self.request("POST", "/api/keys", {"name": "test", "scopes": list(scopes)})
        assert r.status == 201, r.raw
        return r.json["key"]

    def stop(self):
        """SIGTERM, and the exit status (0 = clean shutdown, no sanitizer report)."""
        if self.conn:
            self.conn.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.log = self.proc.stdout.read()
        self.proc.stdout.close()
        if rc != 0:  # keep the whole log (sanitizer reports are long) where the test can name it
            self.log_file = tempfile.NamedTemporaryFile("w", prefix="mailflow-log-", suffix=".txt",
                                                        delete=False)
            self.log_file.write(self.log)
            self.log_file.close()
            self.log = "full log in %s\n%s" % (self.log_file.name, self.log[-3000:])
        if self.dir:
            self.dir.cleanup()
        return rc

    def kill(self):
        """SIGKILL: a crash. The data dir stays, for a restart with data_dir=."""
        if self.conn:
            self.conn.close()
            self.conn = None
        self.proc.kill()
        self.proc.wait()
        self.log = self.proc.stdout.read()
        self.proc.stdout.close()

    def wait_message(self, mid, predicate, timeout=30):
        """Polls GET /api/messages/{mid} until predicate(json) holds; returns the last JSON."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            r = self.request("GET", "/api/messages/" + mid)
            if r.status == 200:
                last = r.json
                if predicate(last):
                    return last
            time.sleep(0.1)
        raise AssertionError("message %s never reached the expected state; last: %s" % (mid, last))
