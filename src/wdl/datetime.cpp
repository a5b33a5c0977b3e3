// Calendar arithmetic on ticks (proleptic Gregorian, as .NET) and timestamp parsing (datetime.hpp).
#include "wdl/datetime.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace mailflow::wdl {
namespace {

// Days since 0001-01-01 of a civil date (era-based algorithm over 400-year cycles).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + 719162;  // 1970-01-01 is day 719162 since 0001-01-01
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  void spaces() {
    while (!done() && s[i] == ' ') ++i;
  }
  // Reads min..max digits; -1 when fewer than min.
  int digits(int min, int max, int* count = nullptr) {
    int v = 0, n = 0;
    while (n < max && !done() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i++] - '0');
      ++n;
    }
    if (count) *count = n;
    return n < min ? -1 : v;
  }
};

// [T| ]hh:mm[:ss[.fffffff]]
bool parse_time(Cursor& c, Civil& out) {
  out.hour = c.digits(1, 2);
  if (out.hour < 0 || !c.eat(':')) return false;
  out.minute = c.digits(2, 2);
  if (out.minute < 0) return false;
  if (c.eat(':')) {
    out.second = c.digits(2, 2);
    if (out.second < 0) return false;
    if (c.eat('.') || c.eat(',')) {
      std::int64_t f = 0;
      int n = 0;
      while (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek()))) {
        if (n < 7) f = f * 10 + (c.s[c.i] - '0');
        ++n;
        ++c.i;
      }
      if (n == 0) return false;
      for (int k = n; k < 7; ++k) f *= 10;
      out.fraction = f;
    }
  }
  return true;
}

// Z | ±hh[:mm] | ±hhmm → offset minutes; nullopt-like false on junk.
bool parse_zone(Cursor& c, bool& has_zone, bool& utc, int& offset_min) {
  c.spaces();
  if (c.eat('Z') || c.eat('z')) {
    has_zone = utc = true;
    return true;
  }
  if (c.s.substr(c.i) == "GMT" || c.s.substr(c.i) == "UTC") {
    c.i += 3;
    has_zone = utc = true;
    return true;
  }
  char sign = c.peek();
  if (sign != '+' && sign != '-') return true;
  ++c.i;
  int h = c.digits(2, 2);
  if (h < 0) return false;
  c.eat(':');
  int cnt = 0;
  int m = c.digits(0, 2, &cnt);
  if (cnt == 1 || h > 14 || m > 59) return false;
  has_zone = utc = true;
  offset_min = (sign == '-' ? -1 : 1) * (h * 60 + (cnt ? m : 0));
  return true;
}

std::optional<DateTime> finish(Cursor& c, Civil& civ) {
  bool has_zone = false, utc = false;
  int offset = 0;
  if (!parse_zone(c, has_zone, utc, offset)) return std::nullopt;
  c.spaces();
  if (!c.done()) return std::nullopt;
  auto t = from_civil(civ);
  if (!t) return std::nullopt;
  std::int64_t ticks = *t - static_cast<std::int64_t>(offset) * 60 * kTicksPerSecond;
  if (ticks < 0 || ticks > kMaxTicks) return std::nullopt;
  return DateTime{ticks, utc ? DateTime::Kind::Utc : DateTime::Kind::Unspecified};
}

std::optional<DateTime> parse_iso(std::string_view s) {
  Cursor c{s};
  Civil civ;
  int n = 0;
  civ.year = c.digits(4, 4, &n);
  if (civ.year < 0 || !c.eat('-')) return std::nullopt;
  civ.month = c.digits(1, 2);
  if (civ.month < 0 || !c.eat('-')) return std::nullopt;
  civ.day = c.digits(1, 2);
  if (civ.day < 0) return std::nullopt;
  if ((c.eat('T') || c.eat('t') || c.eat(' ')) && !parse_time(c, civ)) return std::nullopt;
  return finish(c, civ);
}

