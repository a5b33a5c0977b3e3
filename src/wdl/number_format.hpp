// .NET numeric format strings for formatNumber(): standard ("C2", "N0", "F3", "D5", "E", "P",
// "X", "G", "R") and custom patterns ("0,0.00", "#,##0.##", "000", "0.0%", sections with ';',
// quoted literals, '\' escapes). The culture's symbols come from ICU; the default culture is
// en-US, which is what the reference's examples show (formatNumber(17.35, 'C2') is "$17.35").
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::wdl {

core::Result<std::string> format_number(const boost::json::value& original, double n,
                                        std::string_view format, std::string_view locale);

// Reads a number written in a culture ("10,000.333" in en-US, "10.000,333" in de-DE): group
// separators are dropped, the decimal separator becomes '.'. nullopt when it is not a number.
std::optional<double> parse_culture_number(std::string_view text, std::string_view locale);

}  // namespace mailflow::wdl
