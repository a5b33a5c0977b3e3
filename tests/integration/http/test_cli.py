"""The `mailflow` command as a client of a running server: connections, keys, send (with an
attachment and an inline part), and errors reported with a non-zero exit status."""
import base64
import json
import os
import subprocess
import tempfile
import time
import unittest

from harness import SmtpServer
from test_api import ApiTestCase


class Cli(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer()
        cls.files = tempfile.TemporaryDirectory(prefix="mailflow-cli-")

    @classmethod
    def tearDownClass(cls):
        cls.smtp.stop()
        cls.files.cleanup()
        super().tearDownClass()

    def cli(self, *args, key=None):
        env = dict(os.environ, MAILFLOW_API_KEY=key or self.mf.admin_key)
        return subprocess.run([self.mf.bin, *args, "--server", "http://127.0.0.1:%d" % self.mf.port],
                              capture_output=True, text=True, env=env, timeout=60)

    def test_connections_and_send(self):
        r = self.cli("connections", "add", "clidev", "--host", "127.0.0.1",
                     "--port", str(self.smtp.port), "--tls", "none")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"hasPassword": false', r.stdout)
        self.assertIn("clidev", self.cli("connections", "list").stdout)
        pdf = os.path.join(self.files.name, "report.pdf")
        png = os.path.join(self.files.name, "logo.png")
        with open(pdf, "wb") as f:
            f.write(bytes(range(256)))
        with open(png, "wb") as f:
            f.write(b"\x89PNG")
        r = self.cli("send", "--connection", "clidev", "--from", "a@example.com",
                     "--to", "b@example.com;c@example.com", "--subject", "CLI ✓", "--html",
                     "--body", "<p>hi <img src='cid:logo'></p>", "--importance", "High",
                     "--attach", pdf, "--inline", png + ":logo")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("messageId", r.stdout)
        msg = self.smtp.parsed(self.smtp.wait_messages(1)[-1])
        self.assertEqual(msg["subject"], "CLI ✓")
        att = {a["filename"]: a for a in msg["attachments"]}
        self.assertEqual(base64.b64decode(att["report.pdf"]["base64"]), bytes(range(256)))
        self.assertEqual(att["report.pdf"]["content_type"], "application/pdf")
        self.assertEqual(att["logo.png"]["content_id"], "<logo>")
        self.assertEqual(self.cli("connections", "rm", "clidev").returncode, 0)

    def test_async_send_and_messages(self):
        self.mf.add_connection("cliq", self.smtp)
        r = self.cli("send", "--connection", "cliq", "--from", "a@example.com", "--to", "q@example.com",
                     "--subject", "queued by the CLI", "--async", "--idempotency-key", "cli-1")
        self.assertEqual(r.returncode, 0, r.stderr)
        accepted = json.loads(r.stdout)
        self.assertEqual(accepted["status"], "queued")
        again = json.loads(self.cli("send", "--connection", "cliq", "--from", "a@example.com",
                                    "--to", "q@example.com", "--subject", "queued by the CLI",
                                    "--async", "--idempotency-key", "cli-1").stdout)
        self.assertEqual(again["id"], accepted["id"])
        self.mf.wait_message(accepted["id"], lambda m: m["status"] == "sent")
        shown = json.loads(self.cli("messages", "show", accepted["id"]).stdout)
        self.assertEqual(shown["recipients"][0]["address"], "q@example.com")
        listed = json.loads(self.cli("messages", "list", "--connection", "cliq", "--status", "sent").stdout)
        self.assertEqual([m["id"] for m in listed["value"]], [accepted["id"]])
        r = self.cli("messages", "cancel", accepted["id"])
        self.assertEqual(r.returncode, 1)
        self.assertIn("only queued or retrying messages can be cancelled", r.stderr)
        r = self.cli("messages", "retry", "01ARZ3NDEKTSV4RRFFQ69G5FAV")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no message", r.stderr)

    def test_workflows_deploy_run_and_history(self):
        self.mf.add_connection("cliwf", self.smtp)
        path = os.path.join(self.files.name, "hello.json")
        with open(path, "w") as f:  # a bare definition: the CLI wraps it as {"definition": ...}
            json.dump({"triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
                       "actions": {"Mail": {"type": "ApiConnection", "runAfter": {},
                                            "inputs": {"host": {"connection": {"referenceName": "cliwf"}},
                                                       "method": "post", "path": "/SendEmailV2",
                                                       "body": {"From": "a@example.com", "To": "w@example.com",
                                                                "Subject": "@{triggerBody()?['s']}"}}}}}, f)
        r = self.cli("workflows", "deploy", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["name"], "hello")
        r = self.cli("workflows", "run", "hello", "--body", '{"s": "from the CLI"}')
        self.assertEqual(r.returncode, 0, r.stderr)
        run_id = json.loads(r.stdout)["runs"][0]
        deadline = time.time() + 20
        while time.time() < deadline:
            run = json.loads(self.cli("workflows", "runs", "hello", "--run", run_id).stdout)
            if run["status"] != "Running":
                break
            time.sleep(0.2)
        self.assertEqual(run["status"], "Succeeded", run)
        self.assertEqual(run["actions"]["Mail"]["status"], "Succeeded")
        url = json.loads(self.cli("workflows", "callback-url", "hello").stdout)
        self.assertIn("sig=", url["value"])
        self.assertEqual(self.cli("workflows", "disable", "hello").returncode, 0)
        r = self.cli("workflows", "run", "hello")
        self.assertEqual(r.returncode, 1)
        self.assertIn("disabled", r.stderr)
        self.assertEqual(self.cli("workflows", "rm", "hello").returncode, 0)
        self.assertEqual(self.cli("workflows", "show", "hello").returncode, 1)

    def test_errors_exit_non_zero_with_the_message(self):
        r = self.cli("send", "--connection", "nosuch", "--from", "a@example.com", "--to", "b@example.com")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no connection named 'nosuch'", r.stderr)
        self.assertIn("404", r.stderr)
        r = self.cli("connections", "list", key="mf_not_a_key")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Unauthorized", r.stderr)

    def test_keys(self):
        r = self.cli("keys", "create", "ci", "--scope", "send")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"key": "mf_', r.stdout)
        self.assertIn("ci", self.cli("keys", "list").stdout)


if __name__ == "__main__":
    unittest.main()
