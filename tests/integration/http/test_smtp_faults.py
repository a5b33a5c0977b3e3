"""Every SMTP failure answers with the documented HTTP status, code and stage (DESIGN.md's
error table), against a real aiosmtpd server told to fail, and the service stays up."""
import os
import subprocess
import tempfile
import unittest

from harness import SUPPORT, MailflowServer, SmtpServer
from test_api import ApiTestCase

MSG = {"From": "a@example.com", "To": "b@example.com", "Subject": "s", "Body": "<p>x</p>"}


class Faults(ApiTestCase):
    def fault(self, name, *flags, **conn):
        smtp = SmtpServer(*flags)
        self.addCleanup(smtp.stop)
        self.mf.add_connection(name, smtp, **conn)
        return smtp

    def send(self, name, body=MSG):
        return self.mf.request("POST", "/apim/smtp/%s/SendEmailV3" % name, body)

    def assertSmtp(self, r, status, code, stage, reply=None, enhanced=None):
        self.assertError(r, status, code)
        smtp = r.json["error"]["smtp"]
        self.assertEqual(smtp["stage"], stage, r.raw)
        if reply is not None:
            self.assertEqual(smtp["reply"], reply, r.raw)
        if enhanced is not None:
            self.assertEqual(smtp["enhanced"], enhanced, r.raw)

    def test_auth_success_and_535(self):
        self.fault("authok", "--auth-user", "u", "--auth-password", "right", "--require-auth",
                   userName="u", password="right")
        self.assertEqual(self.send("authok").status, 200)
        self.fault("authbad", "--auth-user", "u", "--auth-password", "right", "--require-auth",
                   userName="u", password="wrong-password-xyz")
        r = self.send("authbad")
        self.assertSmtp(r, 401, "SmtpAuthenticationFailed", "AUTH", 535, "5.7.8")
        self.assertNotIn("wrong-password-xyz", r.raw)

    def test_greeting_421(self):
        self.fault("greet", "--greeting-code", "421")
        r = self.send("greet")
        self.assertEqual(r.status, 502, r.raw)
        self.assertEqual(r.json["error"]["smtp"]["reply"], 421)

    def test_rcpt_partial_and_total_refusal(self):
        self.fault("rcpt", "--rcpt-fail", "bad@example.com=550", "--rcpt-fail", "later@example.com=451")
        r = self.send("rcpt", dict(MSG, To="b@example.com; bad@example.com; later@example.com"))
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json["accepted"], ["b@example.com"])
        rejected = {x["address"]: x for x in r.json["rejected"]}
        self.assertEqual(rejected["bad@example.com"]["reply"], 550)
        self.assertEqual(rejected["bad@example.com"]["enhanced"], "5.1.1")
        self.assertEqual(rejected["later@example.com"]["reply"], 451)
        r = self.send("rcpt", dict(MSG, To="bad@example.com"))
        self.assertSmtp(r, 502, "SmtpRejected", "RCPT", 550, "5.1.1")

    def test_policy_refusal_is_403(self):
        self.fault("policy", "--rcpt-fail", "b@example.com=550 5.7.1 Relaying denied")
        self.assertSmtp(self.send("policy"), 403, "SmtpPolicyRefused", "RCPT", 550, "5.7.1")

    def test_552_at_data_is_413(self):
        self.fault("big", "--data-code", "552")
        self.assertSmtp(self.send("big"), 413, "SmtpMessageTooLarge", "MESSAGE", 552, "5.3.4")

    def test_drop_mid_data_is_502(self):
        self.fault("drop", "--drop-mid-data")
        r = self.send("drop")
        self.assertError(r, 502, "SmtpUnreachable")

    def test_stall_is_504(self):
        self.fault("stall", "--stall-at", "rcpt", timeoutSeconds=1)
        self.assertSmtp(self.send("stall"), 504, "SmtpTimeout", "RCPT")

    def test_per_stage_timeout_setting(self):
        self.fault("stall2", "--stall-at", "data", timeouts={"commandSeconds": 1})
        r = self.send("stall2")
        self.assertSmtp(r, 504, "SmtpTimeout", "DATA")
        self.assertIn("timeouts.commandSeconds", r.json["error"]["message"])

    def test_unreachable_is_502(self):
        self.mf.request("PUT", "/api/connections/down",
                        {"serverAddress": "127.0.0.1", "port": 1, "tls": "none"})
        self.assertSmtp(self.send("down"), 502, "SmtpUnreachable", "CONNECT")

    def test_service_survives_faults(self):
        self.assertEqual(self.mf.request("GET", "/healthz", key=None).status, 200)


class Tls(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certs = tempfile.TemporaryDirectory(prefix="mailflow-certs-")
        subprocess.run(["bash", os.path.join(SUPPORT, "make_certs.sh"), cls.certs.name], check=True,
                       capture_output=True)
        c = cls.certs.name
        cls.ca, cls.cert, cls.key = (os.path.join(c, n) for n in ("ca.pem", "server.pem", "server.key"))

    @classmethod
    def tearDownClass(cls):
        cls.certs.cleanup()
        super().tearDownClass()

    def server(self, mode):
        smtp = SmtpServer("--tls", mode, "--cert", self.cert, "--key", self.key,
                          "--auth-user", "u", "--auth-password", "p")
        self.addCleanup(smtp.stop)
        return smtp

    def test_starttls_verified_with_ca(self):
        smtp = self.server("starttls")
        self.mf.add_connection("st", smtp, tls="starttls", serverAddress="localhost", caFile=self.ca,
                               userName="u", password="p")
        t = self.mf.request("POST", "/api/connections/st/test")
        self.assertEqual(t.status, 200, t.raw)
        self.assertEqual(t.json["tls"], "starttls")
        self.assertTrue(t.json["tlsVersion"].startswith("TLSv1."))
        self.assertTrue(t.json["ok"])
        r = self.mf.request("POST", "/apim/smtp/st/SendEmailV3", MSG)
        self.assertEqual(r.status, 200, r.raw)
        env = smtp.envelope(smtp.wait_messages(1)[0])
        self.assertTrue(env["tls"])

    def test_implicit_tls(self):
        smtp = self.server("implicit")
        self.mf.add_connection("imp", smtp, tls="implicit", serverAddress="localhost", caFile=self.ca)
        self.assertEqual(self.mf.request("POST", "/apim/smtp/imp/SendEmailV3", MSG).status, 200)

    def test_unknown_ca_fails_then_no_verify_passes(self):
        smtp = self.server("starttls")
        self.mf.add_connection("noca", smtp, tls="starttls", serverAddress="localhost")
        r = self.mf.request("POST", "/apim/smtp/noca/SendEmailV3", MSG)
        self.assertError(r, 502, "SmtpTlsFailed")
        self.assertEqual(r.json["error"]["smtp"]["stage"], "TLS")
        self.mf.add_connection("noverify", smtp, tls="starttls", serverAddress="localhost",
                               verifyCertificate=False)
        self.assertEqual(self.mf.request("POST", "/apim/smtp/noverify/SendEmailV3", MSG).status, 200)

    def test_starttls_required_but_missing(self):
        plain = SmtpServer()
        self.addCleanup(plain.stop)
        self.mf.add_connection("req", plain, tls="starttls")
        r = self.mf.request("POST", "/apim/smtp/req/SendEmailV3", MSG)
        self.assertError(r, 502, "SmtpTlsFailed")


if __name__ == "__main__":
    unittest.main()
