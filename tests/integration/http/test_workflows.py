"""The workflow runtime end to end: real Logic Apps definitions deployed over the API, fired by
their triggers (signed callback URL, by hand, Recurrence, Http polling), their mail delivered to a
real aiosmtpd server and read back by the independent parser, and their run history checked
action by action. Also: deploy-time errors with their JSON paths, bad input at run time, a dead
SMTP server under a retry policy, kill -9 in the middle of a run, redeploys, and the examples/
files (so they stay valid)."""
import copy
import glob
import json
import os
import socket
import subprocess
import time
import urllib.parse
import unittest
from urllib.parse import urlsplit

from harness import PYTHON, SOURCE_DIR, SUPPORT, MailflowServer, SmtpServer, _wait_line
from test_api import ApiTestCase

TERMINAL = ("Succeeded", "Failed", "Cancelled", "TimedOut", "Aborted", "Skipped")
CONNECTIONS = {"$connections": {"value": {"smtp": {
    "connectionId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/out",
    "connectionName": "out", "id": "/subscriptions/s/providers/Microsoft.Web/locations/x/managedApis/smtp"}}}}
SMTP_HOST = {"connection": {"name": "@parameters('$connections')['smtp']['connectionId']"}}


def definition(actions, triggers=None, parameters=None):
    """A Consumption definition as the designer exports it."""
    return {
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
                   "2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "parameters": dict({"$connections": {"type": "Object", "defaultValue": {}}}, **(parameters or {})),
        "triggers": triggers or {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}},
        "actions": actions,
        "outputs": {},
    }


def consumption(actions, triggers=None, parameters=None):
    return {"definition": definition(actions, triggers, parameters), "parameters": copy.deepcopy(CONNECTIONS)}


def send_v3(to, subject, body="<p>hello</p>", run_after=None, **extra):
    action = {"type": "ApiConnection", "runAfter": run_after or {}, "inputs": {
        "host": SMTP_HOST, "method": "post", "path": "/SendEmailV3",
        "body": {"From": "flow@example.com", "To": to, "Subject": subject, "Body": body}}}
    action.update(extra)
    return action


def every_second():
    return {"frequency": "Second", "interval": 1}


