// RetrySchedule: when a message that failed softly is tried again, and when it gives up.
// Exponential backoff from initialDelay, doubling per attempt, capped at maxDelay, with ±20 %
// jitter so that a burst deferred together does not come back together; nothing is tried after
// createdAt + lifetime (the message then ends `expired`). Defaults: 60 s, 1 h, 48 h.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace mailflow::outbox {

struct RetrySchedule {
  std::chrono::seconds initial_delay{60};
  std::chrono::seconds max_delay{3600};
  std::chrono::seconds lifetime{172800};

  // From a connection's `retry` object (already validated by the connection spec); absent
  // fields keep their defaults.
  static RetrySchedule from_json(const boost::json::object* retry);

  // The delay before attempt number `attempt + 1`, after `attempt` attempts (>= 1) failed softly.
  // `unit` is a number in [0, 1) that picks the jitter (a random one in production).
  std::chrono::milliseconds delay_after(int attempt, double unit) const;

  // When to try next, or nullopt when the message has expired (now >= expires). The last try is
  // moved up to `expires`, so a long final delay does not waste the end of the lifetime.
  std::optional<std::int64_t> next_attempt_ms(int attempt, std::int64_t now_ms,
                                              std::int64_t expires_ms, double unit) const;
};

}  // namespace mailflow::outbox
