// Retry policy parsing and delays (the rules and their source are in retry_policy.hpp).
#include "workflow/retry_policy.hpp"

#include <algorithm>
#include <cmath>

#include "workflow/duration.hpp"
#include "workflow/json_access.hpp"

namespace mailflow::workflow {
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

constexpr int kMaxCount = 90;
constexpr milliseconds kExponentialMaximum{86'400'000};  // P1D, Consumption's default

core::Error field_error(std::string field, std::string message) {
  return core::Error(core::Code::InvalidRequest, std::move(message)).with_field(std::move(field));
}

// A duration member; `fallback` when absent.
core::Result<milliseconds> duration_member(const json::object& o, std::string_view key,
                                           std::optional<milliseconds> fallback) {
  const json::value* v = detail::member(o, key);
  if (!v) {
    if (fallback) return *fallback;
    return field_error(std::string(key), "is required for this retry policy type");
  }
  if (!v->is_string()) return field_error(std::string(key), "must be an ISO 8601 duration string");
  auto d = parse_duration(v->get_string());
  if (!d.ok()) return field_error(std::string(key), d.error().message);
  return *d;
}

core::Result<int> count_member(const json::object& o) {
  const json::value* v = detail::member(o, "count");
  if (!v) return field_error("count", "is required for this retry policy type");
  Problems ignored;
  auto n = detail::integer_at(o, "count", "", ignored);
  if (!n || *n < 1 || *n > kMaxCount)
    return field_error("count", "must be an integer from 1 to " + std::to_string(kMaxCount));
  return static_cast<int>(*n);
}

core::Result<RetryPolicy> parse_exponential(const json::object& o, RetryPolicy p) {
  auto count = count_member(o);
  if (!count.ok()) return std::move(count).error();
  auto interval = duration_member(o, "interval", std::nullopt);
  if (!interval.ok()) return std::move(interval).error();
  auto minimum = duration_member(o, "minimumInterval", milliseconds(5'000));
  if (!minimum.ok()) return std::move(minimum).error();
  auto maximum = duration_member(o, "maximumInterval", kExponentialMaximum);
  if (!maximum.ok()) return std::move(maximum).error();
  if (*minimum > *maximum)
    return field_error("minimumInterval", "must not be longer than maximumInterval");
  p.count = *count;
  p.interval = *interval;
  p.minimum = *minimum;
  p.maximum = *maximum;
  return p;
}

}  // namespace

RetryPolicy default_retry_policy() { return RetryPolicy{}; }

core::Result<RetryPolicy> parse_retry_policy(const json::value& v) {
  if (!v.is_object()) return field_error("", "must be an object such as {\"type\": \"none\"}");
  const auto& o = v.get_object();
  const json::value* type = detail::member(o, "type");
  if (!type || !type->is_string())
    return field_error("type", "is required: none, fixed or exponential");
  std::string_view t = type->get_string();
  RetryPolicy p;
  if (iequals(t, "none")) {
    p.kind = RetryPolicy::Kind::None;
    p.count = 0;
    return p;
  }
  if (iequals(t, "exponential")) return parse_exponential(o, p);
  if (!iequals(t, "fixed"))
    return field_error(
        "type", "'" + std::string(t) + "' is not a retry policy type (none, fixed, exponential)");
  p.kind = RetryPolicy::Kind::Fixed;
  auto count = count_member(o);
  if (!count.ok()) return std::move(count).error();
  auto interval = duration_member(o, "interval", std::nullopt);
  if (!interval.ok()) return std::move(interval).error();
  p.count = *count;
  p.interval = p.minimum = p.maximum = *interval;
  return p;
}

bool is_retryable(const AttemptFailure& f) {
  if (f.connection_error) return true;
  return f.http_status == 408 || f.http_status == 429 ||
         (f.http_status >= 500 && f.http_status <= 599);
}

std::optional<milliseconds> retry_delay(const RetryPolicy& p, int retry, const AttemptFailure& f,
                                        const UniformRandom& random) {
  if (p.kind == RetryPolicy::Kind::None || retry < 1 || retry > p.count || !is_retryable(f))
    return std::nullopt;
  if (p.kind == RetryPolicy::Kind::Fixed) return p.interval;
  // The range [2^(n-2)·interval, 2^(n-1)·interval] (0 for the first lower bound), both ends
  // clamped into [minimum, maximum] so the range stays well-formed when the clamps cross it.
  double interval = static_cast<double>(p.interval.count());
  double low = retry == 1 ? 0.0 : std::ldexp(interval, retry - 2);
  double high = std::ldexp(interval, retry - 1);
  double lo_clamp = static_cast<double>(p.minimum.count());
  double hi_clamp = static_cast<double>(p.maximum.count());
  low = std::clamp(low, lo_clamp, hi_clamp);
  high = std::clamp(high, lo_clamp, hi_clamp);
  double r = std::clamp(random(), 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(std::llround(low + (high - low) * r)));
}

}  // namespace mailflow::workflow
