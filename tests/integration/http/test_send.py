"""Send Email V1/V2/V3 end to end: HTTP → mailflow → a real aiosmtpd → an independent parser.
Every field arrives intact; every SMTP failure answers the documented status and stage."""
import base64
import unittest

from harness import MailflowServer, SmtpServer
from test_api import ApiTestCase

ALL_BYTES = bytes(range(256)) * 4


class SendToRealServer(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer("--dsn")
        cls.mf.add_connection("plain", cls.smtp)

    @classmethod
    def tearDownClass(cls):
        cls.smtp.stop()
        super().tearDownClass()

    def send(self, body, op="SendEmailV3", conn="plain", **kw):
        return self.mf.request("POST", "/apim/smtp/%s/%s" % (conn, op), body, **kw)

    def sent_one(self, r):
        """The one message that arrived for answer r: (parsed, envelope)."""
        self.assertEqual(r.status, 200, r.raw)
        mid = r.json["messageId"]
        for path in reversed(self.smtp.wait_messages(1)):
            parsed = self.smtp.parsed(path)
            if parsed["message_id"] == mid:
                self.assertEqual(parsed["defects"], [])
                self.assertEqual(parsed["bare_lf"], 0)
                self.assertLessEqual(parsed["max_line"], 998)
                return parsed, self.smtp.envelope(path)
        self.fail("message %s did not arrive" % mid)

    def test_v3_every_field(self):
        r = self.send({
            "From": "张三 <zhang@example.com>",
            "To": "a@example.com; \"Last, First\" <b@example.com>",
            "CC": "c@example.com",
            "Bcc": "hidden@example.com",
            "Subject": "季度报告 — Quarterly report ✓",
            "Body": "<h1>Hello</h1><p>See the <b>report</b>.</p><img src=\"cid:logo\">",
            "Importance": "High",
            "ReadReceipt": "receipts@example.com",
            "Attachments": [
                {"FileName": "报告.bin", "ContentType": "application/octet-stream",
                 "ContentData": base64.b64encode(ALL_BYTES).decode()},
                {"FileName": "logo.png", "ContentType": "image/png", "ContentId": "logo",
                 "ContentData": base64.b64encode(b"\x89PNG fake image").decode()},
            ]})
        msg, env = self.sent_one(r)
        self.assertEqual(sorted(r.json["accepted"]),
                         ["a@example.com", "b@example.com", "c@example.com", "hidden@example.com"])
        self.assertEqual(r.json["rejected"], [])
        self.assertEqual(msg["subject"], "季度报告 — Quarterly report ✓")
        self.assertEqual(msg["from"], [{"name": "张三", "address": "zhang@example.com"}])
        self.assertEqual([a["address"] for a in msg["to"]], ["a@example.com", "b@example.com"])
        self.assertEqual(msg["to"][1]["name"], "Last, First")
        self.assertEqual([a["address"] for a in msg["cc"]], ["c@example.com"])
        self.assertNotIn("hidden@example.com", str(msg["headers"]))
        self.assertIn("hidden@example.com", str(env))
        self.assertEqual(msg["importance"]["importance"].lower(), "high")
        self.assertTrue(msg["importance"]["x_priority"].startswith("1"))
        self.assertEqual(msg["importance"]["x_msmail_priority"], "High")
        self.assertEqual(msg["disposition_notification_to"][0]["address"], "receipts@example.com")
        self.assertIn("<b>report</b>", msg["html"])
        self.assertIn("report", msg["text"])
        self.assertNotIn("<b>", msg["text"])
        by_name = {a["filename"]: a for a in msg["attachments"]}
        self.assertEqual(base64.b64decode(by_name["报告.bin"]["base64"]), ALL_BYTES)
        self.assertEqual(by_name["报告.bin"]["disposition"], "attachment")
        logo = by_name["logo.png"]
        self.assertEqual(logo["content_id"], "<logo>")
        self.assertEqual(base64.b64decode(logo["base64"]), b"\x89PNG fake image")
        self.assertIn("multipart/related", str(msg["tree"]))

    def test_v2_plain_text(self):
        r = self.send({"From": "a@example.com", "To": "b@example.com", "Subject": "plain",
                       "Body": "line one\n.leading dot\nline three", "IsHtml": False}, "SendEmailV2")
        msg, _ = self.sent_one(r)
        self.assertEqual(msg["tree"]["content_type"], "text/plain")
        self.assertIsNone(msg["html"])
        self.assertIn(".leading dot", msg["text"])

    def test_v1_attachment_as_is(self):
        r = self.send({"From": "a@example.com", "To": "b@example.com", "Subject": "v1",
                       "Body": "x", "IsHtml": False,
                       "Attachments": [{"FileName": "notes.txt", "ContentType": "text/plain",
                                        "ContentTransferEncoding": "none",
                                        "ContentData": "not base64, as is: äöü"}]}, "SendEmail")
        msg, _ = self.sent_one(r)
        data = base64.b64decode(msg["attachments"][0]["base64"]).decode("utf-8")
        self.assertEqual(data, "not base64, as is: äöü")

    def test_binary_object_content(self):
        r = self.send({"From": "a@example.com", "To": "b@example.com", "Body": "<p>x</p>",
                       "Attachments": [{"FileName": "r.pdf", "ContentType": "application/pdf",
                                        "ContentData": {"$content-type": "application/pdf",
                                                        "$content": base64.b64encode(b"%PDF-1.4").decode()}}]})
        msg, _ = self.sent_one(r)
        self.assertEqual(base64.b64decode(msg["attachments"][0]["base64"]), b"%PDF-1.4")

    def test_delivery_receipt_asks_for_dsn(self):
        r = self.send({"From": "a@example.com", "To": "b@example.com", "Body": "x",
                       "DeliveryReceipt": "a@example.com"})
        _, env = self.sent_one(r)
        self.assertIn("NOTIFY=SUCCESS,FAILURE", str(env).upper())

    def test_bad_input_sends_nothing(self):
        before = len(self.smtp.message_files())
        ok = {"From": "a@example.com", "To": "b@example.com", "Body": "x"}
        cases = [
            ({"From": "a@example.com"}, "InvalidRequest", "To"),
            ({"To": "b@example.com"}, "InvalidRequest", "From"),
            (dict(ok, To="no-at-sign"), "InvalidAddress", "To"),
            (dict(ok, To="has space@example.com"), "InvalidAddress", "To"),
            (dict(ok, Subject="hi\r\nBcc: victim@example.com"), "HeaderInjection", "Subject"),
            (dict(ok, From="a@example.com\nX: y"), "HeaderInjection", "From"),
            (dict(ok, Importance="Urgent"), "InvalidRequest", "Importance"),
            (dict(ok, To=42), "InvalidRequest", "To"),
            (dict(ok, Attachments=[{"FileName": "a.bin", "ContentData": "AAAA"}]),
             "InvalidRequest", "Attachments[0].ContentType"),
            (dict(ok, Attachments=[{"FileName": "a.bin", "ContentType": "application/pdf",
                                    "ContentData": "***not base64***"}]),
             "InvalidBase64", "Attachments[0].ContentData"),
            (dict(ok, Attachments=[{"FileName": "a\r\nb.txt", "ContentType": "text/plain",
                                    "ContentData": "x"}]),
             "HeaderInjection", "Attachments[0].FileName"),
            (dict(ok, To=";".join("r%d@example.com" % i for i in range(501))),
             "TooManyRecipients", None),
        ]
        for body, code, field in cases:
            with self.subTest(code=code, field=field):
                self.assertError(self.send(body), 400, code, field)
        self.assertError(self.mf.request("POST", "/apim/smtp/plain/SendEmailV3", raw="{oops"),
                         400, "InvalidJson")
        self.assertEqual(len(self.smtp.message_files()), before)

    def test_unknown_connection_is_404(self):
        r = self.send({"From": "a@example.com", "To": "b@example.com"}, conn="nosuch")
        self.assertError(r, 404, "NotFound")


if __name__ == "__main__":
    unittest.main()
