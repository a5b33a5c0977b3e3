// Wait: the instant the action resumes at (wait.hpp). Instants are computed in .NET ticks (the
// expression engine's datetime model) and converted back to system_clock, whose nanosecond range
// ends in 2262: a wait beyond that fails rather than overflowing.
#include "workflow/actions/wait.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <optional>

#include "wdl/datetime.hpp"
#include "wdl/value.hpp"
#include "workflow/actions/inputs.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::actions {
namespace json = boost::json;
using Clock = std::chrono::system_clock;

namespace {

constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> kUnitSeconds{
    {{"Second", 1}, {"Minute", 60}, {"Hour", 3600}, {"Day", 86400}, {"Week", 604800}}};

std::optional<std::int64_t> count_of(const json::value* v) {
  if (!v) return std::nullopt;
  std::int64_t n = -1;
  if (wdl::is_integer(*v)) n = wdl::integer_of(*v);
  if (v->is_string()) {
    std::string_view s = v->get_string();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  }
  if (n < 0) return std::nullopt;
  return n;
}

// ticks + count units; nullopt beyond year 9999.
std::optional<std::int64_t> add_units(std::int64_t ticks, std::int64_t count,
                                      std::string_view unit) {
  if (iequals(unit, "Month")) return wdl::add_months(ticks, count);
  for (const auto& [name, seconds] : kUnitSeconds) {
    if (!iequals(unit, name)) continue;
    std::int64_t delta = 0, out = 0;
    if (__builtin_mul_overflow(count, seconds * wdl::kTicksPerSecond, &delta) ||
        __builtin_add_overflow(ticks, delta, &out) || out > wdl::kMaxTicks)
      return std::nullopt;
    return out;
  }
  return std::nullopt;
}

std::optional<Clock::time_point> to_time_point(std::int64_t ticks) {
  constexpr std::int64_t kMaxUnixTicks = INT64_MAX / 100;  // system_clock counts nanoseconds
  std::int64_t unix_ticks = ticks - wdl::kUnixEpochTicks;
  if (unix_ticks > kMaxUnixTicks || unix_ticks < -kMaxUnixTicks) return std::nullopt;
  return Clock::time_point(
      std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(unix_ticks * 100)));
}

WaitOutcome failed(std::string message, const json::value& inputs) {
  return {ActionResult::failed(std::string(detail::kInvalidTemplate), std::move(message), inputs),
          {}};
}

WaitOutcome wait_interval(const json::value& interval, const json::value& inputs,
                          Clock::time_point now) {
  auto count = count_of(detail::input(interval, "count"));
  if (!count)
    return failed("The Wait action's interval.count must be an integer from 0 upwards.", inputs);
  const json::value* unit = detail::input(interval, "unit");
  std::string_view u = unit && unit->is_string() ? std::string_view(unit->get_string()) : "";
  bool known = iequals(u, "Month");
  for (const auto& entry : kUnitSeconds) known = known || iequals(u, entry.first);
  if (!known)
    return failed("The Wait action's interval.unit " + detail::quoted(u) +
                      " is not valid: it must be Second, Minute, Hour, Day, Week or Month.",
                  inputs);
  auto ticks = add_units(wdl::from_system_clock(now).ticks, *count, u);
  auto at = ticks ? to_time_point(*ticks) : std::nullopt;
  if (!at)
    return failed("The Wait action's interval of " + std::to_string(*count) + " " + std::string(u) +
                      "(s) ends too far in the future.",
                  inputs);
  return {detail::succeeded(inputs, nullptr), *at};
}

WaitOutcome wait_until(const json::value& until, const json::value& inputs, Clock::time_point now) {
  const json::value* ts = detail::input(until, "timestamp");
  auto parsed = ts && ts->is_string() ? wdl::parse_timestamp(ts->get_string()) : std::nullopt;
  if (!parsed)
    return failed("The Wait action's until.timestamp " +
                      (ts ? detail::quoted(wdl::to_text(*ts)) + " " : std::string()) +
                      "is not a valid timestamp (ISO 8601, e.g. 2017-10-01T00:00:00Z).",
                  inputs);
  auto at = to_time_point(parsed->ticks);
  if (!at) return failed("The Wait action's until.timestamp is too far in the future.", inputs);
  return {detail::succeeded(inputs, nullptr), std::max(*at, now)};
}

WaitOutcome wait_for(const json::value& inputs, Clock::time_point now) {
  const json::value* interval = detail::input(inputs, "interval");
  const json::value* until = detail::input(inputs, "until");
  if (interval && until)
    return failed("The Wait action takes either interval or until, not both.", inputs);
  if (interval) {
    if (!interval->is_object())
      return {detail::wrong_input("Wait", "interval", "an object", interval, inputs), {}};
    return wait_interval(*interval, inputs, now);
  }
  if (until && until->is_object()) return wait_until(*until, inputs, now);
  return {detail::wrong_input("Wait", until ? "until" : "interval", "an object", until, inputs),
          {}};
}

}  // namespace

WaitOutcome wait(const json::value& inputs, Clock::time_point now) {
  WaitOutcome out = wait_for(inputs, now);
  if (out.result.status == Status::Succeeded)
    out.delay = std::chrono::ceil<std::chrono::milliseconds>(out.resume_at - now);
  return out;
}

}  // namespace mailflow::workflow::actions