// M/d/yyyy[ h:mm[:ss][ AM|PM]] — the invariant culture's short date and long time.
std::optional<DateTime> parse_us(std::string_view s) {
  Cursor c{s};
  Civil civ;
  civ.month = c.digits(1, 2);
  if (civ.month < 0 || !c.eat('/')) return std::nullopt;
  civ.day = c.digits(1, 2);
  if (civ.day < 0 || !c.eat('/')) return std::nullopt;
  civ.year = c.digits(4, 4);
  if (civ.year < 0) return std::nullopt;
  c.spaces();
  if (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek()))) {
    if (!parse_time(c, civ)) return std::nullopt;
    c.spaces();
    std::string rest(c.s.substr(c.i, 2));
    for (auto& ch : rest) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (rest == "AM" || rest == "PM") {
      if (civ.hour < 1 || civ.hour > 12) return std::nullopt;
      civ.hour = civ.hour % 12 + (rest == "PM" ? 12 : 0);
      c.i += 2;
    }
  }
  return finish(c, civ);
}

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// [ddd, ]dd MMM yyyy HH:mm[:ss] (GMT|zone) — RFC 1123 / RFC 5322 §3.3 dates.
std::optional<DateTime> parse_rfc1123(std::string_view s) {
  Cursor c{s};
  if (auto comma = s.find(','); comma != std::string_view::npos && comma <= 9) c.i = comma + 1;
  c.spaces();
  Civil civ;
  civ.day = c.digits(1, 2);
  c.spaces();
  std::string_view mon = s.substr(c.i, 3);
  civ.month = 0;
  for (std::size_t k = 0; k < kMonths.size(); ++k)
    if (mon.size() == 3 && std::tolower(mon[0]) == std::tolower(kMonths[k][0]) &&
        std::tolower(mon[1]) == kMonths[k][1] && std::tolower(mon[2]) == kMonths[k][2])
      civ.month = static_cast<int>(k) + 1;
  if (civ.day < 0 || civ.month == 0) return std::nullopt;
  c.i += 3;
  c.spaces();
  civ.year = c.digits(4, 4);
  c.spaces();
  if (civ.year < 0 || !parse_time(c, civ)) return std::nullopt;
  return finish(c, civ);
}

}  // namespace

Civil to_civil(std::int64_t ticks) {
  Civil c;
  std::int64_t days = ticks / kTicksPerDay;
  std::int64_t rem = ticks % kTicksPerDay;
  // Inverse of days_from_civil.
  std::int64_t z = days - 719162 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  c.hour = static_cast<int>(rem / (3600 * kTicksPerSecond));
  c.minute = static_cast<int>(rem / (60 * kTicksPerSecond) % 60);
  c.second = static_cast<int>(rem / kTicksPerSecond % 60);
  c.fraction = rem % kTicksPerSecond;
  return c;
}

int days_in_month(int y, int m) {
  static constexpr int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

std::optional<std::int64_t> from_civil(const Civil& c) {
  if (c.year < 1 || c.year > 9999 || c.month < 1 || c.month > 12 || c.day < 1 ||
      c.day > days_in_month(c.year, c.month) || c.hour < 0 || c.hour > 23 || c.minute < 0 || c.minute > 59 ||
      c.second < 0 || c.second > 59 || c.fraction < 0 || c.fraction >= kTicksPerSecond)
    return std::nullopt;
  return days_from_civil(c.year, c.month, c.day) * kTicksPerDay +
         ((c.hour * 60LL + c.minute) * 60 + c.second) * kTicksPerSecond + c.fraction;
}

int day_of_week(std::int64_t ticks) { return static_cast<int>((ticks / kTicksPerDay + 1) % 7); }  // 0001-01-01 was a Monday

int day_of_year(std::int64_t ticks) {
  Civil c = to_civil(ticks);
  return static_cast<int>(ticks / kTicksPerDay - days_from_civil(c.year, 1, 1)) + 1;
}

std::optional<std::int64_t> add_months(std::int64_t ticks, std::int64_t months) {
  if (months > 120000 || months < -120000) return std::nullopt;
  Civil c = to_civil(ticks);
  std::int64_t m = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1) + months;
  c.year = static_cast<int>(m / 12);
  c.month = static_cast<int>(m % 12) + 1;
  if (c.year < 1 || c.year > 9999) return std::nullopt;
  c.day = std::min(c.day, days_in_month(c.year, c.month));
  return from_civil(c);
}

std::optional<DateTime> parse_timestamp(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (auto t = parse_iso(text)) return t;
  if (auto t = parse_us(text)) return t;
  return parse_rfc1123(text);
}

DateTime from_system_clock(std::chrono::system_clock::time_point t) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return DateTime{kUnixEpochTicks + us * 10, DateTime::Kind::Utc};
}

}  // namespace mailflow::wdl
