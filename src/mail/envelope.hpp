// The SMTP envelope of a message: reverse path and the recipients of RCPT TO [RFC 5321 §3.3].
// Bcc appears here and nowhere else.
#pragma once

#include <string>
#include <vector>

#include "mail/message.hpp"

namespace mailflow::mail {

struct Envelope {
  std::string mail_from;                // From's local@domain_ascii
  std::vector<std::string> recipients;  // To + CC + Bcc in that order, first spelling kept
  bool smtputf8 = false;                // some envelope address has a non-ASCII local part
};

// Recipients are deduplicated case-insensitively (ASCII case folding of the whole address).
Envelope envelope_of(const EmailMessage& msg);

}  // namespace mailflow::mail
