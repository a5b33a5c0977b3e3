#include "outbox/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace mailflow::outbox {
using namespace std::chrono;

milliseconds RateLimiter::try_take(const std::string& connection, const RateLimit& limit,
                                   Clock::time_point now) {
  if (limit.calls <= 0) return milliseconds(0);
  const double capacity = limit.calls;
  const double per_second = capacity / std::max<double>(1.0, static_cast<double>(limit.period.count()));
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(connection, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = duration<double>(now - b.at).count();
    if (elapsed > 0) b.tokens = std::min(capacity, b.tokens + elapsed * per_second);
    b.at = std::max(b.at, now);
  }
  b.tokens = std::min(b.tokens, capacity);  // the limit may have been lowered
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return milliseconds(0);
  }
  double wait = (1.0 - b.tokens) / per_second;
  return milliseconds(static_cast<std::int64_t>(std::ceil(wait * 1000)));
}

void RateLimiter::forget(const std::string& connection) {
  std::lock_guard lock(mu_);
  buckets_.erase(connection);
}

}  // namespace mailflow::outbox
