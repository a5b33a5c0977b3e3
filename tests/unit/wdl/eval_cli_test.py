#!/usr/bin/python3
"""`mailflow eval`: typed results, interpolation, context file, --now, and errors (exit 1, stderr)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

MAILFLOW = sys.argv.pop(1) if len(sys.argv) > 1 else "mailflow"


def run(*args):
    p = subprocess.run([MAILFLOW, "eval", *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


class EvalCli(unittest.TestCase):
    def test_typed_result(self):
        self.assertEqual(run("@add(1, 2)"), (0, "3\n", ""))
        self.assertEqual(run("@concat('a', 'b')")[1], '"ab"\n')
        self.assertEqual(run("@createArray(1, 'x')")[1], '[1,"x"]\n')

    def test_interpolation_with_context(self):
        ctx = {"trigger": {"outputs": {"headers": {}, "body": {"Name": "Ann"}}},
               "variables": {"recipients": ["a@x", "b@x"]}}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(ctx, f)
        try:
            code, out, _ = run("Hi @{triggerBody()?['Name']}", "--context", f.name)
            self.assertEqual((code, out), (0, '"Hi Ann"\n'))
            self.assertEqual(run("@{join(variables('recipients'), ';')}", "--context", f.name)[1], '"a@x;b@x"\n')
        finally:
            os.unlink(f.name)

    def test_now_fixes_utcnow(self):
        self.assertEqual(run("@formatDateTime(utcNow(), 'yyyy-MM-dd HH:mm')", "--now", "2024-02-29T23:59:00Z")[1],
                         '"2024-02-29 23:59"\n')

    def test_errors_exit_1_on_stderr(self):
        code, out, err = run("@div(1, 0)")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("function 'div': attempted to divide by zero (at position 1)", err)
        code, _, err = run("@concat('a'")
        self.assertEqual(code, 1)
        self.assertIn("expected ',' or ')'", err)
        code, _, err = run("@add(1,2)", "--context", "/nonexistent/ctx.json")
        self.assertEqual(code, 1)
        self.assertIn("cannot read the context file", err)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write("{not json")
        try:
            code, _, err = run("@add(1,2)", "--context", f.name)
            self.assertEqual(code, 1)
            self.assertIn("not valid JSON", err)
        finally:
            os.unlink(f.name)
        self.assertEqual(run("@utcNow()", "--now", "yesterday")[0], 1)


if __name__ == "__main__":
    unittest.main()
