#include "outbox/retry_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace mailflow::outbox {
namespace json = boost::json;
using namespace std::chrono;

RetrySchedule RetrySchedule::from_json(const json::object* retry) {
  RetrySchedule r;
  if (!retry) return r;
  auto seconds = [&](const char* key, std::chrono::seconds& out) {
    if (auto* v = retry->if_contains(key); v && v->is_int64()) out = std::chrono::seconds(v->as_int64());
  };
  seconds("initialDelaySeconds", r.initial_delay);
  seconds("maxDelaySeconds", r.max_delay);
  seconds("lifetimeSeconds", r.lifetime);
  return r;
}

milliseconds RetrySchedule::delay_after(int attempt, double unit) const {
  // 2^(attempt-1) in floating point: no overflow however many attempts a long lifetime allows.
  double base = duration<double>(initial_delay).count() * std::pow(2.0, std::max(0, attempt - 1));
  base = std::min(base, duration<double>(max_delay).count());
  double jittered = base * (0.8 + 0.4 * std::clamp(unit, 0.0, 1.0));
  jittered = std::min(jittered, duration<double>(max_delay).count());
  return std::max(milliseconds(1000), milliseconds(static_cast<std::int64_t>(jittered * 1000)));
}

std::optional<std::int64_t> RetrySchedule::next_attempt_ms(int attempt, std::int64_t now_ms,
                                                           std::int64_t expires_ms,
                                                           double unit) const {
  if (now_ms >= expires_ms) return std::nullopt;
  return std::min(now_ms + delay_after(attempt, unit).count(), expires_ms);
}

}  // namespace mailflow::outbox
