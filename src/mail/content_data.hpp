// Attachment ContentData: how a string from the connector becomes the attachment's bytes.
//
// The rule (what a user of the connector expects; Azure documents "base64 for binary, as-is for
// text"):
//  - Encoding::Base64 (V1 ContentTransferEncoding "base64", or the "$content" of a Logic Apps
//    binary object): must be valid base64 (RFC 4648 alphabet, padded; spaces, tabs and line
//    breaks ignored), else InvalidBase64.
//  - Encoding::None (V1 ContentTransferEncoding "none"): the string's UTF-8 bytes as they are.
//  - Encoding::Auto (no ContentTransferEncoding):
//      * non-text content types must be valid base64, else InvalidBase64;
//      * text types (text/*, application/json, application/xml, application/javascript, */*+json,
//        */*+xml) are decoded when the string is base64 with nothing but line breaks between the
//        groups AND the decoded bytes are valid UTF-8 (or the type names a charset other than
//        UTF-8/US-ASCII); otherwise the string is the content as-is. So "SGVsbG8=" is "Hello",
//        while "Hello, world" or "abcd" (decodes to invalid UTF-8) stay as written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::mail {

enum class ContentEncoding { Auto, Base64, None };

// Strict base64 (libsodium, VARIANT_ORIGINAL); `ignore` lists the characters skipped between
// groups.
core::Result<std::string> decode_base64(std::string_view text, std::string_view ignore = " \t\r\n");

// "text/plain; charset=utf-8" → true; "application/pdf" → false. Case-insensitive.
bool is_textual_type(std::string_view content_type);

// Applies the rule above; errors carry `field`. Sizes over max_bytes → PayloadTooLarge.
core::Result<std::string> decode_content_data(std::string_view data, std::string_view content_type,
                                              ContentEncoding enc, std::size_t max_bytes,
                                              std::string_view field);

}  // namespace mailflow::mail
