"""The durable outbox end to end: 'Prefer: respond-async' → 202 → delivered by the dispatcher to a
real SMTP server that the test makes fail and recover. Every status a message can take is
reached here: queued, sending (seen through leases in test_crash), retrying, sent, failed,
expired, cancelled; idempotent replays; rate limits; the status and list API; /metrics."""
import base64
import json
import os
import socket
import subprocess
import tempfile
import time
import unittest

from harness import MailflowServer, SmtpServer
from test_api import ApiTestCase

ASYNC = {"Prefer": "respond-async"}


def mail(to="b@example.com", subject="hello", **extra):
    body = {"From": "a@example.com", "To": to, "Subject": subject, "Body": "<p>hi</p>"}
    body.update(extra)
    return body


class OutboxCase(ApiTestCase):
    # Look for due retries often, so that 1-second backoffs are seen quickly.
    server_args = ("--outbox-poll-ms", "100")

    def send(self, body, conn, headers=None, op="SendEmailV3"):
        return self.mf.request("POST", "/apim/smtp/%s/%s" % (conn, op), body, headers=headers)

    def accepted(self, r):
        self.assertEqual(r.status, 202, r.raw)
        self.assertEqual(r.json["status"], "queued")
        self.assertEqual(r.headers["location"], "/api/messages/" + r.json["id"])
        return r.json

    def arrived(self, smtp, message_id, n=1, timeout=20):
        """Paths of the mails with this Message-ID at smtp, once n of them arrived."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = [p for p in smtp.message_files() if smtp.parsed(p)["message_id"] == message_id]
            if len(got) >= n:
                return got
            time.sleep(0.1)
        self.fail("%s did not arrive %d time(s) at port %d" % (message_id, n, smtp.port))


class WithServer(OutboxCase):
    """One well-behaved SMTP server for the class, behind the connection "good"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer()
        cls.mf.add_connection("good", cls.smtp)

    @classmethod
    def tearDownClass(cls):
        cls.smtp.stop()
        super().tearDownClass()


class Delivery(WithServer):

    def test_accepted_then_sent_with_the_same_message_id(self):
        a = self.accepted(self.send(mail(to="x@example.com; y@example.com"), "good", ASYNC))
        m = self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
        self.assertEqual(m["messageId"], a["messageId"])
        self.assertEqual(m["connection"], "good")
        self.assertFalse(m["synchronous"])
        self.assertEqual([(r["address"], r["status"], r["reply"]) for r in m["recipients"]],
                         [("x@example.com", "sent", 250), ("y@example.com", "sent", 250)])
        self.assertEqual(len(m["attempts"]), 1)
        self.assertEqual(m["attempts"][0]["result"], "sent")
        self.assertIsNone(m["nextAttemptAt"])
        [path] = self.arrived(self.smtp, a["messageId"])
        self.assertEqual(sorted(self.smtp.envelope(path)["rcpt_tos"]), ["x@example.com", "y@example.com"])

    def test_synchronous_send_is_recorded(self):
        r = self.send(mail(), "good")
        self.assertEqual(r.status, 200, r.raw)
        # The record joins the next group commit; the 200 does not wait for it.
        m = self.mf.wait_message(r.json["id"], lambda m: True)
        self.assertEqual(m["status"], "sent")
        self.assertTrue(m["synchronous"])
        self.assertEqual(m["messageId"], r.json["messageId"])
        self.assertEqual(m["attempts"][0]["result"], "sent")
        # A synchronous send is not retried or cancelled from the queue: the caller decided.
        self.assertError(self.mf.request("POST", "/api/messages/%s/retry" % r.json["id"]), 409, "Conflict")

    def test_bad_input_is_refused_before_the_queue(self):
        before = self.mf.request("GET", "/api/messages?limit=500").json["value"]
        r = self.send({"From": "a@example.com", "To": "not an address"}, "good", ASYNC)
        self.assertError(r, 400, "InvalidAddress")
        self.assertError(self.send(mail(), "nosuch", ASYNC), 404, "NotFound")
        after = self.mf.request("GET", "/api/messages?limit=500").json["value"]
        self.assertEqual(len(after), len(before))

    def test_sent_message_cannot_be_retried_or_cancelled(self):
        a = self.accepted(self.send(mail(), "good", ASYNC))
        self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
        self.assertError(self.mf.request("POST", "/api/messages/%s/retry" % a["id"]), 409, "Conflict")
        self.assertError(self.mf.request("DELETE", "/api/messages/" + a["id"]), 409, "Conflict")

    def test_unknown_message_is_404(self):
        for method, path in (("GET", ""), ("POST", "/retry"), ("DELETE", "")):
            r = self.mf.request(method, "/api/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV" + path)
            self.assertError(r, 404, "NotFound")

    def test_list_filters_and_pages(self):
        ids = [self.accepted(self.send(mail(subject="page %d" % i), "good", ASYNC))["id"] for i in range(5)]
        for i in ids:
            self.mf.wait_message(i, lambda m: m["status"] == "sent")
        seen, link = [], "/api/messages?limit=2&connection=good&status=sent"
        while link:
            page = self.mf.request("GET", link).json
            self.assertLessEqual(len(page["value"]), 2)
            seen += [m["id"] for m in page["value"]]
            link = page["nextLink"]
        self.assertEqual(seen, sorted(seen, reverse=True), "newest first")
        self.assertTrue(set(ids) <= set(seen))
        self.assertEqual(len(seen), len(set(seen)), "no message twice across pages")
        self.assertError(self.mf.request("GET", "/api/messages?status=lost"), 400, "InvalidRequest", "status")
        self.assertError(self.mf.request("GET", "/api/messages?limit=0"), 400, "InvalidRequest", "limit")
        self.assertError(self.mf.request("GET", "/api/messages?before=x"), 400, "InvalidRequest", "before")

    def test_read_key_reads_send_key_acts(self):
        reader = self.mf.create_key("read")
        a = self.accepted(self.send(mail(), "good", ASYNC))
        self.assertEqual(self.mf.request("GET", "/api/messages/" + a["id"], key=reader).status, 200)
        self.assertError(self.mf.request("DELETE", "/api/messages/" + a["id"], key=reader), 403, "Forbidden")
        self.assertError(self.mf.request("GET", "/api/messages/" + a["id"], key=None), 401, "Unauthorized")


