// Wall-clock helpers: RFC 3339 UTC timestamps with milliseconds ("2026-11-29T07:02:56.123Z").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace mailflow::core {
std::string to_rfc3339(std::chrono::system_clock::time_point t);
inline std::string now_rfc3339() { return to_rfc3339(std::chrono::system_clock::now()); }
// Milliseconds since the Unix epoch: how the store keeps times.
inline std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
inline std::string ms_to_rfc3339(std::int64_t ms) {
  return to_rfc3339(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}
}  // namespace mailflow::core
