// Date and time functions: utcNow, addDays/Hours/Minutes/Seconds, addToTime, subtractFromTime,
// getFutureTime, getPastTime, convertTimeZone, convertToUtc, convertFromUtc, dayOfMonth,
// dayOfWeek, dayOfYear, formatDateTime, parseDateTime, startOfDay/Hour/Month, ticks,
// dateDifference. Timestamps are strings; results use the format argument, default "o".
#include <boost/json/value.hpp>

#include "wdl/args.hpp"
#include "wdl/datetime.hpp"
#include "wdl/datetime_format.hpp"
#include "wdl/function_table.hpp"
#include "wdl/timezone.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

DateTime timestamp(const CallEnv& env, Args a, std::size_t i, std::string_view what = "timestamp") {
  auto s = arg_string(env, a, i, what);
  auto t = parse_timestamp(s);
  if (!t) env.fail_arg(i, what, "'" + std::string(s) + "' is not a valid timestamp");
  return *t;
}

json::value formatted(const CallEnv& env, Args a, std::size_t fmt_index, const DateTime& t) {
  auto fmt = opt_string(env, a, fmt_index, "format");
  auto r = format_datetime(t, fmt);
  if (!r) env.fail_arg(fmt_index, "format", r.error().message);
  return json::string(*r);
}

DateTime shifted(const CallEnv& env, DateTime t, std::int64_t amount, std::string_view unit) {
  std::string u(unit);
  for (auto& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!u.empty() && u.back() == 's') u.pop_back();  // "Days" as well as "Day"
  std::int64_t per = 0;
  if (u == "second") per = kTicksPerSecond;
  else if (u == "minute") per = 60 * kTicksPerSecond;
  else if (u == "hour") per = 3600 * kTicksPerSecond;
  else if (u == "day") per = kTicksPerDay;
  else if (u == "week") per = 7 * kTicksPerDay;
  if (per) {
    std::int64_t delta = 0, ticks = 0;
    if (__builtin_mul_overflow(amount, per, &delta) || __builtin_add_overflow(t.ticks, delta, &ticks) || ticks < 0 ||
        ticks > kMaxTicks)
      env.fail("the resulting timestamp is outside the years 1 to 9999");
    t.ticks = ticks;
    return t;
  }
  std::int64_t months = 0;
  if (u == "month") months = amount;
  else if (u == "year" && !__builtin_mul_overflow(amount, 12, &months)) {}
  else env.fail("'" + std::string(unit) + "' is not a time unit (Second, Minute, Hour, Day, Week, Month, Year)");
  auto r = add_months(t.ticks, months);
  if (!r) env.fail("the resulting timestamp is outside the years 1 to 9999");
  t.ticks = *r;
  return t;
}

template <std::int64_t Per>
json::value add_unit(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  std::int64_t n = arg_int(env, a, 1, "amount");
  std::int64_t delta = 0, ticks = 0;
  if (__builtin_mul_overflow(n, Per, &delta) || __builtin_add_overflow(t.ticks, delta, &ticks) || ticks < 0 ||
      ticks > kMaxTicks)
    env.fail("the resulting timestamp is outside the years 1 to 9999");
  t.ticks = ticks;
  return formatted(env, a, 2, t);
}

json::value add_to_time(const CallEnv& env, Args a) {
  return formatted(env, a, 3, shifted(env, timestamp(env, a, 0), arg_int(env, a, 1, "interval"), arg_string(env, a, 2, "timeUnit")));
}
json::value subtract_from_time(const CallEnv& env, Args a) {
  std::int64_t n = arg_int(env, a, 1, "interval");
  if (n == INT64_MIN) env.fail_arg(1, "interval", "is out of range");
  return formatted(env, a, 3, shifted(env, timestamp(env, a, 0), -n, arg_string(env, a, 2, "timeUnit")));
}

DateTime now(const CallEnv& env) { return from_system_clock(env.ctx.now()); }

json::value utc_now(const CallEnv& env, Args a) { return formatted(env, a, 0, now(env)); }
json::value get_future_time(const CallEnv& env, Args a) {
  return formatted(env, a, 2, shifted(env, now(env), arg_int(env, a, 0, "interval"), arg_string(env, a, 1, "timeUnit")));
}
json::value get_past_time(const CallEnv& env, Args a) {
  std::int64_t n = arg_int(env, a, 0, "interval");
  if (n == INT64_MIN) env.fail_arg(0, "interval", "is out of range");
  return formatted(env, a, 2, shifted(env, now(env), -n, arg_string(env, a, 1, "timeUnit")));
}

Zone zone(const CallEnv& env, Args a, std::size_t i, std::string_view what) {
  auto z = Zone::find(arg_string(env, a, i, what));
  if (!z) env.fail_arg(i, what, z.error().message);
  return *z;
}

DateTime checked(const CallEnv& env, std::int64_t ticks, DateTime::Kind kind) {
  if (ticks < 0 || ticks > kMaxTicks) env.fail("the converted timestamp is outside the years 1 to 9999");
  return DateTime{ticks, kind};
}