class Interrupted(OutboxCase):
    def test_request_cut_mid_body_stores_nothing(self):
        smtp = SmtpServer()
        try:
            self.mf.add_connection("cut", smtp)
            body = json.dumps(mail()).encode()
            s = socket.create_connection(("127.0.0.1", self.mf.port))
            s.sendall(b"POST /apim/smtp/cut/SendEmailV3 HTTP/1.1\r\nHost: x\r\n"
                      b"Authorization: Bearer " + self.mf.admin_key.encode() + b"\r\n"
                      b"Prefer: respond-async\r\nContent-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n" % len(body) + body[: len(body) // 2])
            time.sleep(0.3)
            s.close()
            time.sleep(0.5)
            r = self.mf.request("GET", "/api/messages?connection=cut")
            self.assertEqual(r.json["value"], [])
            self.assertEqual(smtp.message_files(), [])
        finally:
            smtp.stop()


class DiskFull(unittest.TestCase):
    """The data directory on a 4 MB tmpfs: a message that does not fit is a 503 and leaves
    nothing behind; once there is room again, sending works. Needs root (mount); skipped else."""

    def setUp(self):
        self.mnt = tempfile.mkdtemp(prefix="mailflow-full-")
        if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", self.mnt],
                                               capture_output=True).returncode != 0:
            os.rmdir(self.mnt)
            self.skipTest("cannot mount a small tmpfs here (needs root)")
        self.smtp = SmtpServer()
        self.mf = MailflowServer(data_dir=self.mnt)

    def tearDown(self):
        rc = self.mf.stop()
        self.smtp.stop()
        subprocess.run(["umount", self.mnt])
        os.rmdir(self.mnt)
        self.assertEqual(rc, 0, self.mf.log[-3000:])

    def test_full_disk_is_503_and_changes_nothing(self):
        self.mf.add_connection("tiny", self.smtp)
        filler = os.path.join(self.mnt, "filler")
        with open(filler, "wb") as f:  # leave about 300 KB
            free = os.statvfs(self.mnt).f_bavail * os.statvfs(self.mnt).f_frsize
            f.write(b"\0" * max(0, free - 300 * 1024))
        big = mail(Attachments=[{"Name": "big.bin", "ContentType": "application/octet-stream", "ContentData": base64.b64encode(os.urandom(1 << 20)).decode()}])
        r = self.mf.request("POST", "/apim/smtp/tiny/SendEmailV3", big, headers=ASYNC)
        self.assertEqual(r.status, 503, r.raw)
        self.assertEqual(r.error_code(), "Unavailable")
        os.remove(filler)
        self.assertEqual(self.mf.request("GET", "/api/messages").json["value"], [], "nothing half-written")
        r = self.mf.request("POST", "/apim/smtp/tiny/SendEmailV3", mail(), headers=ASYNC)
        self.assertEqual(r.status, 202, r.raw)
        self.mf.wait_message(r.json["id"], lambda m: m["status"] == "sent")


class Idempotency(WithServer):

    def test_async_replay_sends_once(self):
        h = dict(ASYNC, **{"Idempotency-Key": "order-1001"})
        first = self.send(mail(subject="once"), "good", h)
        a = self.accepted(first)
        again = self.send(mail(subject="once"), "good", h)
        self.assertEqual(again.status, 202)
        self.assertEqual(again.json, first.json)
        self.assertEqual(again.headers.get("idempotent-replayed"), "true")
        self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
        time.sleep(0.5)
        self.assertEqual(len(self.arrived(self.smtp, a["messageId"])), 1)
        other = self.send(mail(subject="another body"), "good", h)
        self.assertError(other, 409, "Conflict")

    def test_sync_replay_sends_once(self):
        h = {"Idempotency-Key": "sync-7"}
        first = self.send(mail(subject="sync once"), "good", h)
        self.assertEqual(first.status, 200, first.raw)
        again = self.send(mail(subject="sync once"), "good", h)
        self.assertEqual(again.status, 200)
        self.assertEqual(again.json, first.json)
        time.sleep(0.3)
        self.assertEqual(len(self.arrived(self.smtp, first.json["messageId"])), 1)
        # The same key as an async request is another request: 409, nothing sent.
        self.assertError(self.send(mail(subject="sync once"), "good", dict(ASYNC, **h)), 409, "Conflict")

    def test_keys_are_scoped_to_the_api_key(self):
        other = self.mf.create_key("send", "read")
        h = dict(ASYNC, **{"Idempotency-Key": "shared-name"})
        a = self.accepted(self.send(mail(subject="k1"), "good", h))
        r = self.mf.request("POST", "/apim/smtp/good/SendEmailV3", mail(subject="k2"), key=other, headers=h)
        b = self.accepted(r)
        self.assertNotEqual(a["id"], b["id"])

    def test_bad_key_is_400(self):
        r = self.send(mail(), "good", {"Idempotency-Key": "has space"})
        self.assertError(r, 400, "InvalidRequest", "Idempotency-Key")


class Retries(OutboxCase):
    """A server that defers, refuses, or is down; then one that recovers on the same port."""

    def connection(self, name, smtp, **retry):
        retry.setdefault("initialDelaySeconds", 1)
        retry.setdefault("maxDelaySeconds", 2)
        self.mf.add_connection(name, smtp, retry=retry)

    def test_deferred_then_sent_after_recovery(self):
        down = SmtpServer("--rcpt-fail", "b@example.com=451 4.3.0 try later")
        self.connection("flaky", down)
        a = self.accepted(self.send(mail(), "flaky", ASYNC))
        m = self.mf.wait_message(a["id"], lambda m: m["status"] == "retrying")
        self.assertEqual(m["attempts"][0]["result"], "deferred")
        self.assertEqual(m["attempts"][0]["reply"], 451)
        self.assertEqual(m["attempts"][0]["enhanced"], "4.3.0")
        self.assertEqual(m["recipients"][0]["status"], "deferred")
        self.assertIsNotNone(m["nextAttemptAt"])
        port = down.port
        down.stop()  # down altogether for a moment: connection refused is soft too
        time.sleep(1.5)
        up = SmtpServer(port=port)
        try:
            m = self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
            self.assertGreaterEqual(len(m["attempts"]), 2)
            self.assertEqual(m["attempts"][-1]["result"], "sent")
            self.assertEqual(len(self.arrived(up, a["messageId"])), 1, "same Message-ID on the retry")
        finally:
            up.stop()

    def test_permanent_refusal_fails_without_retry(self):
        smtp = SmtpServer("--rcpt-fail", "b@example.com=550 5.1.1 no such user")
        try:
            self.connection("refuses", smtp)
            a = self.accepted(self.send(mail(), "refuses", ASYNC))
            m = self.mf.wait_message(a["id"], lambda m: m["status"] == "failed")
            self.assertEqual(len(m["attempts"]), 1)
            self.assertEqual(m["recipients"][0]["status"], "failed")
            self.assertEqual(m["recipients"][0]["reply"], 550)
            self.assertEqual(m["recipients"][0]["enhanced"], "5.1.1")
            time.sleep(1.5)
            self.assertEqual(len(self.mf.request("GET", "/api/messages/" + a["id"]).json["attempts"]), 1)
        finally:
            smtp.stop()

    def test_partial_success_retries_only_the_deferred_recipient(self):
        flaky = SmtpServer("--rcpt-fail", "late@example.com=452 4.2.2 mailbox full")
        self.connection("partial", flaky)
        a = self.accepted(self.send(mail(to="ok@example.com, late@example.com"), "partial", ASYNC))
        m = self.mf.wait_message(a["id"], lambda m: m["status"] == "retrying")
        self.assertEqual({r["address"]: r["status"] for r in m["recipients"]},
                         {"ok@example.com": "sent", "late@example.com": "deferred"})
        self.assertEqual(m["attempts"][0]["result"], "partial")
        [first] = self.arrived(flaky, a["messageId"])
        self.assertEqual(flaky.envelope(first)["rcpt_tos"], ["ok@example.com"])
        port = flaky.port
        flaky.stop()
        up = SmtpServer(port=port)
        try:
            m = self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
            [second] = self.arrived(up, a["messageId"])
            self.assertEqual(up.envelope(second)["rcpt_tos"], ["late@example.com"],
                             "a recipient that was sent is not sent again")
        finally:
            up.stop()

    def test_lifetime_ends_in_expired(self):
        smtp = SmtpServer("--rcpt-fail", "b@example.com=451 4.4.1 later")
        try:
            self.connection("short", smtp, lifetimeSeconds=2)
            a = self.accepted(self.send(mail(), "short", ASYNC))
            m = self.mf.wait_message(a["id"], lambda m: m["status"] == "expired", timeout=30)
            self.assertEqual(m["recipients"][0]["status"], "expired")
            self.assertGreaterEqual(len(m["attempts"]), 2, "tried again within its lifetime")
            self.assertTrue(all(x["result"] == "deferred" for x in m["attempts"]))
        finally:
            smtp.stop()

    def test_greeting_421_and_drop_mid_data_are_soft(self):
        for flag in (("--greeting-code", "421"), ("--drop-mid-data",)):
            smtp = SmtpServer(*flag)
            try:
                name = "soft" + flag[0].replace("-", "")
                self.connection(name, smtp, initialDelaySeconds=3600, maxDelaySeconds=3600)
                a = self.accepted(self.send(mail(), name, ASYNC))
                m = self.mf.wait_message(a["id"], lambda m: m["status"] == "retrying")
                self.assertEqual(m["attempts"][0]["result"], "deferred", flag)
                self.assertTrue(m["attempts"][0]["error"], flag)
                self.assertEqual(self.mf.request("DELETE", "/api/messages/" + a["id"]).status, 200)
            finally:
                smtp.stop()

    def test_cancel_then_retry_a_waiting_message(self):
        smtp = SmtpServer("--rcpt-fail", "b@example.com=451 4.4.1 later")
        self.connection("slow", smtp, initialDelaySeconds=3600, maxDelaySeconds=3600)
        a = self.accepted(self.send(mail(), "slow", ASYNC))
        self.mf.wait_message(a["id"], lambda m: m["status"] == "retrying")
        r = self.mf.request("DELETE", "/api/messages/" + a["id"])
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json["status"], "cancelled")
        self.assertError(self.mf.request("DELETE", "/api/messages/" + a["id"]), 409, "Conflict")
        port = smtp.port
        smtp.stop()
        up = SmtpServer(port=port)
        try:
            r = self.mf.request("POST", "/api/messages/%s/retry" % a["id"])
            self.assertEqual(r.status, 200, r.raw)
            self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
            self.assertEqual(len(self.arrived(up, a["messageId"])), 1)
        finally:
            up.stop()

    def test_failed_message_can_be_retried_after_a_fix(self):
        smtp = SmtpServer("--rcpt-fail", "b@example.com=550 5.7.1 not allowed")
        self.connection("fixable", smtp)
        a = self.accepted(self.send(mail(), "fixable", ASYNC))
        self.mf.wait_message(a["id"], lambda m: m["status"] == "failed")
        port = smtp.port
        smtp.stop()
        up = SmtpServer(port=port)
        try:
            self.assertEqual(self.mf.request("POST", "/api/messages/%s/retry" % a["id"]).status, 200)
            m = self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
            self.assertEqual(len(m["attempts"]), 2)
        finally:
            up.stop()


