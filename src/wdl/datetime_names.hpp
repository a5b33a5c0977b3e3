// Culture data shared by the .NET date formatter and parser: month/day names and AM/PM of a
// locale (en-US built in, others from ICU), the en-US pattern of each standard format letter, and
// the length of a run of one specifier letter ("MMMM" → 4).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace mailflow::wdl {

struct Names {
  std::vector<std::string> months, short_months, days, short_days;  // days[0] = Sunday
  std::string am = "AM", pm = "PM";
};

Names english();
core::Result<Names> names_for(std::string_view locale);  // "" = en-US
std::string_view standard_pattern(char letter);           // "" when not a standard letter
std::size_t run_length(std::string_view format, std::size_t i);

}  // namespace mailflow::wdl