class HttpEcho:
    """tests/support/http_echo.py on a free port; .url(path)."""

    def __init__(self):
        self.proc = subprocess.Popen([PYTHON, os.path.join(SUPPORT, "http_echo.py"), "--port", "0",
                                      "--exit-on-stdin-eof"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = int(_wait_line(self.proc, r"READY (\d+)").group(1))

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def count(self):
        """Requests this server answered so far (not counting this one)."""
        import urllib.request
        with urllib.request.urlopen(self.url("/count"), timeout=10) as r:
            return json.load(r)["requests"]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.proc.stdin.close()
        self.proc.stdout.close()


def closed_port():
    """A port nothing listens on (bound, then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class WorkflowCase(ApiTestCase):
    """A mailflow server (retry waits scaled down), an SMTP server behind connection "out"."""
    server_args = ("--workflow-retry-scale", "0.01")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer()
        cls.mf.add_connection("out", cls.smtp)

    @classmethod
    def tearDownClass(cls):
        cls.smtp.stop()
        super().tearDownClass()

    # --- deploy and fire -------------------------------------------------------------------

    def deploy(self, name, body, status=201):
        r = self.mf.request("PUT", "/api/workflows/" + name, body)
        self.assertEqual(r.status, status, r.raw)
        return r.json

    def callback_path(self, name, trigger="manual"):
        """The callback URL's path and query (the host part is checked separately)."""
        r = self.mf.request("GET", "/api/workflows/%s/triggers/%s/callbackUrl" % (name, trigger))
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json["method"], "POST")
        u = urlsplit(r.json["value"])
        return u.path + "?" + u.query

    def invoke(self, name, body=None, trigger="manual", raw=None, headers=None):
        """POST to the signed callback URL without an API key."""
        return self.mf.request("POST", self.callback_path(name, trigger), body, key=None, raw=raw,
                               headers=headers)

    def fire(self, name, body=None, trigger="manual"):
        """POST .../triggers/{t}/run: the run ids."""
        r = self.mf.request("POST", "/api/workflows/%s/triggers/%s/run" % (name, trigger), body or {})
        self.assertEqual(r.status, 202, r.raw)
        self.assertTrue(r.json["fired"], r.raw)
        return r.json["runs"]

    def wait_run(self, name, run_id, timeout=30):
        """The run once it has finished."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            r = self.mf.request("GET", "/api/workflows/%s/runs/%s" % (name, run_id))
            self.assertEqual(r.status, 200, r.raw)
            last = r.json
            if last["status"] in TERMINAL:
                return last
            time.sleep(0.1)
        self.fail("run %s of %s did not finish; last: %s" % (run_id, name, json.dumps(last)[:3000]))

    def fire_and_wait(self, name, body=None, trigger="manual", timeout=30):
        [run_id] = self.fire(name, body, trigger)
        return self.wait_run(name, run_id, timeout)

    def runs(self, name, **query):
        q = "&".join("%s=%s" % kv for kv in query.items())
        r = self.mf.request("GET", "/api/workflows/%s/runs%s" % (name, "?" + q if q else ""))
        self.assertEqual(r.status, 200, r.raw)
        return r.json["value"]

    # --- mail ------------------------------------------------------------------------------

    def mail_with_subject(self, subject, n=1, timeout=20):
        """The parsed mails with this subject, once n of them arrived (and then a moment more, so
        a duplicate would be seen)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = [(p, self.smtp.parsed(p)) for p in self.smtp.message_files()]
            got = [(p, m) for p, m in got if m["subject"] == subject]
            if len(got) >= n:
                return got
            time.sleep(0.1)
        self.fail("%d mail(s) with subject %r did not arrive" % (n, subject))

    def assertActionsSucceeded(self, run, names):
        for n in names:
            self.assertIn(n, run["actions"], json.dumps(run)[:2000])
            self.assertEqual(run["actions"][n]["status"], "Succeeded", json.dumps(run["actions"][n]))


CONTACT_SCHEMA = {"type": "object", "properties": {
    "name": {"type": "string"}, "email": {"type": "string"}, "topic": {"type": "string"},
    "message": {"type": "string"}}, "required": ["name", "email", "topic"]}


def contact_router():
    """Request → ParseJson → InitializeVariable → Switch (SetVariable per case) → SendEmailV3 →
    Response: a contact form routed to a team by topic."""
    return consumption({
        "Parse_JSON": {"type": "ParseJson", "runAfter": {},
                       "inputs": {"content": "@triggerBody()", "schema": CONTACT_SCHEMA}},
        "Initialize_team": {"type": "InitializeVariable", "runAfter": {"Parse_JSON": ["Succeeded"]},
                            "inputs": {"variables": [{"name": "team", "type": "string",
                                                      "value": "info@example.com"}]}},
        "Route": {"type": "Switch", "runAfter": {"Initialize_team": ["Succeeded"]},
                  "expression": "@body('Parse_JSON')?['topic']",
                  "cases": {
                      "Sales": {"case": "sales", "actions": {"Set_sales": {
                          "type": "SetVariable", "runAfter": {},
                          "inputs": {"name": "team", "value": "sales@example.com"}}}},
                      "Support": {"case": "support", "actions": {"Set_support": {
                          "type": "SetVariable", "runAfter": {},
                          "inputs": {"name": "team", "value": "support@example.com"}}}}},
                  "default": {"actions": {}}},
        "Send_an_email_(V3)": send_v3(
            "@variables('team')", "[@{body('Parse_JSON')?['topic']}] message from @{body('Parse_JSON')?['name']}",
            "<p>@{body('Parse_JSON')?['message']}</p><p>Reply to @{body('Parse_JSON')?['email']}</p>",
            run_after={"Route": ["Succeeded"]}),
        "Response": {"type": "Response", "kind": "Http", "runAfter": {"Send_an_email_(V3)": ["Succeeded"]},
                     "inputs": {"statusCode": 201, "headers": {"X-Routed-To": "@variables('team')"},
                                "body": {"routedTo": "@variables('team')",
                                         "messageId": "@body('Send_an_email_(V3)')?['messageId']"}}},
    })



class WithEcho(WorkflowCase):
    """A WorkflowCase with one tests/support/http_echo.py server for the class (self.echo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.echo = HttpEcho()

    @classmethod
    def tearDownClass(cls):
        cls.echo.stop()
        super().tearDownClass()

class RequestToMail(WorkflowCase):

    def test_contact_form_is_routed_mailed_answered_and_recorded(self):
        self.deploy("contact", contact_router())
        form = {"name": "Ada Lovelace", "email": "ada@example.org", "topic": "sales",
                "message": "Forty licences, please."}
        r = self.invoke("contact", form)
        # The caller gets the Response action's answer.
        self.assertEqual(r.status, 201, r.raw)
        self.assertEqual(r.headers.get("x-routed-to"), "sales@example.com")
        self.assertEqual(r.json["routedTo"], "sales@example.com")
        run_id = r.headers["x-ms-workflow-run-id"]

        # The mail arrived with the fields the expressions built.
        [(path, mail)] = self.mail_with_subject("[sales] message from Ada Lovelace")
        self.assertEqual(mail["message_id"], r.json["messageId"])
        self.assertEqual([a["address"] for a in mail["from"]], ["flow@example.com"])
        self.assertEqual([a["address"] for a in mail["to"]], ["sales@example.com"])
        self.assertIn("Forty licences, please.", mail["html"])
        self.assertIn("ada@example.org", mail["html"])
        self.assertEqual(self.smtp.envelope(path)["rcpt_tos"], ["sales@example.com"])

        # The run history shows every action with its inputs and outputs.
        run = self.wait_run("contact", run_id)
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        self.assertIsNone(run["error"])
        self.assertTrue(run["startTime"] and run["endTime"])
        self.assertEqual(run["trigger"]["name"], "manual")
        self.assertEqual(run["trigger"]["outputs"]["body"], form)
        acts = run["actions"]
        self.assertActionsSucceeded(run, ["Parse_JSON", "Initialize_team", "Route", "Set_sales",
                                          "Send_an_email_(V3)", "Response"])
        self.assertNotIn("Set_support", {k for k, v in acts.items() if v["status"] == "Succeeded"})
        self.assertEqual(acts["Parse_JSON"]["inputs"]["content"], form)
        self.assertEqual(acts["Parse_JSON"]["outputs"]["body"], form)
        self.assertEqual(acts["Route"]["inputs"]["expressionResult"], "sales")
        self.assertEqual(acts["Set_sales"]["inputs"]["value"], "sales@example.com")
        send = acts["Send_an_email_(V3)"]
        self.assertEqual(send["inputs"]["path"], "/SendEmailV3")
        self.assertEqual(send["inputs"]["body"]["To"], "sales@example.com")
        self.assertEqual(send["inputs"]["body"]["Subject"], "[sales] message from Ada Lovelace")
        self.assertEqual(send["outputs"]["statusCode"], 200)
        self.assertEqual(send["outputs"]["body"]["messageId"], mail["message_id"])
        self.assertEqual(send["outputs"]["body"]["accepted"], ["sales@example.com"])
        self.assertEqual(send["outputs"]["body"]["rejected"], [])
        self.assertEqual(send["retryHistory"], [])
        self.assertEqual(acts["Response"]["outputs"]["statusCode"], 201)
        self.assertEqual(run["response"]["body"]["routedTo"], "sales@example.com")
        for name, a in acts.items():
            self.assertLessEqual(a["startTime"], a["endTime"], name)
        # And it is listed, newest first.
        self.assertEqual(self.runs("contact")[0]["id"], run_id)

    def test_default_case_keeps_the_initial_value(self):
        self.deploy("contact-default", contact_router())
        r = self.invoke("contact-default", {"name": "Bo", "email": "bo@example.org", "topic": "press"})
        self.assertEqual(r.status, 201, r.raw)
        self.assertEqual(r.json["routedTo"], "info@example.com")
        [(_, mail)] = self.mail_with_subject("[press] message from Bo")
        self.assertEqual([a["address"] for a in mail["to"]], ["info@example.com"])

    def test_without_a_response_action_the_caller_gets_202_and_the_run_id(self):
        self.deploy("no-response", consumption({"Send": send_v3("x@example.com", "@{triggerBody()?['s']}")}))
        r = self.invoke("no-response", {"s": "no response action"})
        self.assertEqual(r.status, 202, r.raw)
        run_id = r.headers["x-ms-workflow-run-id"]
        self.assertEqual(self.wait_run("no-response", run_id)["status"], "Succeeded")
        self.mail_with_subject("no response action")

    def test_callback_url_names_the_port_the_server_listens_on(self):
        self.deploy("cb-port", consumption({"C": {"type": "Compose", "inputs": 1, "runAfter": {}}}))
        r = self.mf.request("GET", "/api/workflows/cb-port/triggers/manual/callbackUrl")
        self.assertEqual(urlsplit(r.json["value"]).port, self.mf.port, r.raw)

    def test_callback_url_shape(self):
        self.deploy("cb-shape", consumption({"C": {"type": "Compose", "inputs": 1, "runAfter": {}}}))
        r = self.mf.request("GET", "/api/workflows/cb-shape/triggers/manual/callbackUrl")
        u = urlsplit(r.json["value"])
        self.assertEqual(u.path, "/api/workflows/cb-shape/triggers/manual/invoke")
        self.assertIn("sig=", u.query)
        self.assertIn("api-version=", u.query)
        # The URL is the credential: no API key needed, and asking for it needs one.
        self.assertEqual(self.mf.request("GET", "/api/workflows/cb-shape/triggers/manual/callbackUrl",
                                         key=None).status, 401)


class StandardBody(WorkflowCase):
    """A Standard workflow.json body: connections named by referenceName and by the built-in
    SMTP service provider's connectionName."""

    def test_service_provider_and_reference_name(self):
        body = {"kind": "Stateful", "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
                       "2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": {"When_a_HTTP_request_is_received": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Send_email_built_in": {"type": "ServiceProvider", "runAfter": {}, "inputs": {
                    "parameters": {"from": "std@example.com", "to": "one@example.com; two@example.com",
                                   "subject": "built-in @{triggerBody()?['n']}",
                                   "body": "plain text @{triggerBody()?['n']}", "isHTML": False},
                    "serviceProviderConfiguration": {"connectionName": "out", "operationId": "sendEmail",
                                                     "serviceProviderId": "/serviceProviders/Smtp"}}},
                "Send_email_managed": {"type": "ApiConnection",
                                       "runAfter": {"Send_email_built_in": ["Succeeded"]}, "inputs": {
                    "host": {"connection": {"referenceName": "out"}}, "method": "post",
                    "path": "/SendEmailV3",
                    "body": {"From": "std@example.com", "To": "three@example.com",
                             "Subject": "managed @{triggerBody()?['n']}", "Body": "<b>html</b>"}}}},
            "outputs": {}}}
        self.deploy("standard", body)
        run = self.fire_and_wait("standard", {"n": 7}, trigger="When_a_HTTP_request_is_received")
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        self.assertActionsSucceeded(run, ["Send_email_built_in", "Send_email_managed"])
        [(path, builtin)] = self.mail_with_subject("built-in 7")
        self.assertEqual(sorted(self.smtp.envelope(path)["rcpt_tos"]), ["one@example.com", "two@example.com"])
        self.assertEqual(builtin["text"].strip(), "plain text 7")
        self.assertIsNone(builtin["html"])
        [(_, managed)] = self.mail_with_subject("managed 7")
        self.assertIn("<b>html</b>", managed["html"])
        out = run["actions"]["Send_email_built_in"]["outputs"]
        self.assertEqual(out["statusCode"], 200)
        self.assertEqual(out["body"]["messageId"], builtin["message_id"])
        self.assertTrue(out["body"]["response"].startswith("250"), out)