class RateLimits(OutboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer()

    @classmethod
    def tearDownClass(cls):
        cls.smtp.stop()
        super().tearDownClass()

    def test_sync_over_the_limit_is_429_with_retry_after(self):
        self.mf.add_connection("limited", self.smtp, rateLimit={"calls": 2, "periodSeconds": 60})
        for _ in range(2):
            self.assertEqual(self.send(mail(), "limited").status, 200)
        r = self.send(mail(), "limited")
        self.assertError(r, 429, "RateLimited")
        self.assertGreaterEqual(int(r.headers["retry-after"]), 1)
        self.assertLessEqual(int(r.headers["retry-after"]), 30)

    def test_queued_mail_is_paced_not_refused(self):
        self.mf.add_connection("paced", self.smtp, rateLimit={"calls": 2, "periodSeconds": 3600})
        ids = [self.accepted(self.send(mail(subject="p%d" % i), "paced", ASYNC))["id"] for i in range(4)]
        time.sleep(2)
        states = [self.mf.request("GET", "/api/messages/" + i).json for i in ids]
        self.assertEqual(sorted(m["status"] for m in states), ["queued", "queued", "sent", "sent"])
        for m in states:
            if m["status"] == "queued":
                self.assertEqual(m["attempts"], [], "waiting for a token is not an attempt")
                self.assertIsNotNone(m["nextAttemptAt"])


class Metrics(WithServer):

    def test_prometheus_text_parses_and_counts(self):
        from prometheus_client.parser import text_string_to_metric_families
        a = self.accepted(self.send(mail(), "good", ASYNC))
        self.mf.wait_message(a["id"], lambda m: m["status"] == "sent")
        self.assertEqual(self.send(mail(), "good").status, 200)
        r = self.mf.request("GET", "/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["content-type"].startswith("text/plain; version=0.0.4"))
        fams = {f.name: f for f in text_string_to_metric_families(r.raw)}

        def value(family, suffix="", **labels):
            for s in fams[family].samples:
                if s.name == family + suffix and all(s.labels.get(k) == v for k, v in labels.items()):
                    return s.value
            return None

        self.assertEqual(value("mailflow_messages_accepted", "_total", connection="good", mode="async"), 1)
        self.assertEqual(value("mailflow_messages_accepted", "_total", connection="good", mode="sync"), 1)
        self.assertEqual(value("mailflow_messages_finished", "_total", connection="good", status="sent"), 2)
        self.assertEqual(value("mailflow_smtp_attempts", "_total", connection="good", result="sent"), 1)
        self.assertEqual(value("mailflow_smtp_attempt_duration_seconds", "_count", connection="good"), 1)
        self.assertEqual(value("mailflow_outbox_messages", status="queued"), 0)
        self.assertIsNotNone(value("mailflow_outbox_oldest_waiting_seconds"))
        self.assertGreaterEqual(value("mailflow_outbox_commits", "_total"), 1)
        self.assertGreaterEqual(value("mailflow_http_requests", "_total",
                                      route="/apim/smtp/{connection}/SendEmailV3", status="202"), 1)
        self.assertIsNotNone(value("mailflow_smtp_pool_sessions", connection="good", state="open"))
        self.assertEqual(self.mf.request("GET", "/readyz").status, 200)
        self.assertError(self.mf.request("GET", "/metrics", key=None), 401, "Unauthorized")


if __name__ == "__main__":
    unittest.main()
