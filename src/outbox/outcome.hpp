// outcome: what one delivery attempt means for a message — the pure decision between a send's
// result (or error) and the next state of the message and of each recipient.
//   accepted (2xx)                → recipient sent
//   refused with 4xx, or the whole attempt failed transiently (network fault, timeout, 4xx
//   reply, protocol break: smtp::is_transient) → recipient deferred, tried again later
//   refused with 5xx, or the attempt failed permanently (5xx, TLS, configuration) → failed
// The message is `retrying` while any recipient is deferred and its lifetime lasts (deferred
// recipients become `expired` once it is over, and so does the message unless another recipient
// was sent), `sent` when at least one recipient was sent and none is left to try, else `failed`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "outbox/retry_schedule.hpp"
#include "smtp/envelope.hpp"
#include "store/outbox_store.hpp"

namespace mailflow::outbox {

// The recipients an attempt must send to: those not yet sent or finally refused.
std::vector<std::string> due_recipients(const store::MessageRecord& m);

struct AttemptInput {
  const store::MessageRecord& message;  // as claimed (recipients' state before the attempt)
  const core::Result<smtp::SendResult>& result;
  std::int64_t started_ms, now_ms;
  int attempt_number;  // this attempt, 1-based (previous attempts + 1)
  const RetrySchedule& schedule;
  double jitter_unit;  // [0, 1)
};

store::FinishAttempt decide(const AttemptInput& in, const std::string& owner);

}  // namespace mailflow::outbox
