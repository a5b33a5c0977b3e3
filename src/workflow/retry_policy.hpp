// workflow::RetryPolicy — when an action's failed attempt is tried again, and after how long.
// Source: Microsoft, "Handle errors and exceptions in Azure Logic Apps" (retry policies) and
// "Retry policy limits":
//   - only 408, 429, 5xx responses and connection failures (no response) are retried; never any
//     other 4xx;
//   - Default (no retryPolicy): exponential, 4 retries, interval 7.5 s, delays clamped to 5–45 s;
//   - none: never; fixed: `count` retries, each after `interval`;
//   - exponential: retry n waits a uniform random time in
//       [max(2^(n-2)·interval, minimumInterval), min(2^(n-1)·interval, maximumInterval)]
//     (retry 1: [max(0, min), min(interval, max)]); minimumInterval defaults to 5 s,
//     maximumInterval to 1 day (the Consumption default).
//   - count 1–90; intervals are ISO 8601 durations.
// The random source is injected (a function returning [0, 1)), so tests are deterministic.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "core/error.hpp"

namespace mailflow::workflow {

struct RetryPolicy {
  enum class Kind { None, Fixed, Exponential };
  Kind kind = Kind::Exponential;
  int count = 4;  // retries after the first attempt
  std::chrono::milliseconds interval{7'500};
  std::chrono::milliseconds minimum{5'000};
  std::chrono::milliseconds maximum{45'000};
};

// The policy an action gets when it names none.
RetryPolicy default_retry_policy();

// Reads a retryPolicy object ({"type", "count", "interval", "minimumInterval",
// "maximumInterval"}). Errors: Code::InvalidRequest with `field` set to the offending member
// ("type", "count", "interval", ...), relative to the retryPolicy object.
core::Result<RetryPolicy> parse_retry_policy(const boost::json::value& v);

// One failed attempt: the HTTP status it answered with (0 = none), or a connection failure
// (refused, reset, DNS, TLS, timeout without an answer). An SMTP send that failed transiently is
// reported by the caller as a connection failure or as 503.
struct AttemptFailure {
  int http_status = 0;
  bool connection_error = false;
};

// 408, 429, 5xx or a connection failure.
bool is_retryable(const AttemptFailure& failure);

// Returns a number in [0, 1).
using UniformRandom = std::function<double()>;

// The delay before retry number `retry` (1 = the first retry, after the first attempt failed),
// or nullopt when the attempt is not retried (policy none, count exhausted, failure not
// retryable).
std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int retry,
                                                     const AttemptFailure& failure,
                                                     const UniformRandom& random);

}  // namespace mailflow::workflow
