#!/usr/bin/python3
"""Independent parser for tests: reads one RFC 5322 message file and prints it as JSON.

Uses only Python's standard `email` package (policy.default), so it shares no code with the
composer under test. Run with Debian's /usr/bin/python3:  parse_mail.py MESSAGE_FILE   (or "-" for standard input).
Works on CRLF messages (as composed / sent over SMTP) and LF ones (as stored in a Maildir).

Output (one JSON object):
  headers      [[name, decoded value], ...] in order (folding and RFC 2047 undone)
  raw_headers  [[name, value as written], ...]
  from/to/cc/bcc/reply_to/disposition_notification_to  [{"name", "address"}, ...]
  subject, date, message_id, mime_version
  importance   {"importance", "x_priority", "x_msmail_priority"} (null when absent)
  tree         nested {"content_type", "charset", "disposition", "filename", "content_id",
                "transfer_encoding", "params", "parts": [...]}
  text, html   the first text/plain and text/html bodies that are not attachments, decoded, with
               CRLF shown as "\n" (or null)
  attachments  every part with a file name, a Content-ID or a non-text body outside the
               alternative: {"filename", "content_type", "disposition", "content_id", "size",
               "base64", "sha256", "path"} where path is the part's index path in the tree
  defects      parser defects (as strings), for the test to assert none
  max_line     the longest line in octets (without CRLF); bare_lf: count of LF without CR
"""
import base64
import email
import email.utils
import hashlib
import json
import sys
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import AddressHeader, HeaderRegistry
from email.utils import getaddresses

# Disposition-Notification-To (RFC 8098) holds addresses; teach the registry so it is parsed as such.
_registry = HeaderRegistry()
_registry.map_to_type("disposition-notification-to", AddressHeader)
POLICY = policy.default.clone(header_factory=_registry)


def addresses(msg, name):
    """Mailboxes of an address header. Addresses come from the policy's parser; display names are
    decoded with email.header, which follows RFC 2047 §6.2 (white space between adjacent encoded
    words is dropped) where headerregistry keeps a space between them."""
    header = msg[name]
    if header is None:
        return []
    parsed = list(header.addresses)
    raw = [v for k, v in msg.raw_items() if k.lower() == name.lower()][0]
    unfolded = raw.replace("\r\n", "").replace("\n", "")
    names = [str(make_header(decode_header(n))) for n, _ in getaddresses([unfolded])]
    if len(names) != len(parsed):
        names = [a.display_name for a in parsed]
    return [{"name": n, "address": a.addr_spec} for n, a in zip(names, parsed)]


def tree(part):
    node = {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "disposition": part.get_content_disposition(),
        "filename": part.get_filename(),
        "content_id": part.get("Content-ID"),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
        "params": {k: email.utils.collapse_rfc2231_value(v) for k, v in (part.get_params() or [])[1:]},
        "parts": [],
    }
    if part.is_multipart():
        node["parts"] = [tree(p) for p in part.iter_parts()]
    return node


def walk(part, path, out):
    out.append((path, part))
    if part.is_multipart():
        for i, p in enumerate(part.iter_parts()):
            walk(p, path + [i], out)


def is_attachment(part):
    if part.is_multipart():
        return False
    if part.get_filename() or part.get("Content-ID") or part.get_content_disposition() == "attachment":
        return True
    return part.get_content_maintype() != "text"


def text_of(part):
    # Line ends as a mail reader shows them: the CRLF of the wire becomes "\n".
    return part.get_content().replace("\r\n", "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: parse_mail.py MESSAGE_FILE|-")
    if sys.argv[1] == "-":
        raw = sys.stdin.buffer.read()
    else:
        with open(sys.argv[1], "rb") as f:
            raw = f.read()
    msg = email.message_from_bytes(raw, policy=POLICY)
    lines = raw.split(b"\n")
    result = {
        "headers": [[k, str(v)] for k, v in msg.items()],
        "raw_headers": [[k, v] for k, v in msg.raw_items()],
        "subject": str(msg["Subject"]) if msg["Subject"] is not None else None,
        "date": str(msg["Date"]) if msg["Date"] is not None else None,
        "message_id": str(msg["Message-ID"]) if msg["Message-ID"] is not None else None,
        "mime_version": str(msg["MIME-Version"]) if msg["MIME-Version"] is not None else None,
        "importance": {
            "importance": msg.get("Importance"),
            "x_priority": msg.get("X-Priority"),
            "x_msmail_priority": msg.get("X-MSMail-Priority"),
        },
        "tree": tree(msg),
        "text": None,
        "html": None,
        "attachments": [],
        "defects": [],
        "max_line": max((len(l.rstrip(b"\r")) for l in lines), default=0),
        "bare_lf": sum(1 for l in lines[:-1] if not l.endswith(b"\r")),
    }
    for name in ("From", "To", "Cc", "Bcc", "Reply-To", "Disposition-Notification-To"):
        result[name.lower().replace("-", "_")] = addresses(msg, name)
    parts = []
    walk(msg, [], parts)
    for path, part in parts:
        result["defects"] += [repr(d) for d in part.defects]
        if part.is_multipart():
            continue
        if is_attachment(part):
            data = part.get_payload(decode=True)  # the transfer encoding undone, bytes exactly
            result["attachments"].append({
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "disposition": part.get_content_disposition(),
                "content_id": part.get("Content-ID"),
                "size": len(data),
                "base64": base64.b64encode(data).decode("ascii"),
                "sha256": hashlib.sha256(data).hexdigest(),
                "path": path,
            })
        elif part.get_content_type() == "text/plain" and result["text"] is None:
            result["text"] = text_of(part)
        elif part.get_content_type() == "text/html" and result["html"] is None:
            result["html"] = text_of(part)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
