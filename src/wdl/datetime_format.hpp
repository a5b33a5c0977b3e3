// .NET date and time format strings, written here because no library speaks them: the standard
// single letters (d D f F g G M m O o R r s t T u U Y y) with en-US patterns — the culture the
// reference's examples show ('D' → "Tuesday, January 2, 2018") — and custom patterns (yyyy MMMM
// dddd HH hh mm ss f…fffffff F…FFFFFFF tt K z zz zzz, quotes, '\', '%'). A locale ("fr-FR") changes
// month and day names and AM/PM designators (from ICU), not the standard patterns.
// parse_with_format() is the inverse for parseDateTime's custom format.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "wdl/datetime.hpp"

namespace mailflow::wdl {

core::Result<std::string> format_datetime(const DateTime& t, std::string_view format, std::string_view locale = {});
core::Result<DateTime> parse_with_format(std::string_view text, std::string_view format, std::string_view locale = {});
// A locale's short date order for parseDateTime without format: true when day comes before month.
bool locale_day_first(std::string_view locale);

}  // namespace mailflow::wdl
