// Small checks on user text shared by the mail layer: UTF-8 validity and header injection.
// Contract: pure functions, no allocation beyond the returned Error.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace mailflow::mail {

bool is_valid_utf8(std::string_view s);
bool is_ascii(std::string_view s);
bool has_cr_or_lf(std::string_view s);

// A value that becomes (part of) a header line: CR or LF → HeaderInjection, never stripped,
// because a stray line break lets a caller add headers of their choosing [RFC 5322 §2.2].
// Invalid UTF-8 → InvalidRequest. `what` names the value in the message ("the subject").
core::Status check_header_value(std::string_view s, std::string_view field, std::string_view what);

}  // namespace mailflow::mail
