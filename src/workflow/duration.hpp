// ISO 8601 durations as Logic Apps writes them (limit.timeout, retryPolicy intervals, Until
// limits): "PT5S", "PT1M", "P1D", "PT7.5S", "P1DT2H30M", "P2W". Result in milliseconds (rounded
// to the nearest). Like .NET's XmlConvert.ToTimeSpan, which Logic Apps uses, a year counts 365
// days and a month 30. A decimal fraction (point or comma) is allowed on the last component only.
// Errors (Code::InvalidRequest) say what is wrong: "PT", "5S", "P1H", "-PT1S", "PT1.5M2S".
#pragma once

#include <chrono>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::workflow {

core::Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace mailflow::workflow
