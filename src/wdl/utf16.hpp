// UTF-8 ⇄ UTF-16 for the string functions: .NET counts string lengths and indexes in UTF-16 code
// units, so substring/length/indexOf do too. Invalid UTF-8 becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace mailflow::wdl {

std::u16string to_u16(std::string_view s);
std::string to_u8(std::u16string_view s);
bool is_ascii(std::string_view s);
// Ordinal search ignoring case (invariant, per code unit) when ignore_case; npos when absent.
std::size_t find_u16(std::u16string_view hay, std::u16string_view needle, std::size_t from, bool ignore_case);
std::size_t rfind_u16(std::u16string_view hay, std::u16string_view needle, bool ignore_case);
std::u16string upper_u16(std::u16string_view s);

}  // namespace mailflow::wdl