class Redeploy(WorkflowCase):

    def test_second_put_is_version_2_and_runs_in_flight_keep_theirs(self):
        def body(tag, wait):
            return consumption({
                "Wait": {"type": "Wait", "runAfter": {}, "inputs": {"interval": {"count": wait, "unit": "Second"}}},
                "Tag": {"type": "Compose", "runAfter": {"Wait": ["Succeeded"]}, "inputs": tag}})
        first = self.deploy("versions", body("v1", 2))
        self.assertEqual(first["version"], 1)
        [in_flight] = self.fire("versions")
        second = self.deploy("versions", body("v2", 0), status=200)
        self.assertEqual(second["version"], 2)
        got = self.mf.request("GET", "/api/workflows/versions")
        self.assertEqual(got.status, 200, got.raw)
        self.assertEqual(got.json["version"], 2)
        self.assertEqual(got.json["body"]["definition"]["actions"]["Tag"]["inputs"], "v2")
        self.assertIn("versions", [w["name"] for w in self.mf.request("GET", "/api/workflows").json["value"]])
        old = self.wait_run("versions", in_flight)
        self.assertEqual(old["version"], 1)
        self.assertEqual(old["actions"]["Tag"]["outputs"], "v1")
        new = self.fire_and_wait("versions")
        self.assertEqual(new["version"], 2)
        self.assertEqual(new["actions"]["Tag"]["outputs"], "v2")

    def test_runs_and_actions_are_counted_in_metrics(self):
        from prometheus_client.parser import text_string_to_metric_families
        self.deploy("counted", consumption({
            "Ok": {"type": "Compose", "inputs": 1, "runAfter": {}},
            "Bad": {"type": "Compose", "inputs": "@div(1, 0)", "runAfter": {"Ok": ["Succeeded"]}}}))
        self.assertEqual(self.fire_and_wait("counted")["status"], "Failed")
        text = self.mf.request("GET", "/metrics").raw
        samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                   for f in text_string_to_metric_families(text) for s in f.samples}
        self.assertEqual(samples[("mailflow_workflow_runs_total",
                                  (("status", "Failed"), ("workflow", "counted")))], 1)
        self.assertEqual(samples[("mailflow_workflow_actions_total",
                                  (("status", "Succeeded"), ("type", "Compose"), ("workflow", "counted")))], 1)
        self.assertEqual(samples[("mailflow_workflow_actions_total",
                                  (("status", "Failed"), ("type", "Compose"), ("workflow", "counted")))], 1)
        self.assertEqual(samples[("mailflow_workflow_run_duration_seconds_count", (("workflow", "counted"),))], 1)

    def test_delete_then_404(self):
        self.deploy("gone", consumption({"C": {"type": "Compose", "inputs": 1, "runAfter": {}}}))
        self.assertEqual(self.mf.request("DELETE", "/api/workflows/gone").status, 204)
        self.assertError(self.mf.request("GET", "/api/workflows/gone"), 404, "NotFound")
        self.assertError(self.mf.request("POST", "/api/workflows/gone/triggers/manual/run", {}), 404, "NotFound")


class Recurrence(WorkflowCase):

    def test_every_second_runs_until_disabled(self):
        self.deploy("tick", consumption(
            {"Stamp": {"type": "Compose", "runAfter": {}, "inputs": "@utcNow()"}},
            triggers={"Recurrence": {"type": "Recurrence", "recurrence": every_second()}}))
        deadline = time.time() + 15
        while time.time() < deadline and len(self.runs("tick")) < 3:
            time.sleep(0.2)
        runs = self.runs("tick")
        self.assertGreaterEqual(len(runs), 3, runs)
        self.assertEqual({r["trigger"] for r in runs}, {"Recurrence"})
        done = self.wait_run("tick", runs[-1]["id"])
        self.assertEqual(done["status"], "Succeeded")
        self.assertEqual(done["actions"]["Stamp"]["status"], "Succeeded")
        starts = sorted(r["startTime"] for r in runs)
        self.assertEqual(len(set(starts)), len(starts), "one run per tick")

        r = self.mf.request("POST", "/api/workflows/tick/disable")
        self.assertEqual(r.status, 200, r.raw)
        self.assertFalse(r.json["enabled"])
        time.sleep(1.5)  # a tick already in progress may still start its run
        settled = len(self.runs("tick", limit=250))
        time.sleep(3)
        self.assertEqual(len(self.runs("tick", limit=250)), settled, "a disabled workflow kept running")
        # Firing a disabled workflow by hand is refused too.
        self.assertError(self.mf.request("POST", "/api/workflows/tick/triggers/Recurrence/run", {}),
                         409, "Conflict")
        r = self.mf.request("POST", "/api/workflows/tick/enable")
        self.assertTrue(r.json["enabled"])
        deadline = time.time() + 10
        while time.time() < deadline and len(self.runs("tick", limit=250)) <= settled:
            time.sleep(0.2)
        self.assertGreater(len(self.runs("tick", limit=250)), settled, "enable did not restart the ticks")
        self.mf.request("POST", "/api/workflows/tick/disable")


class HttpActionAndTrigger(WithEcho):

    def test_http_action_sends_method_queries_headers_body(self):
        self.deploy("http-action", consumption({
            "Call": {"type": "Http", "runAfter": {}, "inputs": {
                "method": "POST", "uri": self.echo.url("/echo/orders"),
                "queries": {"customer": "@triggerBody()?['customer']"},
                "headers": {"X-Trace": "wf-@{triggerBody()?['customer']}", "Content-Type": "application/json"},
                "body": {"items": "@triggerBody()?['items']"},
                "authentication": {"type": "Basic", "username": "u", "password": "p"}}},
            "Echoed": {"type": "Compose", "runAfter": {"Call": ["Succeeded"]},
                       "inputs": "@body('Call')?['method']"}}))
        run = self.fire_and_wait("http-action", {"customer": "c42", "items": [1, 2]})
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        out = run["actions"]["Call"]["outputs"]
        self.assertEqual(out["statusCode"], 200)
        seen = out["body"]
        self.assertEqual(seen["method"], "POST")
        self.assertEqual(seen["path"], "/echo/orders")
        self.assertEqual(seen["query"], {"customer": "c42"})
        self.assertEqual(seen["headers"].get("X-Trace"), "wf-c42")
        self.assertTrue(seen["headers"].get("Authorization", "").startswith("Basic "))
        self.assertEqual(json.loads(seen["body"]), {"items": [1, 2]})
        self.assertEqual(run["actions"]["Echoed"]["outputs"], "POST")

    def test_http_action_500_fails_after_its_retries(self):
        self.deploy("http-500", consumption({
            "Call": {"type": "Http", "runAfter": {}, "inputs": {
                "method": "GET", "uri": self.echo.url("/status/503"),
                "retryPolicy": {"type": "fixed", "count": 2, "interval": "PT1S"}}}}))
        run = self.fire_and_wait("http-500")
        self.assertEqual(run["status"], "Failed")
        call = run["actions"]["Call"]
        self.assertEqual(call["status"], "Failed")
        self.assertEqual(call["outputs"]["statusCode"], 503)
        self.assertEqual(len(call["retryHistory"]), 2, call)
        self.assertEqual({h["code"] for h in call["retryHistory"]}, {"503"})

    def test_http_polling_trigger_fires_on_200_not_on_202(self):
        quiet = HttpEcho()  # its own server, so its request count is the trigger's polls
        try:
            self.deploy("poll-200", consumption(
                {"Got": {"type": "Compose", "runAfter": {}, "inputs": "@triggerBody()?['items']"}},
                triggers={"Poll": {"type": "Http", "recurrence": every_second(),
                                   "inputs": {"method": "GET", "uri": self.echo.url("/trigger?status=200")}}}))
            self.deploy("poll-202", consumption(
                {"Got": {"type": "Compose", "runAfter": {}, "inputs": "@triggerBody()"}},
                triggers={"Poll": {"type": "Http", "recurrence": every_second(),
                                   "inputs": {"method": "GET", "uri": quiet.url("/trigger?status=202")}}}))
            deadline = time.time() + 15
            while time.time() < deadline and len(self.runs("poll-200")) < 2:
                time.sleep(0.2)
            runs = self.runs("poll-200")
            self.assertGreaterEqual(len(runs), 2, runs)
            run = self.wait_run("poll-200", runs[-1]["id"])
            self.assertEqual(run["status"], "Succeeded")
            self.assertEqual(run["trigger"]["outputs"]["statusCode"], 200)
            self.assertEqual(run["actions"]["Got"]["outputs"], [1, 2])
            # The 202 server was asked as often, and nothing ran.
            self.assertGreaterEqual(quiet.count(), 2, "the 202 trigger never polled")
            self.assertEqual(self.runs("poll-202"), [])
        finally:
            for name in ("poll-200", "poll-202"):
                self.mf.request("POST", "/api/workflows/%s/disable" % name)
            quiet.stop()

    def test_http_polling_trigger_follows_location_and_retry_after(self):
        # The first poll answers 202 with Location (where new data will be) and Retry-After 0: the
        # next poll goes there at once — not at the hourly recurrence — and fires.
        then = self.echo.url("/trigger?status=200")
        first = self.echo.url("/trigger?status=202&retry=0&location=" + urllib.parse.quote(then, safe=""))
        self.deploy("poll-contract", consumption(
            {"Got": {"type": "Compose", "runAfter": {}, "inputs": "@triggerBody()?['items']"}},
            triggers={"Poll": {"type": "Http", "recurrence": {"frequency": "Hour", "interval": 1},
                               "inputs": {"method": "GET", "uri": first}}}))
        try:
            deadline = time.time() + 15
            while time.time() < deadline and not self.runs("poll-contract"):
                time.sleep(0.2)
            runs = self.runs("poll-contract")
            self.assertEqual(len(runs), 1, "the Location was polled right after the 202")
            run = self.wait_run("poll-contract", runs[0]["id"])
            self.assertEqual(run["actions"]["Got"]["outputs"], [1, 2])
        finally:
            self.mf.request("POST", "/api/workflows/poll-contract/disable")


