#!/usr/bin/python3
"""A configurable SMTP server for tests, on aiosmtpd (run it with Debian's /usr/bin/python3).

Contract: listens on 127.0.0.1 (port 0 = any free port), prints ``READY <port>`` as the first
line on stdout once it accepts connections, then serves until SIGTERM/SIGINT or stdin closes
(with --exit-on-stdin-eof). With --maildir DIR every accepted message is stored as
DIR/new/<name> (Maildir) and its envelope as DIR/envelopes/<name>.json:

    {"mail_from": "a@b", "mail_options": ["SIZE=42", ...],
     "rcpt_tos": ["x@y"], "rcpt_options": {"x@y": ["NOTIFY=SUCCESS,FAILURE", ...]},
     "connection": 3,            # the n-th TCP connection this server accepted (1-based)
     "message_in_connection": 2, # the n-th message on that connection (pool reuse shows here)
     "tls": true, "auth_user": "u" or null, "smtputf8": false, "size": 1234}

Fault injection: --greeting-code, --rcpt-fail ADDR=CODE[ TEXT], --data-code, --drop-mid-data,
--stall-at STAGE (never answer), --max-messages-per-connection. Reusable from Python:  ``python3 smtp_server.py --help``.
Standard library and aiosmtpd only.
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import logging
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

STAGES = ("greeting", "ehlo", "starttls", "auth", "mail", "rcpt", "data", "message")
DSN_PARAMS = ("RET", "ENVID", "NOTIFY", "ORCPT")

# Default texts for injected failure codes (RFC 3463 enhanced codes included).
DEFAULT_TEXT = {
    421: "4.3.2 Service not available, closing transmission channel",
    450: "4.2.1 Mailbox busy, try again later",
    451: "4.3.0 Local error in processing, try again later",
    452: "4.5.3 Too many recipients",
    550: "5.1.1 Mailbox unavailable",
    552: "5.3.4 Message too big for system",
    553: "5.1.3 Mailbox name not allowed",
    554: "5.7.1 Transaction failed by policy",
}


def reply(spec):
    """'451' -> '451 4.3.0 ...'; '550 5.7.1 Relaying denied' stays as given."""
    spec = spec.strip()
    if " " in spec:
        return spec
    code = int(spec)
    return f"{code} {DEFAULT_TEXT.get(code, f'{code // 100}.0.0 Refused by the test server')}"


async def forever():
    await asyncio.Event().wait()


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = any free port (printed as READY <port>)")
    p.add_argument("--maildir", help="store messages (Maildir new/) and envelopes (envelopes/*.json)")
    p.add_argument("--tls", choices=("none", "starttls", "implicit"), default="none")
    p.add_argument("--cert", help="server certificate (PEM), for --tls starttls|implicit")
    p.add_argument("--key", help="server private key (PEM)")
    p.add_argument("--auth-user", help="accept AUTH PLAIN/LOGIN/CRAM-MD5 with this user name")
    p.add_argument("--auth-password", default="")
    p.add_argument("--auth-require-tls", action="store_true",
                   help="offer AUTH only over TLS (like most real servers)")
    p.add_argument("--require-auth", action="store_true", help="530 to MAIL before AUTH")
    p.add_argument("--greeting-code", type=int, help="greet with this code (e.g. 421) and close")
    p.add_argument("--rcpt-fail", action="append", default=[], metavar="ADDR=CODE[ TEXT]",
                   help="refuse RCPT TO this address, e.g. x@y=451 or 'x@y=550 5.7.1 Relay denied'")
    p.add_argument("--mail-code", help="answer MAIL FROM with this reply (code or full reply)")
    p.add_argument("--data-code", help="answer the end of DATA with this reply, e.g. 552")
    p.add_argument("--drop-mid-data", action="store_true",
                   help="after 354, read one line of the message and close the connection")
    p.add_argument("--stall-at", choices=STAGES, help="never answer at this stage")
    p.add_argument("--no-pipelining", action="store_true", help="do not offer PIPELINING")
    p.add_argument("--dsn", action="store_true", help="offer DSN and accept its parameters")
    p.add_argument("--smtputf8", action="store_true", help="offer SMTPUTF8")
    p.add_argument("--size", type=int, default=33554432, help="SIZE limit (0 = do not offer SIZE)")
    p.add_argument("--max-messages-per-connection", type=int, default=0,
                   help="close the connection after this many messages (tests pool replacement)")
    p.add_argument("--exit-on-stdin-eof", action="store_true",
                   help="exit when stdin closes (the parent died)")
    return p.parse_args(argv)


class TestSMTP(SMTP):
    """aiosmtpd's SMTP with the fault injection and DSN parameter support of this server."""

    def __init__(self, handler, opts, conn_id, **kw):
        self.opts = opts
        self.conn_id = conn_id
        self.messages_here = 0
        super().__init__(handler, **kw)

    async def _handle_client(self):
        if self.opts.stall_at == "greeting":
            await forever()
        if self.opts.greeting_code:
            await self.push(reply(str(self.opts.greeting_code)))
            self.transport.close()
            return
        await super()._handle_client()

    def _getparams(self, params):
        result = super()._getparams(params)
        if result is not None and self.opts.dsn:  # RFC 3461 parameters, accepted and recorded
            for k in DSN_PARAMS:
                result.pop(k, None)
        return result

    async def smtp_EHLO(self, arg):
        if self.opts.stall_at == "ehlo":
            await forever()
        await super().smtp_EHLO(arg)

    async def smtp_STARTTLS(self, arg):
        if self.opts.stall_at == "starttls":
            await forever()
        await super().smtp_STARTTLS(arg)

    async def smtp_AUTH(self, arg):
        if self.opts.stall_at == "auth":
            await forever()
        await super().smtp_AUTH(arg)

    async def smtp_MAIL(self, arg):
        if self.opts.stall_at == "mail":
            await forever()
        if self.opts.mail_code:
            if not await self.check_helo_needed():
                await self.push(reply(self.opts.mail_code))
            return
        await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg):
        if self.opts.stall_at == "rcpt":
            await forever()
        await super().smtp_RCPT(arg)

    async def smtp_DATA(self, arg):
        if self.opts.stall_at == "data":
            await forever()
        if self.opts.drop_mid_data and self.envelope.rcpt_tos:
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readuntil(b"\r\n")
            self.transport.close()
            return
        await super().smtp_DATA(arg)
        limit = self.opts.max_messages_per_connection
        if limit and self.messages_here >= limit and self.transport is not None:
            self.transport.close()  # like a real server's per-connection message limit