// A UTC ('Z') timestamp is already an instant; one without a zone is read in the source zone.
json::value convert_time_zone(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  Zone from = zone(env, a, 1, "sourceTimeZone"), to = zone(env, a, 2, "destinationTimeZone");
  std::int64_t utc = t.kind == DateTime::Kind::Utc ? t.ticks : from.local_to_utc(t.ticks);
  return formatted(env, a, 3, checked(env, to.utc_to_local(utc), DateTime::Kind::Unspecified));
}
json::value convert_to_utc(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  Zone from = zone(env, a, 1, "sourceTimeZone");
  std::int64_t utc = t.kind == DateTime::Kind::Utc ? t.ticks : from.local_to_utc(t.ticks);
  return formatted(env, a, 2, checked(env, utc, DateTime::Kind::Utc));
}
json::value convert_from_utc(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  Zone to = zone(env, a, 1, "destinationTimeZone");
  return formatted(env, a, 2, checked(env, to.utc_to_local(t.ticks), DateTime::Kind::Unspecified));
}

json::value day_of_month(const CallEnv& env, Args a) { return std::int64_t{to_civil(timestamp(env, a, 0).ticks).day}; }
json::value day_of_week_fn(const CallEnv& env, Args a) { return std::int64_t{day_of_week(timestamp(env, a, 0).ticks)}; }
json::value day_of_year_fn(const CallEnv& env, Args a) { return std::int64_t{day_of_year(timestamp(env, a, 0).ticks)}; }
json::value ticks(const CallEnv& env, Args a) { return timestamp(env, a, 0).ticks; }

json::value format_date_time(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  auto r = format_datetime(t, opt_string(env, a, 1, "format"), opt_string(env, a, 2, "locale"));
  if (!r) env.fail(r.error().message);
  return json::string(*r);
}

// parseDateTime(timestamp, locale?, format?): without a format, a day-first locale reads d/M/yyyy.
json::value parse_date_time(const CallEnv& env, Args a) {
  auto text = arg_string(env, a, 0, "timestamp");
  auto locale = opt_string(env, a, 1, "locale");
  auto fmt = opt_string(env, a, 2, "format");
  if (fmt.empty() && locale_day_first(locale)) fmt = text.find(' ') == std::string_view::npos ? "d/M/yyyy" : "d/M/yyyy H:mm:ss";
  if (!fmt.empty()) {
    auto r = parse_with_format(text, fmt, locale);
    if (!r) env.fail_arg(0, "timestamp", r.error().message);
    return json::string(*format_datetime(*r, "o"));
  }
  return json::string(*format_datetime(timestamp(env, a, 0), "o"));
}

template <std::int64_t Unit>
json::value start_of(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  t.ticks -= t.ticks % Unit;
  return formatted(env, a, 1, t);
}
json::value start_of_month(const CallEnv& env, Args a) {
  DateTime t = timestamp(env, a, 0);
  Civil c = to_civil(t.ticks);
  t.ticks = *from_civil(Civil{c.year, c.month, 1, 0, 0, 0, 0});
  return formatted(env, a, 1, t);
}

// dateDifference(start, end) → end − start as .NET TimeSpan text: [-][d.]hh:mm:ss[.fffffff].
json::value date_difference(const CallEnv& env, Args a) {
  std::int64_t d = timestamp(env, a, 1, "endDate").ticks - timestamp(env, a, 0, "startDate").ticks;
  std::string out = d < 0 ? "-" : "";
  std::uint64_t v = d < 0 ? static_cast<std::uint64_t>(-d) : static_cast<std::uint64_t>(d);
  std::uint64_t days = v / kTicksPerDay, rem = v % kTicksPerDay;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", static_cast<unsigned long long>(rem / (3600ULL * kTicksPerSecond)),
                static_cast<unsigned long long>(rem / (60ULL * kTicksPerSecond) % 60),
                static_cast<unsigned long long>(rem / kTicksPerSecond % 60));
  if (days) out += std::to_string(days) + ".";
  out += buf;
  if (auto frac = rem % kTicksPerSecond) {
    std::snprintf(buf, sizeof buf, ".%07llu", static_cast<unsigned long long>(frac));
    out += buf;
  }
  return json::string(out);
}

}  // namespace

void register_datetime_functions(FunctionTable& t) {
  t.add({"utcNow", 0, 1, utc_now});
  t.add({"addDays", 2, 3, add_unit<kTicksPerDay>});
  t.add({"addHours", 2, 3, add_unit<3600 * kTicksPerSecond>});
  t.add({"addMinutes", 2, 3, add_unit<60 * kTicksPerSecond>});
  t.add({"addSeconds", 2, 3, add_unit<kTicksPerSecond>});
  t.add({"addToTime", 3, 4, add_to_time});
  t.add({"subtractFromTime", 3, 4, subtract_from_time});
  t.add({"getFutureTime", 2, 3, get_future_time});
  t.add({"getPastTime", 2, 3, get_past_time});
  t.add({"convertTimeZone", 3, 4, convert_time_zone});
  t.add({"convertToUtc", 2, 3, convert_to_utc});
  t.add({"convertFromUtc", 2, 3, convert_from_utc});
  t.add({"dayOfMonth", 1, 1, day_of_month});
  t.add({"dayOfWeek", 1, 1, day_of_week_fn});
  t.add({"dayOfYear", 1, 1, day_of_year_fn});
  t.add({"formatDateTime", 1, 3, format_date_time});
  t.add({"parseDateTime", 1, 3, parse_date_time});
  t.add({"startOfDay", 1, 2, start_of<kTicksPerDay>});
  t.add({"startOfHour", 1, 2, start_of<3600 * kTicksPerSecond>});
  t.add({"startOfMonth", 1, 2, start_of_month});
  t.add({"ticks", 1, 1, ticks});
  t.add({"dateDifference", 2, 2, date_difference});
}

}  // namespace mailflow::wdl
