"""Development inbox for `make run`: an aiosmtpd server that stores every message in a Maildir.

Run with Debian's /usr/bin/python3 (python3-aiosmtpd). Accepts any sender and recipient, no TLS,
no AUTH: it is for local development only and listens on 127.0.0.1.
"""
import argparse
import asyncio
import mailbox
import os
import signal

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, path):
        # Maildir(create=True) makes tmp/new/cur only when `path` itself is new: make them here.
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(path, sub), exist_ok=True)
        self.box = mailbox.Maildir(path, create=False)

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content or envelope.content)
        return "250 OK stored in the dev inbox"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=2525)
    ap.add_argument("--maildir", required=True)
    args = ap.parse_args()
    ctl = Controller(MaildirHandler(args.maildir), hostname="127.0.0.1", port=args.port,
                     decode_data=False, enable_SMTPUTF8=True)
    ctl.start()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, loop.stop)
    loop.run_forever()
    ctl.stop()


if __name__ == "__main__":
    main()