class Handler:
    def __init__(self, opts):
        self.opts = opts
        self.rcpt_fail = {}
        for spec in opts.rcpt_fail:
            addr, _, code = spec.partition("=")
            self.rcpt_fail[addr.strip().lower()] = reply(code)
        self.counter = itertools.count(1)
        if opts.maildir:
            for sub in ("tmp", "new", "cur", "envelopes"):
                os.makedirs(os.path.join(opts.maildir, sub), exist_ok=True)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        out = []
        for line in responses:
            if line.startswith("250-AUTH") and not self.opts.auth_user:
                continue  # nothing to authenticate against: do not offer AUTH
            out.append(line)
        extra = ["250-ENHANCEDSTATUSCODES"]
        if not self.opts.no_pipelining:
            extra.append("250-PIPELINING")
        if self.opts.dsn:
            extra.append("250-DSN")
        if self.opts.size == 0:
            out = [x for x in out if not x.startswith("250-SIZE")]
        return out[:1] + extra + out[1:]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.rcpt_fail.get(address.lower())
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        if not hasattr(envelope, "per_rcpt"):
            envelope.per_rcpt = {}
        envelope.per_rcpt[address] = list(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.opts.stall_at == "message":
            await forever()
        if self.opts.data_code:
            return reply(self.opts.data_code)
        server.messages_here += 1
        if self.opts.maildir:
            self.store(server, session, envelope)
        return "250 2.0.0 OK queued"

    def store(self, server, session, envelope):
        name = f"{time.time():.6f}.{os.getpid()}_{next(self.counter)}.{socket.gethostname()}"
        tmp = os.path.join(self.opts.maildir, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "rcpt_options": getattr(envelope, "per_rcpt", {}),
            "connection": server.conn_id,
            "message_in_connection": server.messages_here,
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "auth_user": session.auth_data.decode() if isinstance(session.auth_data, bytes)
            else (session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword)
                  else session.auth_data),
            "smtputf8": envelope.smtp_utf8,
            "size": len(envelope.original_content),
        }
        # The sidecar first, then the message: a reader that sees new/<name> finds its envelope.
        with open(os.path.join(self.opts.maildir, "envelopes", name + ".json"), "w") as f:
            json.dump(meta, f)
        os.rename(tmp, os.path.join(self.opts.maildir, "new", name))

    async def auth_CRAM__MD5(self, server, args):  # RFC 2195
        challenge = f"<{os.getpid()}.{time.time_ns()}@smtp-server.test>".encode()
        answer = await server.challenge_auth(challenge)
        if not isinstance(answer, bytes):
            return AuthResult(success=False, handled=False)
        user, _, digest = answer.decode(errors="replace").rpartition(" ")
        expected = hmac.new(self.opts.auth_password.encode(), challenge, hashlib.md5).hexdigest()
        ok = user == self.opts.auth_user and hmac.compare_digest(digest, expected)
        return AuthResult(success=ok, handled=False, auth_data=user)


def authenticator(opts):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode(errors="replace") == opts.auth_user
              and auth_data.password.decode(errors="replace") == opts.auth_password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return check


def tls_context(opts):
    if opts.tls == "none":
        return None
    if not opts.cert or not opts.key:
        sys.exit("--tls needs --cert and --key")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(opts.cert, opts.key)
    return ctx


async def serve(opts):
    handler = Handler(opts)
    ctx = tls_context(opts)
    conn_ids = itertools.count(1)

    def factory():
        kw = dict(
            data_size_limit=opts.size or None,
            enable_SMTPUTF8=opts.smtputf8,
            hostname="smtp-server.test",
            tls_context=ctx if opts.tls == "starttls" else None,
            auth_required=opts.require_auth,
            auth_require_tls=opts.auth_require_tls,
            timeout=60,
        )
        if opts.auth_user:
            kw["authenticator"] = authenticator(opts)
        return TestSMTP(handler, opts, next(conn_ids), **kw)

    server = await asyncio.get_running_loop().create_server(
        factory, host=opts.host, port=opts.port, ssl=ctx if opts.tls == "implicit" else None)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if opts.exit_on_stdin_eof:
        loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not os.read(0, 4096) else None)
    async with server:
        await stop.wait()


def main(argv=None):
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
