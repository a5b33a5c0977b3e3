// EmailMessage: one mail as the connector describes it, independent of JSON and of MIME.
// Filled by from_connector_json() (connector_json.hpp), turned into RFC 5322 text by compose()
// (compose.hpp) and into SMTP envelope addresses by envelope_of() (envelope.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mail/address.hpp"

namespace mailflow::mail {

enum class Importance { Normal, Low, High };

struct Attachment {
  std::string file_name;     // UTF-8, may be empty
  std::string content_type;  // "type/subtype[; params]", checked by the JSON mapping
  std::string content_id;    // without '<>'; non-empty → an inline part referenced as cid:
  std::string data;          // decoded bytes
  bool inline_part() const { return !content_id.empty(); }
};

struct EmailMessage {
  Address from;
  std::vector<Address> to, cc, bcc;
  std::string subject, body;
  bool is_html = true;
  Importance importance = Importance::Normal;
  std::optional<Address> read_receipt, delivery_receipt;
  std::vector<Attachment> attachments;
  std::string
      message_id;  // "<ulid@host>"; set by compose() when empty, then kept (retries reuse it)
};

}  // namespace mailflow::mail
