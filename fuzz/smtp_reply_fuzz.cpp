// Fuzzes what a hostile SMTP server controls: reply parsing (multi-line, enhanced codes, limits),
// capability parsing from an EHLO reply, and the line splitter; plus dot-stuffing of any message.
// Invariants: no crash, limits hold, dot-stuffed output never ends the DATA phase early.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smtp/capabilities.hpp"
#include "smtp/reply.hpp"
#include "smtp/wire.hpp"

using namespace mailflow::smtp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ReplyLimits limits{256, 20};
  if (auto r = parse_reply(in, limits)) {
    if (r->lines.size() > limits.max_lines) std::abort();
    if (r->code < 200 || r->code > 599) std::abort();
    (void)parse_capabilities(*r);
    (void)r->text();
  }
  std::string stuffed = dot_stuff(in);
  // The only "CRLF . CRLF" may be the terminator at the very end.
  auto end = stuffed.find("\r\n.\r\n");
  if (end == std::string::npos || end + 5 != stuffed.size()) {
    if (!(stuffed.rfind(".\r\n", 0) == 0 && stuffed.size() == 3)) std::abort();
  }
  return 0;
}
