// Body mapping (see body.hpp for the rules and why).
#include "workflow/http/body.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "wdl/codec.hpp"

namespace mailflow::workflow::http {
namespace json = boost::json;

namespace {

// "Application/JSON; charset=utf-8" -> "application/json"
std::string media_type(std::string_view content_type) {
  auto end = content_type.find(';');
  std::string_view t = content_type.substr(0, end);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  std::string out(t);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_json_type(std::string_view t) {
  return t == "application/json" || t == "text/json" || ends_with(t, "+json");
}

bool is_text_type(std::string_view t) {
  return t.rfind("text/", 0) == 0 || t == "application/xml" || ends_with(t, "+xml") ||
         t == "application/javascript" || t == "application/x-www-form-urlencoded";
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  static constexpr char32_t min_for[] = {0, 0x80, 0x800, 0x10000};
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;  // continuation bytes
    if (c < 0x80)
      n = 0;
    else if ((c >> 5) == 0x6)
      n = 1;
    else if ((c >> 4) == 0xE)
      n = 2;
    else if ((c >> 3) == 0x1E)
      n = 3;
    else
      return false;
    if (s.size() - i <= n) return false;  // truncated sequence
    char32_t cp = n == 0 ? c : (c & (0x3F >> n));
    for (std::size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min_for[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

core::Result<std::optional<EncodedBody>> encode_request_body(const json::value& body) {
  if (body.is_null()) return std::optional<EncodedBody>();
  if (body.is_string())
    return std::optional<EncodedBody>(
        EncodedBody{std::string(body.get_string()), "text/plain; charset=utf-8"});
  if (body.is_object() && body.get_object().contains("$content")) {
    auto bytes = wdl::binary_bytes(body);
    if (!bytes)
      return core::Error(core::Code::InvalidBase64, "$content is not valid base64")
          .with_field("body.$content");
    std::string type = "application/octet-stream";
    if (const auto* t = body.get_object().if_contains("$content-type"); t && t->is_string())
      type = std::string(t->get_string());
    return std::optional<EncodedBody>(EncodedBody{std::move(*bytes), std::move(type)});
  }
  return std::optional<EncodedBody>(
      EncodedBody{json::serialize(body), "application/json; charset=utf-8"});
}

json::value decode_response_body(std::string_view bytes, std::string_view content_type) {
  if (bytes.empty()) return nullptr;
  std::string type = media_type(content_type);
  if (is_json_type(type)) {
    boost::system::error_code ec;
    json::value v = json::parse(bytes, ec);
    if (!ec) return v;
  }
  if ((type.empty() || is_json_type(type) || is_text_type(type)) && is_valid_utf8(bytes))
    return json::string(bytes);
  return wdl::binary_value(bytes, type.empty() ? "application/octet-stream" : content_type);
}

}  // namespace mailflow::workflow::http
