// Timestamps as .NET DateTime models them: 100-ns ticks since 0001-01-01T00:00:00 plus a kind.
// A timestamp with 'Z' is Utc (printed with 'Z' by "o"); one without a zone is Unspecified
// (printed without); one with an offset is converted to UTC. Parsing accepts ISO 8601, the
// invariant "M/d/yyyy[ h:mm[:ss][ AM|PM]]" and RFC 1123 ("Thu, 15 Mar 2018 13:00:00 GMT").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mailflow::wdl {

inline constexpr std::int64_t kTicksPerSecond = 10'000'000;
inline constexpr std::int64_t kTicksPerDay = 86'400 * kTicksPerSecond;
inline constexpr std::int64_t kMaxTicks = 3'155'378'975'999'999'999;  // 9999-12-31T23:59:59.9999999
inline constexpr std::int64_t kUnixEpochTicks = 621'355'968'000'000'000;

struct DateTime {
  enum class Kind { Unspecified, Utc };
  std::int64_t ticks = 0;
  Kind kind = Kind::Unspecified;
};

struct Civil {
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::int64_t fraction = 0;  // ticks within the second, 0..9'999'999
};

Civil to_civil(std::int64_t ticks);
std::optional<std::int64_t> from_civil(const Civil& c);  // nullopt when out of range / invalid
int days_in_month(int year, int month);
int day_of_week(std::int64_t ticks);  // 0 = Sunday
int day_of_year(std::int64_t ticks);
std::optional<std::int64_t> add_months(std::int64_t ticks, std::int64_t months);  // clamps the day

std::optional<DateTime> parse_timestamp(std::string_view text);
DateTime from_system_clock(std::chrono::system_clock::time_point t);

}  // namespace mailflow::wdl
