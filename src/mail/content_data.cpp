// ContentData decoding (the rule is in content_data.hpp).
#include "mail/content_data.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "mail/text_checks.hpp"

namespace mailflow::mail {
namespace {

using core::Code;
using core::Error;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The charset parameter of a content type, lower-cased; "" when absent.
std::string charset_of(std::string_view content_type) {
  const auto l = lower(content_type);
  const auto pos = l.find("charset=");
  if (pos == std::string::npos) return {};
  auto v = std::string_view(l).substr(pos + 8);
  v = v.substr(0, v.find(';'));
  v = trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return std::string(v);
}

Error too_large(std::string_view field, std::size_t max_bytes) {
  return Error(Code::PayloadTooLarge,
               "the attachment is larger than the limit of " + std::to_string(max_bytes) + " bytes")
      .with_field(std::string(field));
}

}  // namespace

core::Result<std::string> decode_base64(std::string_view text, std::string_view ignore) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) return Error(Code::Internal, "libsodium failed to initialise");
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  const std::string ign(ignore);
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), ign.c_str(), &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return Error(Code::InvalidBase64, "the data is not valid base64");
  out.resize(len);
  return out;
}

bool is_textual_type(std::string_view content_type) {
  auto t = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (t.rfind("text/", 0) == 0) return true;
  if (t == "application/json" || t == "application/xml" || t == "application/javascript")
    return true;
  return t.ends_with("+json") || t.ends_with("+xml");
}

core::Result<std::string> decode_content_data(std::string_view data, std::string_view content_type,
                                              ContentEncoding enc, std::size_t max_bytes,
                                              std::string_view field) {
  // Cheap bound before decoding anything: base64 yields at most 3 bytes per 4 characters.
  const std::size_t upper = enc == ContentEncoding::None ? data.size() : data.size() / 4 * 3;
  if (upper > max_bytes && (enc == ContentEncoding::None || !is_textual_type(content_type)))
    return too_large(field, max_bytes);
  std::string out;
  if (enc == ContentEncoding::None) {
    out = std::string(data);
  } else if (enc == ContentEncoding::Base64 || !is_textual_type(content_type)) {
    auto r = decode_base64(data);
    if (!r)
      return Error(Code::InvalidBase64, "the attachment content is not valid base64")
          .with_field(std::string(field));
    out = std::move(*r);
  } else {
    auto r = data.empty() ? core::Result<std::string>(Error{}) : decode_base64(data, "\r\n");
    const auto cs = charset_of(content_type);
    const bool utf8_expected = cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii";
    if (r && (!utf8_expected || is_valid_utf8(*r)))
      out = std::move(*r);
    else
      out = std::string(data);
  }
  if (out.size() > max_bytes) return too_large(field, max_bytes);
  return out;
}

}  // namespace mailflow::mail