class ControlFlow(WithEcho):

    def foreach_mail(self, name, options=None):
        each = {"type": "Foreach", "runAfter": {}, "foreach": "@triggerBody()?['to']", "actions": {
            "Send": send_v3("@items('Each')", "%s to @{items('Each')}" % name),
            "Pause": {"type": "Wait", "runAfter": {"Send": ["Succeeded"]},
                      "inputs": {"interval": {"count": 1, "unit": "Second"}}}}}
        if options:
            each["operationOptions"] = options
        self.deploy(name, consumption({"Each": each}))
        to = ["a@example.com", "b@example.com", "c@example.com"]
        started = time.time()
        run = self.fire_and_wait(name, {"to": to})
        elapsed = time.time() - started
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        for addr in to:
            [(path, _)] = self.mail_with_subject("%s to %s" % (name, addr))
            self.assertEqual(self.smtp.envelope(path)["rcpt_tos"], [addr])
        reps = run["actions"]["Send"]["repetitions"]
        self.assertEqual(sorted(r["iterationIndexes"]["Each"] for r in reps), [0, 1, 2])
        self.assertEqual(sorted(r["inputs"]["body"]["To"] for r in reps), to)
        self.assertTrue(all(r["status"] == "Succeeded" for r in reps))
        self.assertEqual(run["actions"]["Each"]["status"], "Succeeded")
        return elapsed, reps

    def test_foreach_in_parallel_sends_one_mail_per_item(self):
        elapsed, _ = self.foreach_mail("each-parallel")
        self.assertLess(elapsed, 2.9, "three 1-second iterations did not overlap")

    def test_foreach_sequential_runs_one_item_after_another(self):
        elapsed, reps = self.foreach_mail("each-sequential", "Sequential")
        self.assertGreaterEqual(elapsed, 3.0)
        by_index = sorted(reps, key=lambda r: r["iterationIndexes"]["Each"])
        self.assertEqual([r["inputs"]["body"]["To"] for r in by_index],
                         ["a@example.com", "b@example.com", "c@example.com"])
        for before, after in zip(by_index, by_index[1:]):
            self.assertLessEqual(before["endTime"], after["startTime"])

    def test_if_with_a_condition_object(self):
        self.deploy("if-object", consumption({
            "Check": {"type": "If", "runAfter": {},
                      "expression": {"and": [{"equals": ["@triggerBody()?['tier']", "gold"]},
                                             {"greater": ["@triggerBody()?['amount']", 100]}]},
                      "actions": {"Vip": {"type": "Compose", "runAfter": {}, "inputs": "vip"}},
                      "else": {"actions": {"Normal": {"type": "Compose", "runAfter": {}, "inputs": "normal"}}}}}))
        yes = self.fire_and_wait("if-object", {"tier": "gold", "amount": 500})
        self.assertEqual(yes["status"], "Succeeded")
        self.assertEqual(yes["actions"]["Check"]["inputs"]["expressionResult"], True)
        self.assertEqual(yes["actions"]["Vip"]["outputs"], "vip")
        self.assertNotEqual(yes["actions"].get("Normal", {}).get("status"), "Succeeded")
        no = self.fire_and_wait("if-object", {"tier": "gold", "amount": 5})
        self.assertEqual(no["actions"]["Check"]["inputs"]["expressionResult"], False)
        self.assertEqual(no["actions"]["Normal"]["outputs"], "normal")
        self.assertNotEqual(no["actions"].get("Vip", {}).get("status"), "Succeeded")

    def test_until_stops_at_its_count(self):
        self.deploy("until-count", consumption({
            "Init": {"type": "InitializeVariable", "runAfter": {},
                     "inputs": {"variables": [{"name": "n", "type": "integer", "value": 0}]}},
            "Loop": {"type": "Until", "runAfter": {"Init": ["Succeeded"]},
                     "expression": "@equals(variables('n'), 1000)", "limit": {"count": 4, "timeout": "PT1H"},
                     "actions": {"Add": {"type": "IncrementVariable", "runAfter": {},
                                         "inputs": {"name": "n", "value": 1}}}},
            "After": {"type": "Compose", "runAfter": {"Loop": ["Succeeded"]}, "inputs": "@variables('n')"}}))
        run = self.fire_and_wait("until-count")
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        loop = run["actions"]["Loop"]
        self.assertEqual(loop["status"], "Succeeded")
        self.assertEqual(loop["outputs"]["iterations"], 4)
        self.assertEqual(loop["outputs"]["limitReached"], "count")
        self.assertEqual(run["actions"]["After"]["outputs"], 4)
        self.assertEqual(len(run["actions"]["Add"]["repetitions"]), 4)

    def test_until_ends_when_its_condition_holds(self):
        self.deploy("until-done", consumption({
            "Init": {"type": "InitializeVariable", "runAfter": {},
                     "inputs": {"variables": [{"name": "n", "type": "integer", "value": 0}]}},
            "Loop": {"type": "Until", "runAfter": {"Init": ["Succeeded"]},
                     "expression": "@greaterOrEquals(variables('n'), 3)", "limit": {"count": 60},
                     "actions": {"Add": {"type": "IncrementVariable", "runAfter": {},
                                         "inputs": {"name": "n", "value": 1}}}}}))
        run = self.fire_and_wait("until-done")
        self.assertEqual(run["actions"]["Loop"]["outputs"]["iterations"], 3)
        self.assertNotIn("limitReached", run["actions"]["Loop"]["outputs"])

    def test_scope_failure_handled_by_run_after_failed(self):
        self.deploy("try-catch", consumption({
            "Try": {"type": "Scope", "runAfter": {}, "actions": {
                "Call": {"type": "Http", "runAfter": {}, "inputs": {
                    "method": "GET", "uri": self.echo.url("/status/500"), "retryPolicy": {"type": "none"}}},
                "Never": {"type": "Compose", "runAfter": {"Call": ["Succeeded"]}, "inputs": "no"}}},
            "Catch": {"type": "Compose", "runAfter": {"Try": ["Failed", "TimedOut"]},
                      "inputs": "handled @{actions('Try')?['status']}"},
            "Finally": {"type": "Compose", "runAfter": {"Catch": ["Succeeded", "Skipped"]}, "inputs": "done"}}))
        run = self.fire_and_wait("try-catch")
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        acts = run["actions"]
        self.assertEqual(acts["Call"]["status"], "Failed")
        self.assertEqual(acts["Call"]["outputs"]["statusCode"], 500)
        self.assertEqual(acts["Call"]["retryHistory"], [])
        self.assertEqual(acts["Never"]["status"], "Skipped")
        self.assertEqual(acts["Try"]["status"], "Failed")
        self.assertEqual(acts["Catch"]["status"], "Succeeded")
        self.assertEqual(acts["Catch"]["outputs"], "handled Failed")
        self.assertEqual(acts["Finally"]["status"], "Succeeded")

    def test_unhandled_failure_fails_the_run(self):
        self.deploy("no-catch", consumption({
            "Call": {"type": "Http", "runAfter": {}, "inputs": {
                "method": "GET", "uri": self.echo.url("/status/404")}},
            "Next": {"type": "Compose", "runAfter": {"Call": ["Succeeded"]}, "inputs": "no"}}))
        run = self.fire_and_wait("no-catch")
        self.assertEqual(run["status"], "Failed")
        self.assertEqual(run["actions"]["Call"]["retryHistory"], [], "a 404 is not retried")
        self.assertEqual(run["actions"]["Next"]["status"], "Skipped")
        self.assertTrue(run["error"]["message"])

    def test_terminate_failed_with_run_error(self):
        self.deploy("terminate", consumption({
            "Stop": {"type": "Terminate", "runAfter": {}, "inputs": {
                "runStatus": "Failed",
                "runError": {"code": "OrderRejected", "message": "order @{triggerBody()?['id']} is invalid"}}},
            "After": {"type": "Compose", "runAfter": {"Stop": ["Succeeded", "Failed"]}, "inputs": "no"}}))
        run = self.fire_and_wait("terminate", {"id": 17})
        self.assertEqual(run["status"], "Failed")
        self.assertEqual(run["error"], {"code": "OrderRejected", "message": "order 17 is invalid"})
        self.assertNotEqual(run["actions"].get("After", {}).get("status"), "Succeeded")

    def test_terminate_succeeded_ends_the_run_early(self):
        self.deploy("terminate-ok", consumption({
            "Stop": {"type": "Terminate", "runAfter": {}, "inputs": {"runStatus": "Succeeded"}},
            "Wait": {"type": "Wait", "runAfter": {"Stop": ["Succeeded"]},
                     "inputs": {"interval": {"count": 30, "unit": "Second"}}}}))
        run = self.fire_and_wait("terminate-ok", timeout=10)
        self.assertEqual(run["status"], "Succeeded")
        self.assertIsNone(run["error"])


