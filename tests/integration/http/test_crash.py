"""The outbox's promise under a crash: a load of async sends, kill -9 of mailflow in the middle,
a restart on the same data; every message that got a 202 arrives (counted by Message-ID at the
SMTP server). Duplicates are possible only for messages that were being sent at the kill; the
test reports how many there were."""
import collections
import email.parser
import http.client
import json
import os
import threading
import time
import unittest

from harness import MailflowServer, SmtpServer

SENDERS = 8
KILL_AFTER = 150  # 202s before the kill


def message_ids(smtp):
    """Message-ID → how many copies arrived, read by Python's own email parser."""
    counts = collections.Counter()
    parser = email.parser.BytesHeaderParser()
    for path in smtp.message_files():
        with open(path, "rb") as f:
            counts[parser.parse(f)["Message-ID"]] += 1
    return counts


class CrashTest(unittest.TestCase):
    def test_kill_9_mid_load_loses_nothing(self):
        smtp = SmtpServer()
        mf = MailflowServer("--outbox-poll-ms", "100")
        data_dir = mf.data_dir
        keep = mf.dir  # the restarted server reuses the data; delete it at the end
        mf.add_connection("load", smtp)
        accepted, lock, stop = {}, threading.Lock(), threading.Event()

        def sender(n):
            conn = http.client.HTTPConnection("127.0.0.1", mf.port, timeout=30)
            i = 0
            while not stop.is_set():
                body = json.dumps({"From": "load@example.com", "To": "sink@example.com",
                                   "Subject": "load %d-%d" % (n, i), "Body": "x" * 2000})
                try:
                    conn.request("POST", "/apim/smtp/load/SendEmailV3", body=body, headers={
                        "Authorization": "Bearer " + mf.admin_key, "Prefer": "respond-async",
                        "Content-Type": "application/json"})
                    r = conn.getresponse()
                    data = r.read()
                except (OSError, http.client.HTTPException):
                    return  # the server died under this request: it got no 202
                if r.status == 202:
                    a = json.loads(data)
                    with lock:
                        accepted[a["messageId"]] = a["id"]
                i += 1

        threads = [threading.Thread(target=sender, args=(n,)) for n in range(SENDERS)]
        for t in threads:
            t.start()
        deadline = time.time() + 60
        while len(accepted) < KILL_AFTER and time.time() < deadline:
            time.sleep(0.01)
        mf.kill()
        stop.set()
        for t in threads:
            t.join()
        self.assertGreaterEqual(len(accepted), KILL_AFTER, "the load did not get going")
        before_restart = message_ids(smtp)

        mf2 = MailflowServer("--outbox-poll-ms", "100", data_dir=data_dir)
        try:
            deadline = time.time() + 120
            while time.time() < deadline:
                arrived = message_ids(smtp)
                if all(mid in arrived for mid in accepted):
                    break
                time.sleep(0.2)
            arrived = message_ids(smtp)
            lost = [mid for mid in accepted if mid not in arrived]
            duplicates = {mid: n for mid, n in arrived.items() if n > 1}
            print("\ncrash test: %d accepted before kill -9, %d delivered before it, %d lost, "
                  "%d duplicated (being sent at the kill)" %
                  (len(accepted), sum(1 for m in accepted if m in before_restart), len(lost),
                   len(duplicates)))
            self.assertEqual(lost, [], "messages answered 202 never arrived")
            # Only messages leased at the kill can be sent twice: at most the dispatcher's slots.
            self.assertLessEqual(len(duplicates), 32)
            statuses = collections.Counter()
            for mid, id_ in accepted.items():
                statuses[mf2.request("GET", "/api/messages/" + id_).json["status"]] += 1
            self.assertEqual(statuses, {"sent": len(accepted)})
        finally:
            rc = mf2.stop()
            smtp.stop()
            keep.cleanup()
        self.assertEqual(rc, 0, mf2.log[-3000:])


class GracefulStop(unittest.TestCase):
    def test_sigterm_leaves_the_rest_queued_and_restart_sends_it(self):
        stalled = SmtpServer("--stall-at", "message")
        mf = MailflowServer("--outbox-poll-ms", "100", "--outbox-concurrency", "1", "--shutdown-grace", "1")
        keep, mf.dir = mf.dir, None  # the data outlives this server: the restart reads it
        try:
            mf.add_connection("slow", stalled, timeoutSeconds=300)
            ids = []
            for i in range(2):
                r = mf.request("POST", "/apim/smtp/slow/SendEmailV3",
                               {"From": "a@example.com", "To": "b@example.com", "Subject": "s%d" % i},
                               headers={"Prefer": "respond-async"})
                self.assertEqual(r.status, 202, r.raw)
                ids.append(r.json)
            mf.wait_message(ids[0]["id"], lambda m: m["status"] == "sending")
            self.assertEqual(mf.request("GET", "/api/messages/" + ids[1]["id"]).json["status"], "queued")
            started = time.time()
            rc = mf.stop()
            self.assertEqual(rc, 0, mf.log[-3000:])
            self.assertLess(time.time() - started, 20, "the grace period bounds the stop")
            port = stalled.port
            stalled.stop()
            up = SmtpServer(port=port)
            mf = MailflowServer("--outbox-poll-ms", "100", data_dir=keep.name)
            try:
                for a in ids:
                    m = mf.wait_message(a["id"], lambda m: m["status"] == "sent")
                    self.assertEqual(m["messageId"], a["messageId"])
                self.assertEqual(sorted(message_ids(up)), sorted(a["messageId"] for a in ids))
            finally:
                self.assertEqual(mf.stop(), 0, mf.log[-3000:])
                up.stop()
        finally:
            keep.cleanup()


if __name__ == "__main__":
    unittest.main()
