// Test helper: writes a composed message to a temp file and runs the independent parser
// tests/support/parse_mail.py (Python's email package) on it, returning its JSON.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace mailflow::mail::testing {

boost::json::value parse_with_python(const std::string& message);

// Base64 of raw bytes (for comparing attachments with the parser's "base64").
std::string to_base64(const std::string& bytes);

}  // namespace mailflow::mail::testing
