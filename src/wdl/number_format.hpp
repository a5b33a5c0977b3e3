// .NET numeric format strings for formatNumber(): standard ("C2", "N0", "F3", "D5", "E", "P",
// "X", "G", "R") and custom patterns ("0,0.00", "#,##0.##", "000", "0.0%", sections with ';',
// quoted literals, '\' escapes). The culture's symbols come from ICU; the default culture is
// en-US, which is what the reference's examples show (formatNumber(17.35, 'C2') is "$17.35").
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::wdl {

core::Result<std::string> format_number(const boost::json::value& original, double n,
                                        std::string_view format, std::string_view locale);

}  // namespace mailflow::wdl