class DeployErrors(WorkflowCase):
    """Every problem is found at deploy time: a 400 whose error.field is the JSON path."""

    def refused(self, body, field, *words):
        r = self.mf.request("PUT", "/api/workflows/refused", body)
        self.assertError(r, 400, "InvalidRequest", field)
        for w in words:
            self.assertIn(w, r.json["error"]["message"])
        self.assertError(self.mf.request("GET", "/api/workflows/refused"), 404, "NotFound")
        return r.json["error"]

    def test_unknown_action_type(self):
        self.refused(consumption({"Beam": {"type": "Teleport", "runAfter": {}, "inputs": {}}}),
                     "definition.actions.Beam.type", "Teleport")

    def test_unknown_action_type_inside_a_scope(self):
        self.refused(consumption({"S": {"type": "Scope", "runAfter": {}, "actions": {
            "Inner": {"type": "Nope", "runAfter": {}}}}}), "definition.actions.S.actions.Inner.type", "Nope")

    def test_unknown_trigger_type(self):
        body = consumption({})
        body["definition"]["triggers"] = {"hook": {"type": "Webhook", "inputs": {}}}
        self.refused(body, "definition.triggers.hook.type", "Webhook")

    def test_polling_api_connection_trigger(self):
        body = consumption({})
        body["definition"]["triggers"] = {"When_a_record_is_created": {
            "type": "ApiConnection", "recurrence": {"frequency": "Minute", "interval": 1},
            "inputs": {"host": SMTP_HOST, "method": "get", "path": "/datasets/default/tables/Lead/onnewitems"}}}
        self.refused(body, "definition.triggers.When_a_record_is_created.type")

    def test_run_after_a_missing_action(self):
        self.refused(consumption({"A": {"type": "Compose", "runAfter": {"Ghost": ["Succeeded"]}, "inputs": 1}}),
                     "definition.actions.A.runAfter.Ghost", "Ghost")

    def test_run_after_cycle(self):
        err = self.refused(consumption({
            "A": {"type": "Compose", "runAfter": {"B": ["Succeeded"]}, "inputs": 1},
            "B": {"type": "Compose", "runAfter": {"A": ["Succeeded"]}, "inputs": 1}}),
            None, "cycle")
        self.assertIn(err["field"], ("definition.actions.A.runAfter", "definition.actions.B.runAfter"))

    def test_expression_that_does_not_parse(self):
        self.refused(consumption({"A": {"type": "Compose", "runAfter": {},
                                        "inputs": {"x": ["ok", "@{triggerBody()?['a'}"]}}}),
                     "definition.actions.A.inputs.x[1]", "does not parse")

    def test_connection_that_does_not_exist(self):
        body = consumption({"Send": send_v3("a@example.com", "s")})
        body["parameters"]["$connections"]["value"]["smtp"]["connectionName"] = "nowhere"
        self.refused(body, "definition.actions.Send.inputs.host.connection.name", "nowhere")

    def test_every_problem_is_listed(self):
        err = self.refused(consumption({
            "A": {"type": "Teleport", "runAfter": {}},
            "B": {"type": "Compose", "runAfter": {"Ghost": ["Succeeded"]}, "inputs": 1}}),
            "definition.actions.A.type")
        self.assertIn("definition.actions.B.runAfter.Ghost", err["message"])

    def test_body_that_is_not_json(self):
        r = self.mf.request("PUT", "/api/workflows/refused", raw="{oops")
        self.assertError(r, 400, "InvalidJson")

    def test_deploy_needs_the_admin_key(self):
        body = consumption({"A": {"type": "Compose", "runAfter": {}, "inputs": 1}})
        self.assertEqual(self.mf.request("PUT", "/api/workflows/refused", body, key=None).status, 401)
        send_key = self.mf.create_key("send")
        self.assertEqual(self.mf.request("PUT", "/api/workflows/refused", body, key=send_key).status, 403)


