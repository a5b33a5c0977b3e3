// UTF-8 ⇄ UTF-16 conversion and case-insensitive search (see utf16.hpp).
#include "wdl/utf16.hpp"

#include "core/utf8.hpp"

#include <unicode/uchar.h>

namespace mailflow::wdl {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::u16string to_u16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (c < 0x80) cp = c;
    else if ((c >> 5) == 6) { len = 2; cp = c & 0x1F; }
    else if ((c >> 4) == 14) { len = 3; cp = c & 0x0F; }
    else if ((c >> 3) == 30) { len = 4; cp = c & 0x07; }
    else len = 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) ok = false;
      else cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && len > 1 && (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      cp = 0xFFFD;
      len = 1;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
    i += len;
  }
  return out;
}

std::string to_u8(std::u16string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t cp = s[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;  // a lone surrogate (e.g. substring split a pair)
    }
    core::append_utf8(out, cp);
  }
  return out;
}

std::u16string upper_u16(std::u16string_view s) {
  std::u16string out(s);
  for (auto& c : out) c = static_cast<char16_t>(u_toupper(c));
  return out;
}

std::size_t find_u16(std::u16string_view hay, std::u16string_view needle, std::size_t from, bool ignore_case) {
  if (!ignore_case) return hay.find(needle, from);
  return std::u16string_view(upper_u16(hay)).find(upper_u16(needle), from);
}

std::size_t rfind_u16(std::u16string_view hay, std::u16string_view needle, bool ignore_case) {
  if (!ignore_case) return hay.rfind(needle);
  return std::u16string_view(upper_u16(hay)).rfind(upper_u16(needle));
}

}  // namespace mailflow::wdl
