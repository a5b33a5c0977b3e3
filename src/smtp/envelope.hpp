// What one send asks for (Envelope) and what it got (SendResult), and what probe() reports.
// These are the values the HTTP and outbox layers exchange with the SMTP client.
#pragma once

#include <string>
#include <vector>

#include "smtp/reply.hpp"
#include "smtp/settings.hpp"

namespace mailflow::smtp {

struct Envelope {
  std::string mail_from;                // ASCII or UTF-8 (then smtputf8 = true); may be empty for <>
  std::vector<std::string> recipients;  // envelope addresses, A-label domains
  bool smtputf8 = false;                // message or addresses need SMTPUTF8
  bool eight_bit = false;               // body has 8-bit content → BODY=8BITMIME
  bool dsn = false;                     // DeliveryReceipt: NOTIFY=SUCCESS,FAILURE RET=HDRS when offered
  std::string envid;                    // optional ENVID
  // Every recipient refused: by default an error (what a synchronous caller wants); the outbox
  // asks for a SendResult with each refusal instead, since it decides per recipient (4xx vs 5xx).
  bool refusals_as_result = false;
};

struct RecipientResult {
  std::string address;
  Reply reply;
};

struct SendResult {
  Reply final_reply;                      // the 250 to the end of DATA
  std::vector<std::string> accepted;
  std::vector<RecipientResult> rejected;  // per-recipient refusals (some may be accepted)
  std::vector<std::string> warnings;      // e.g. DSN requested but not offered
};

struct ProbeResult {
  TlsMode tls;                            // Implicit, StartTls (negotiated) or None
  std::string tls_version;                // "TLSv1.3" or empty
  std::string auth;                       // mechanism used ("PLAIN") or "none"
  std::vector<std::string> capabilities;  // EHLO keywords as announced
  std::string greeting;                   // the 220 text
};

}  // namespace mailflow::smtp
