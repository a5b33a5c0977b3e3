// compose(): an EmailMessage → the RFC 5322 / MIME text handed to SMTP DATA (GMime 3 does the
// encoding: RFC 2047 encoded words, folding, RFC 2231 file names, quoted-printable/base64).
// Structure: [multipart/mixed { [multipart/related { body, inline parts }] | body, attachments }],
// body = multipart/alternative { text/plain generated from the HTML, text/html } or text/plain.
#pragma once

#include <chrono>
#include <string>

#include "core/error.hpp"
#include "mail/message.hpp"

namespace mailflow::mail {

struct ComposeOptions {
  std::string hostname;                       // right side of Message-ID; "" → "localhost"
  std::chrono::system_clock::time_point now;  // Date; the epoch (default) → the current time
};

struct Composed {
  std::string data;  // the whole message, CRLF line ends, no line over 998 octets, NOT dot-stuffed
  std::string message_id;  // "<ulid@host>", same as msg.message_id
  bool eight_bit =
      false;  // the data has octets over 127 (only with SMTPUTF8 addresses): BODY=8BITMIME
  bool smtputf8 = false;  // some address (headers or envelope) has a non-ASCII local part
};

// Sets msg.message_id when empty and keeps it otherwise (retries reuse it). Bodies and names are
// always 7-bit encoded. Errors: HeaderInjection (CR/LF in subject, names, file names, content
// ids, hostname), InvalidRequest (invalid UTF-8, a bad content type), Internal (GMime failed).
core::Result<Composed> compose(EmailMessage& msg, const ComposeOptions& opts);

}  // namespace mailflow::mail
