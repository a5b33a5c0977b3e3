// UTF-8 and header-injection checks (see text_checks.hpp).
#include "mail/text_checks.hpp"

#include <glib.h>

#include <algorithm>
#include <string>

namespace mailflow::mail {

bool is_valid_utf8(std::string_view s) {
  // g_utf8_validate_len rejects embedded NULs, which is what we want for header text too.
  return g_utf8_validate_len(s.data(), static_cast<gsize>(s.size()), nullptr);
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool has_cr_or_lf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

core::Status check_header_value(std::string_view s, std::string_view field, std::string_view what) {
  if (has_cr_or_lf(s))
    return core::Error(
               core::Code::HeaderInjection,
               std::string(what) +
                   " contains a line break (CR or LF), which is not allowed in a mail header")
        .with_field(std::string(field));
  if (!is_valid_utf8(s))
    return core::Error(core::Code::InvalidRequest, std::string(what) + " is not valid UTF-8 text")
        .with_field(std::string(field));
  return core::ok();
}

}  // namespace mailflow::mail