class BadInputAtRunTime(WorkflowCase):

    def test_body_that_is_not_json_fails_parse_json_and_the_service_stays_up(self):
        self.deploy("parse", consumption({
            "Parse_JSON": {"type": "ParseJson", "runAfter": {},
                           "inputs": {"content": "@triggerBody()", "schema": CONTACT_SCHEMA}},
            "Response": {"type": "Response", "runAfter": {"Parse_JSON": ["Succeeded"]},
                         "inputs": {"statusCode": 200, "body": "@body('Parse_JSON')"}}}))
        for content_type, raw in (("text/plain", "name=Ada&topic=sales"), ("application/json", "{not json")):
            r = self.invoke("parse", raw=raw, headers={"Content-Type": content_type})
            # No Response ran: the caller learns the run ended without one, and which run.
            self.assertGreaterEqual(r.status, 400, r.raw)
            self.assertTrue(r.json and r.json["error"]["message"], r.raw)
            run_id = r.headers.get("x-ms-workflow-run-id") or self.runs("parse")[0]["id"]
            run = self.wait_run("parse", run_id)
            self.assertEqual(run["status"], "Failed")
            parse = run["actions"]["Parse_JSON"]
            self.assertEqual(parse["status"], "Failed")
            self.assertEqual(parse["error"]["code"], "InvalidJSON", parse)
            self.assertIn("not valid JSON", parse["error"]["message"])
            self.assertEqual(run["actions"]["Response"]["status"], "Skipped")
        self.assertEqual(self.mf.request("GET", "/healthz", key=None).status, 200)
        good = self.invoke("parse", {"name": "Ada", "email": "a@example.org", "topic": "x"})
        self.assertEqual(good.status, 200, good.raw)
        self.assertEqual(good.json["name"], "Ada")

    def test_schema_violation_names_the_property(self):
        self.deploy("schema", consumption({
            "Parse_JSON": {"type": "ParseJson", "runAfter": {},
                           "inputs": {"content": "@triggerBody()", "schema": CONTACT_SCHEMA}}}))
        run = self.fire_and_wait("schema", {"name": "Ada"})
        self.assertEqual(run["status"], "Failed")
        err = run["actions"]["Parse_JSON"]["error"]
        self.assertEqual(err["code"], "ValidationFailed")
        self.assertIn("email", err["message"])

    def test_signature_missing_or_wrong_is_401(self):
        self.deploy("signed", consumption({"C": {"type": "Compose", "runAfter": {}, "inputs": 1}}))
        path = self.callback_path("signed")
        base, query = path.split("?")
        good_sig = [kv for kv in query.split("&") if kv.startswith("sig=")][0]
        without = "&".join(kv for kv in query.split("&") if not kv.startswith("sig="))
        wrong = good_sig[:-3] + ("AAA" if not good_sig.endswith("AAA") else "BBB")
        for p in (base, base + "?" + without, base + "?" + without + "&" + wrong,
                  base + "?" + without + "&sig="):
            r = self.mf.request("POST", p, {}, key=None)
            self.assertError(r, 401, "Unauthorized")
        # Another workflow's signature does not open this one.
        self.deploy("signed-2", consumption({"C": {"type": "Compose", "runAfter": {}, "inputs": 1}}))
        other = self.callback_path("signed-2").split("?")[1]
        self.assertError(self.mf.request("POST", base + "?" + other, {}, key=None), 401, "Unauthorized")
        self.assertEqual(self.runs("signed"), [])
        self.assertEqual(self.mf.request("POST", path, {}, key=None).status, 202)

    def test_unknown_workflow_trigger_or_run_is_404(self):
        self.deploy("known", consumption({"C": {"type": "Compose", "runAfter": {}, "inputs": 1}}))
        for method, path in (("POST", "/api/workflows/unknown/triggers/manual/run"),
                             ("POST", "/api/workflows/known/triggers/unknown/run"),
                             ("GET", "/api/workflows/unknown/triggers/manual/callbackUrl"),
                             ("GET", "/api/workflows/known/triggers/unknown/callbackUrl"),
                             ("GET", "/api/workflows/unknown/runs"),
                             ("GET", "/api/workflows/known/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV"),
                             ("GET", "/api/workflows/unknown"),
                             ("DELETE", "/api/workflows/unknown"),
                             ("POST", "/api/workflows/unknown/enable")):
            self.assertError(self.mf.request(method, path, {} if method == "POST" else None), 404, "NotFound")
        # A signed URL of a workflow since deleted: the signature is right, the workflow is gone.
        path = self.callback_path("known")
        self.assertEqual(self.mf.request("DELETE", "/api/workflows/known").status, 204)
        self.assertError(self.mf.request("POST", path, {}, key=None), 404, "NotFound")

    def test_a_run_of_another_workflow_is_404(self):
        self.deploy("mine", consumption({"C": {"type": "Compose", "runAfter": {}, "inputs": 1}}))
        self.deploy("theirs", consumption({"C": {"type": "Compose", "runAfter": {}, "inputs": 1}}))
        [run_id] = self.fire("theirs")
        self.assertError(self.mf.request("GET", "/api/workflows/mine/runs/" + run_id), 404, "NotFound")

    def test_foreach_over_a_non_array(self):
        self.deploy("each-object", consumption({
            "Each": {"type": "Foreach", "runAfter": {}, "foreach": "@triggerBody()?['items']", "actions": {
                "C": {"type": "Compose", "runAfter": {}, "inputs": "@items('Each')"}}}}))
        run = self.fire_and_wait("each-object", {"items": {"not": "an array"}})
        self.assertEqual(run["status"], "Failed")
        each = run["actions"]["Each"]
        self.assertEqual(each["status"], "Failed")
        self.assertIn("must evaluate to an array", each["error"]["message"])
        self.assertIn("Each", each["error"]["message"])
        self.assertNotIn("C", run["actions"])

    def test_expression_error_names_the_expression(self):
        self.deploy("expr-error", consumption({
            "Number": {"type": "Compose", "runAfter": {}, "inputs": "@add(int(triggerBody()?['n']), 1)"}}))
        ok = self.fire_and_wait("expr-error", {"n": "41"})
        self.assertEqual(ok["actions"]["Number"]["outputs"], 42)
        run = self.fire_and_wait("expr-error", {"n": "forty-one"})
        self.assertEqual(run["status"], "Failed")
        err = run["actions"]["Number"]["error"]
        self.assertEqual(err["code"], "InvalidTemplate")
        self.assertIn("'Number'", err["message"])
        self.assertIn("'int'", err["message"])
        self.assertIn("forty-one", err["message"])
        self.assertRegex(err["message"], r"position \d+")

    def test_expression_error_quotes_the_expression(self):
        self.deploy("expr-text", consumption({
            "Number": {"type": "Compose", "runAfter": {}, "inputs": "@add(int(triggerBody()?['n']), 1)"}}))
        run = self.fire_and_wait("expr-text", {"n": "forty-one"})
        self.assertIn("add(int(triggerBody()?['n']), 1)", run["actions"]["Number"]["error"]["message"])

    def test_runaway_until_is_stopped_by_its_limits(self):
        self.deploy("runaway", consumption({
            "Count": {"type": "Until", "runAfter": {}, "expression": "@equals(1, 2)", "limit": {"count": 25},
                      "actions": {"Tick": {"type": "Compose", "runAfter": {}, "inputs": "@utcNow()"}}},
            "Slow": {"type": "Until", "runAfter": {}, "expression": "@equals(1, 2)",
                     "limit": {"count": 5000, "timeout": "PT2S"},
                     "actions": {"Nap": {"type": "Wait", "runAfter": {},
                                         "inputs": {"interval": {"count": 1, "unit": "Second"}}}}}}))
        started = time.time()
        run = self.fire_and_wait("runaway", timeout=30)
        self.assertLess(time.time() - started, 15)
        count = run["actions"]["Count"]
        self.assertEqual(count["outputs"]["iterations"], 25)
        self.assertEqual(count["outputs"]["limitReached"], "count")
        slow = run["actions"]["Slow"]
        self.assertEqual(slow["status"], "TimedOut", slow)
        self.assertIn("timeout", slow["error"]["message"])
        self.assertLessEqual(slow["outputs"]["iterations"], 4)
        self.assertEqual(run["status"], "Failed")


class DeadSmtpServer(WorkflowCase):

    def test_retries_per_policy_then_failed_with_the_smtp_detail(self):
        self.mf.add_connection("dead", self.smtp, port=closed_port(), timeoutSeconds=5)
        body = consumption({"Send": send_v3("x@example.com", "never arrives")})
        body["definition"]["actions"]["Send"]["inputs"]["retryPolicy"] = {
            "type": "fixed", "count": 2, "interval": "PT1S"}
        body["parameters"]["$connections"]["value"]["smtp"]["connectionName"] = "dead"
        self.deploy("dead-smtp", body)
        started = time.time()
        run = self.fire_and_wait("dead-smtp", timeout=60)
        self.assertLess(time.time() - started, 30, "--workflow-retry-scale 0.01 did not shorten the waits")
        self.assertEqual(run["status"], "Failed")
        send = run["actions"]["Send"]
        self.assertEqual(send["status"], "Failed")
        self.assertEqual(len(send["retryHistory"]), 2, send)
        for h in send["retryHistory"]:
            self.assertTrue(h["error"]["message"], h)
        out = send["outputs"]
        self.assertGreaterEqual(out["statusCode"], 500, out)
        err = out["body"]["error"]
        self.assertTrue(err["code"] and err["message"], err)
        self.assertIn("smtp", err, "no SMTP detail in the action's outputs: %s" % err)
        self.assertTrue(send["error"]["code"] and send["error"]["message"])
        self.assertEqual([p for p in self.smtp.message_files() if self.smtp.parsed(p)["subject"] == "never arrives"], [])


