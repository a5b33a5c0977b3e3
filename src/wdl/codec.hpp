// Byte codecs the conversion functions share: base64 (RFC 4648 §4), percent-encoding as .NET's
// Uri.EscapeDataString does it (RFC 3986 unreserved characters stay), and Logic Apps' binary
// value {"$content-type": ..., "$content": base64}.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace mailflow::wdl {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);  // nullopt when malformed
std::string percent_encode(std::string_view bytes);
std::string percent_decode(std::string_view text);  // a bad escape stays literal
boost::json::value binary_value(std::string_view bytes, std::string_view content_type = "application/octet-stream");
// The bytes of a binary value ({"$content": base64}); nullopt when v is not one.
std::optional<std::string> binary_bytes(const boost::json::value& v);

}  // namespace mailflow::wdl
