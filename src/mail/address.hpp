// Mail addresses as users write them in the connector's To/CC/Bcc/From fields, parsed into parts.
// Contract: lists are separated by ';' or ','; a quoted display name may contain both; every input
// is either fully accepted or rejected with an Error naming the JSON field (never silently fixed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace mailflow::mail {

struct Address {
  std::string display_name;      // UTF-8, may be empty
  std::string local;             // UTF-8
  std::string domain;            // as given (may be Unicode)
  std::string domain_ascii;      // IDNA 2008 A-label form (libidn2), e.g. xn--...
  bool needs_smtputf8() const;   // non-ASCII local part [RFC 6531]
  std::string envelope() const;  // local@domain_ascii (for MAIL FROM / RCPT TO)
};

// "a@x.com; B <b@y.org>, \"Last, First\" <c@z.de>; 张三 <z@example.cn>". Empty items (";;", a
// trailing ';') are skipped, so "" yields an empty list. `field` names the JSON field ("To").
// Errors: Code::InvalidAddress (no '@', spaces, empty local part or domain, bad characters,
// unbalanced quotes or '<>', a domain that is not valid IDNA, over RFC 5321's 64/255 octets),
// Code::HeaderInjection (CR or LF anywhere in `text`).
core::Result<std::vector<Address>> parse_address_list(std::string_view text,
                                                      std::string_view field);

// Exactly one address (a list of one); "" or a list of several is InvalidAddress.
core::Result<Address> parse_address(std::string_view text, std::string_view field);

}  // namespace mailflow::mail
