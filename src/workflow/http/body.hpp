// How Http bodies map between workflow values and bytes, as Logic Apps does it:
//  - request: a string is sent as is (text/plain; charset=utf-8 unless a Content-Type header is
//    given); a binary value {"$content-type", "$content": base64} is sent decoded with its type;
//    anything else is serialized as JSON (application/json; charset=utf-8 unless given);
//  - response: JSON content types (application/json, text/json, */*+json) are parsed (a body
//    that does not parse stays a string); text types (text/*, */*+xml, application/xml,
//    application/javascript, application/x-www-form-urlencoded) and bodies without a
//    Content-Type are strings when valid UTF-8; everything else — and text that is not UTF-8 —
//    is the binary value {"$content-type", "$content": base64}. An empty body is null.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::workflow::http {

struct EncodedBody {
  std::string bytes;
  std::string content_type;  // the type to send when the call names none
};

// nullopt for a null body. Errors: Code::InvalidBase64 for a binary value whose $content is not
// base64 (field "body.$content").
core::Result<std::optional<EncodedBody>> encode_request_body(const boost::json::value& body);

boost::json::value decode_response_body(std::string_view bytes, std::string_view content_type);

bool is_valid_utf8(std::string_view s);

}  // namespace mailflow::workflow::http