class CrashMidRun(unittest.TestCase):
    """kill -9 while a run waits between two mails; the restarted server resumes the run from
    its last finished action, and each mail arrives exactly once."""

    ARGS = ("--workflow-retry-scale", "0.01", "--outbox-poll-ms", "100")

    def test_run_resumes_after_kill_9_without_sending_twice(self):
        smtp = SmtpServer()
        mf = MailflowServer(*self.ARGS)
        keep, mf.dir = mf.dir, None  # the data outlives this server: the restart reads it
        mf2 = None
        try:
            mf.add_connection("out", smtp)
            body = consumption({
                "First": send_v3("x@example.com", "crash first @{triggerBody()?['n']}"),
                "Wait": {"type": "Wait", "runAfter": {"First": ["Succeeded"]},
                         "inputs": {"interval": {"count": 5, "unit": "Second"}}},
                "Second": send_v3("x@example.com", "crash second @{triggerBody()?['n']}",
                                  run_after={"Wait": ["Succeeded"]})})
            r = mf.request("PUT", "/api/workflows/crash", body)
            self.assertEqual(r.status, 201, r.raw)
            r = mf.request("POST", "/api/workflows/crash/triggers/manual/run", {"n": 1})
            self.assertEqual(r.status, 202, r.raw)
            [run_id] = r.json["runs"]
            # Kill once First is recorded: the run is inside the Wait.
            deadline = time.time() + 20
            while time.time() < deadline:
                run = mf.request("GET", "/api/workflows/crash/runs/" + run_id).json
                if run["actions"].get("First", {}).get("status") == "Succeeded":
                    break
                time.sleep(0.05)
            self.assertEqual(run["actions"]["First"]["status"], "Succeeded", json.dumps(run)[:2000])
            self.assertNotIn("Second", run["actions"])
            self.assertEqual(run["status"], "Running")
            mf.kill()

            mf2 = MailflowServer(*self.ARGS, data_dir=mf.data_dir)
            deadline = time.time() + 60
            while time.time() < deadline:
                run = mf2.request("GET", "/api/workflows/crash/runs/" + run_id).json
                if run["status"] != "Running":
                    break
                time.sleep(0.1)
            self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
            self.assertEqual(run["actions"]["Second"]["status"], "Succeeded")
            time.sleep(1)  # a duplicate, if any, would have arrived by now
            subjects = [smtp.parsed(p)["subject"] for p in smtp.message_files()]
            self.assertEqual(sorted(subjects), ["crash first 1", "crash second 1"])
        finally:
            if mf2:
                rc = mf2.stop()
                self.assertEqual(rc, 0, mf2.log[-3000:])
            smtp.stop()
            keep.cleanup()

    def test_wait_resumes_for_what_is_left_of_it(self):
        smtp = SmtpServer()
        mf = MailflowServer(*self.ARGS)
        keep, mf.dir = mf.dir, None
        mf2 = None
        try:
            mf.add_connection("out", smtp)
            r = mf.request("PUT", "/api/workflows/waiting", consumption({
                "Wait": {"type": "Wait", "runAfter": {}, "inputs": {"interval": {"count": 6, "unit": "Second"}}},
                "After": {"type": "Compose", "runAfter": {"Wait": ["Succeeded"]}, "inputs": "@utcNow()"}}))
            self.assertEqual(r.status, 201, r.raw)
            [run_id] = mf.request("POST", "/api/workflows/waiting/triggers/manual/run", {}).json["runs"]
            started = time.time()
            time.sleep(4)
            mf.kill()
            mf2 = MailflowServer(*self.ARGS, data_dir=mf.data_dir)
            deadline = time.time() + 30
            while time.time() < deadline:
                run = mf2.request("GET", "/api/workflows/waiting/runs/" + run_id).json
                if run["status"] != "Running":
                    break
                time.sleep(0.1)
            self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
            # 6 s after the start, not 4 s + restart + 6 s.
            self.assertLess(time.time() - started, 9.0)
        finally:
            if mf2:
                mf2.stop()
            smtp.stop()
            keep.cleanup()

    def test_mail_in_flight_at_the_kill_is_not_sent_twice(self):
        """The SMTP server stalls the DATA answer; kill -9 while the mail action waits for it.
        After the restart the action is repeated with the same idempotency key: at most one
        copy arrives from the outbox (the stalled server never accepted the first)."""
        stalled = SmtpServer("--stall-at", "message")
        mf = MailflowServer(*self.ARGS)
        keep, mf.dir = mf.dir, None
        mf2 = good = None
        try:
            mf.add_connection("out", stalled, timeoutSeconds=300)
            r = mf.request("PUT", "/api/workflows/inflight", consumption({"Send": send_v3("y@example.com", "in flight")}))
            self.assertEqual(r.status, 201, r.raw)
            [run_id] = mf.request("POST", "/api/workflows/inflight/triggers/manual/run", {}).json["runs"]
            time.sleep(1.5)  # the action is waiting on the stalled DATA
            self.assertEqual(mf.request("GET", "/api/workflows/inflight/runs/" + run_id).json["status"], "Running")
            mf.kill()
            stalled.stop()
            good = SmtpServer()
            mf2 = MailflowServer(*self.ARGS, data_dir=mf.data_dir)
            r = mf2.add_connection("out", good)
            deadline = time.time() + 90
            while time.time() < deadline:
                run = mf2.request("GET", "/api/workflows/inflight/runs/" + run_id).json
                if run["status"] != "Running":
                    break
                time.sleep(0.2)
            self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
            time.sleep(1)
            self.assertEqual([good.parsed(p)["subject"] for p in good.message_files()], ["in flight"])
        finally:
            if mf2:
                rc = mf2.stop()
                self.assertEqual(rc, 0, mf2.log[-3000:])
            if good:
                good.stop()
            keep.cleanup()


EXAMPLES = os.path.join(SOURCE_DIR, "examples")


