// Wall-clock helpers: RFC 3339 UTC timestamps with milliseconds ("2026-11-29T07:02:56.123Z").
#pragma once

#include <chrono>
#include <string>

namespace mailflow::core {
std::string to_rfc3339(std::chrono::system_clock::time_point t);
inline std::string now_rfc3339() { return to_rfc3339(std::chrono::system_clock::now()); }
}  // namespace mailflow::core
