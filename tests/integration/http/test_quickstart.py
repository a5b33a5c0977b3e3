"""The README's quick start, end to end: scripts/dev-run.sh (what `make run` runs after building)
starts the dev inbox and mailflow, and the `curl` it prints lands a mail in var/dev-inbox/new/."""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import SOURCE_DIR


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuickStart(unittest.TestCase):
    def test_printed_curl_delivers_to_the_dev_inbox(self):
        data = tempfile.TemporaryDirectory(prefix="mailflow-quickstart-")
        self.addCleanup(data.cleanup)
        env = dict(os.environ, MAILFLOW_DATA_DIR=os.path.join(data.name, "var"),
                   MAILFLOW_LISTEN="127.0.0.1:%d" % free_port(), DEV_INBOX_PORT=str(free_port()))
        proc = subprocess.Popen(["bash", os.path.join(SOURCE_DIR, "scripts", "dev-run.sh")],
                                cwd=SOURCE_DIR, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.addCleanup(lambda: os.killpg(proc.pid, signal.SIGTERM) if proc.poll() is None else None)
        out = []
        deadline = time.time() + 60
        while time.time() < deadline:
            line = proc.stdout.readline()
            out.append(line)
            if line.strip().startswith("ls "):
                break
        text = "".join(out)
        m = re.search(r"(curl -sS .*?)\n\n", text, re.S)
        self.assertIsNotNone(m, text)
        sent = subprocess.run(["bash", "-c", m.group(1)], cwd=SOURCE_DIR, env=env,
                              capture_output=True, text=True, timeout=60)
        self.assertIn('"accepted":["you@example.com"]', sent.stdout, sent.stdout + sent.stderr)
        inbox = os.path.join(env["MAILFLOW_DATA_DIR"], "dev-inbox", "new")
        self.assertEqual(len(os.listdir(inbox)), 1)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        proc.stdout.close()


if __name__ == "__main__":
    unittest.main()