class Examples(WorkflowCase):
    """examples/ stays valid: each Consumption file deploys (201) against a connection "dev" as
    `make run` makes it, and runs; the Standard project's workflows deploy as Standard bodies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mf.add_connection("dev", cls.smtp)
        cls.mf.add_connection("Smtp", cls.smtp)

    def load(self, *path):
        with open(os.path.join(EXAMPLES, *path)) as f:
            return json.load(f)

    def test_every_consumption_example_deploys(self):
        files = sorted(glob.glob(os.path.join(EXAMPLES, "*.json")))
        self.assertGreaterEqual(len(files), 2, files)
        for path in files:
            name = "example-" + os.path.basename(path)[:-len(".json")]
            with self.subTest(example=os.path.basename(path)):
                self.deploy(name, self.load(path))

    def test_contact_form_runs(self):
        self.deploy("contact-form", self.load("contact-form.json"))
        r = self.invoke("contact-form", {"name": "Grace", "email": "grace@example.org",
                                         "message": "Hello from the example"})
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json["status"], "sent")
        [(_, mail)] = self.mail_with_subject("Contact form: Grace")
        self.assertEqual(mail["message_id"], r.json["messageId"])
        self.assertEqual([a["address"] for a in mail["to"]], ["team@example.com"])
        self.assertIn("Hello from the example", mail["html"])
        r = self.invoke("contact-form", {"name": "Nobody", "email": "no-at-sign", "message": " "})
        self.assertEqual(r.status, 400, r.raw)
        self.assertEqual(r.json["status"], "rejected")

    def test_daily_digest_runs_by_hand(self):
        self.deploy("daily-digest", self.load("daily-digest.json"))
        run = self.fire_and_wait("daily-digest", trigger="Every_morning")
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:3000])
        subject = run["actions"]["Send_an_email_(V3)"]["inputs"]["body"]["Subject"]
        self.assertRegex(subject, r"^Daily digest for \d{4}-\d\d-\d\d$")
        [(_, mail)] = self.mail_with_subject(subject)
        self.assertIn("Daily digest", mail["html"])
        self.assertIn("daily-digest", mail["html"])

    def test_standard_project_workflows_deploy_and_run(self):
        folders = sorted(glob.glob(os.path.join(EXAMPLES, "standard-project", "*", "workflow.json")))
        self.assertTrue(folders)
        for path in folders:
            body = self.load(path)
            self.assertEqual(body["kind"], "Stateful")
            self.deploy("std-" + os.path.basename(os.path.dirname(path)), body)
        self.assertEqual(self.load("standard-project", "connections.json")["serviceProviderConnections"]
                         ["Smtp"]["parameterValues"]["serverAddress"], "@appsetting('SMTP_SERVER')")
        r = self.invoke("std-notify-team", {"subject": "standard example", "text": "plain words"},
                        trigger="When_a_HTTP_request_is_received")
        self.assertEqual(r.status, 202, r.raw)
        [(_, mail)] = self.mail_with_subject("standard example")
        self.assertEqual(mail["text"].strip(), "plain words")
        self.assertEqual(r.json["sent"], mail["message_id"])


class StandardProjectFolder(unittest.TestCase):
    """`mailflow serve --app examples/standard-project`: connections.json's service provider
    connection with @appsetting values, parameters.json merged, every */workflow.json deployed."""

    def test_serve_app_loads_the_example_project(self):
        import shutil
        import tempfile
        smtp = SmtpServer()
        tmp = tempfile.TemporaryDirectory(prefix="mailflow-app-")
        project = os.path.join(tmp.name, "project")
        shutil.copytree(os.path.join(EXAMPLES, "standard-project"), project)
        settings_path = os.path.join(project, "local.settings.json")
        with open(settings_path) as f:
            settings = json.load(f)
        settings["Values"]["SMTP_PORT"] = str(smtp.port)  # local.settings.json wins over the environment
        del settings["Values"]["SENDER_ADDRESS"]           # so this one comes from the environment
        with open(settings_path, "w") as f:
            json.dump(settings, f)
        mf = MailflowServer("--app", project, env={"SENDER_ADDRESS": "from-env@example.com"})
        try:
            conn = mf.request("GET", "/api/connections/Smtp")
            self.assertEqual(conn.status, 200, conn.raw)
            self.assertEqual(conn.json["port"], smtp.port)
            deadline = time.time() + 10
            while time.time() < deadline and mf.request("GET", "/api/workflows/notify-team").status != 200:
                time.sleep(0.1)
            wf = mf.request("GET", "/api/workflows/notify-team")
            self.assertEqual(wf.status, 200, wf.raw)
            r = mf.request("GET", "/api/workflows/notify-team/triggers/When_a_HTTP_request_is_received/callbackUrl")
            u = urlsplit(r.json["value"])
            r = mf.request("POST", u.path + "?" + u.query, {"subject": "from the folder", "text": "hi"}, key=None)
            self.assertEqual(r.status, 202, r.raw)
            [path] = smtp.wait_messages(1)
            mail = smtp.parsed(path)
            self.assertEqual(mail["subject"], "from the folder")
            self.assertEqual([a["address"] for a in mail["from"]], ["from-env@example.com"])
            self.assertEqual([a["address"] for a in mail["to"]], ["team@example.com"])
            self.assertEqual(r.json["sent"], mail["message_id"])
        finally:
            rc = mf.stop()
            smtp.stop()
            tmp.cleanup()
        self.assertEqual(rc, 0, mf.log[-3000:])


class TriggerAndActionOptions(WithEcho):

    def test_split_on_starts_one_run_per_item(self):
        body = consumption({"Item": {"type": "Compose", "runAfter": {}, "inputs": "@triggerBody()?['id']"}})
        body["definition"]["triggers"]["manual"]["splitOn"] = "@triggerBody()?['value']"
        self.deploy("split", body)
        r = self.mf.request("POST", "/api/workflows/split/triggers/manual/run",
                            {"value": [{"id": "a"}, {"id": "b"}, {"id": "c"}]})
        self.assertEqual(r.status, 202, r.raw)
        self.assertEqual(len(r.json["runs"]), 3)
        outs = sorted(self.wait_run("split", i)["actions"]["Item"]["outputs"] for i in r.json["runs"])
        self.assertEqual(outs, ["a", "b", "c"])

    def test_trigger_condition_false_starts_no_run(self):
        body = consumption({"C": {"type": "Compose", "runAfter": {}, "inputs": 1}})
        body["definition"]["triggers"]["manual"]["conditions"] = [
            {"expression": "@equals(triggerBody()?['go'], true)"}]
        self.deploy("conditional", body)
        r = self.mf.request("POST", "/api/workflows/conditional/triggers/manual/run", {"go": False})
        self.assertEqual(r.status, 202, r.raw)
        self.assertEqual((r.json["fired"], r.json["runs"]), (False, []))
        self.assertEqual(self.runs("conditional"), [])
        self.assertEqual(len(self.fire("conditional", {"go": True})), 1)

    def test_concurrency_runs_1_runs_one_at_a_time(self):
        body = consumption({"Pause": {"type": "Wait", "runAfter": {},
                                      "inputs": {"interval": {"count": 1, "unit": "Second"}}}})
        body["definition"]["triggers"]["manual"]["runtimeConfiguration"] = {"concurrency": {"runs": 1}}
        self.deploy("one-at-a-time", body)
        ids = self.fire("one-at-a-time") + self.fire("one-at-a-time")
        runs = sorted((self.wait_run("one-at-a-time", i) for i in ids), key=lambda r: r["actions"]["Pause"]["startTime"])
        self.assertLessEqual(runs[0]["actions"]["Pause"]["endTime"], runs[1]["actions"]["Pause"]["startTime"])

    def test_action_limit_timeout(self):
        self.deploy("timeout", consumption({
            "Slow": {"type": "Http", "runAfter": {}, "limit": {"timeout": "PT1S"},
                     "inputs": {"method": "GET", "uri": self.echo.url("/slow?seconds=4"),
                                "retryPolicy": {"type": "none"}}}}))
        started = time.time()
        run = self.fire_and_wait("timeout")
        self.assertEqual(run["actions"]["Slow"]["status"], "TimedOut")
        self.assertLess(time.time() - started, 3.5)

    def test_secure_parameters_and_secure_data_stay_out_of_history(self):
        body = consumption({
            "Call": {"type": "Http", "runAfter": {}, "inputs": {
                "method": "POST", "uri": self.echo.url("/echo"),
                "headers": {"X-Api-Secret": "@parameters('apiSecret')"}, "body": "token=@{parameters('apiSecret')}"}},
            "Hidden": {"type": "Compose", "runAfter": {"Call": ["Succeeded"]}, "inputs": "@triggerBody()",
                       "runtimeConfiguration": {"secureData": {"properties": ["inputs", "outputs"]}}}},
            parameters={"apiSecret": {"type": "SecureString"}})
        body["parameters"]["apiSecret"] = {"value": "s3cr3t-value-4711"}
        self.deploy("secure", body)
        run = self.fire_and_wait("secure", {"card": "4111-1111"})
        self.assertEqual(run["status"], "Succeeded", json.dumps(run)[:2000])
        text = json.dumps(run)
        self.assertNotIn("s3cr3t-value-4711", text)
        self.assertNotIn("4111-1111", json.dumps(run["actions"]))
        self.assertIn("***", json.dumps(run["actions"]["Call"]["inputs"]))
        self.assertEqual(run["actions"]["Hidden"]["inputs"], "(secure: not shown)")
        self.assertNotIn("s3cr3t-value-4711", self.mf.request("GET", "/api/workflows/secure").raw)
