// smtp::Capabilities — the ESMTP extensions a server announced in its EHLO reply (RFC 5321
// §4.1.1.1), as a bitmask checked before each use, plus SIZE's limit and AUTH's mechanisms.
// Keywords are case-insensitive; unknown ones are kept (for probe()) but never acted upon.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/reply.hpp"

namespace mailflow::smtp {

enum class Ext : std::uint32_t {
  Pipelining = 1u << 0,           // RFC 2920
  Size = 1u << 1,                 // RFC 1870
  StartTls = 1u << 2,             // RFC 3207
  Auth = 1u << 3,                 // RFC 4954
  EightBitMime = 1u << 4,         // RFC 6152
  SmtpUtf8 = 1u << 5,             // RFC 6531
  Dsn = 1u << 6,                  // RFC 3461
  EnhancedStatusCodes = 1u << 7,  // RFC 2034
  Chunking = 1u << 8,             // RFC 3030
};

struct Capabilities {
  std::uint32_t bits = 0;
  std::uint64_t size_limit = 0;            // SIZE n; 0 = not announced or no limit
  std::vector<std::string> auth;           // mechanisms, upper case ("PLAIN", "LOGIN", ...)
  std::vector<std::string> keywords;       // every EHLO line after the greeting, as sent

  bool has(Ext e) const { return (bits & static_cast<std::uint32_t>(e)) != 0; }
  bool offers_auth(std::string_view mechanism) const;  // case-insensitive
  void disable(Ext e) { bits &= ~static_cast<std::uint32_t>(e); }  // switch a broken one off
};

// The first line of an EHLO reply is the server's greeting; each further line one extension.
// A HELO reply (or an EHLO reply with one line) yields no extensions.
Capabilities parse_capabilities(const Reply& ehlo_reply);

}  // namespace mailflow::smtp
