// RateLimiter: a token bucket per connection (`rateLimit: {calls, periodSeconds}`), shared by
// every sender of this process — synchronous requests and the dispatchers alike. The bucket
// holds `calls` tokens and refills continuously at calls/period. A synchronous send that finds
// it empty is answered 429 with Retry-After; queued mail waits for its token instead.
// Per process: several nodes sharing a database each allow the full rate (docs/operations.md).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace mailflow::outbox {

struct RateLimit {
  int calls = 0;
  std::chrono::seconds period{1};
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes a token when one is there (returns 0), else returns how long until one will be,
  // taking nothing. The limit's current values are used, so an edited connection applies now.
  std::chrono::milliseconds try_take(const std::string& connection, const RateLimit& limit,
                                     Clock::time_point now = Clock::now());
  void forget(const std::string& connection);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace mailflow::outbox
