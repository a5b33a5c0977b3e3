// Transport: what the outbox needs from the layer that knows connections — each connection's
// delivery policy (retry schedule, rate limit) and a way to hand a message to its SMTP pool.
// The SMTP connector implements it; the outbox stays below the connectors (DESIGN's layers).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "outbox/rate_limiter.hpp"
#include "outbox/retry_schedule.hpp"
#include "smtp/envelope.hpp"

namespace mailflow::outbox {

struct ConnectionPolicy {
  RetrySchedule retry;
  std::optional<RateLimit> rate_limit;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // NotFound when the connection no longer exists.
  virtual boost::asio::awaitable<core::Result<ConnectionPolicy>> policy(std::string connection) = 0;
  virtual boost::asio::awaitable<core::Result<smtp::SendResult>> deliver(std::string connection,
                                                                         smtp::Envelope env,
                                                                         std::string data) = 0;
};

}  // namespace mailflow::outbox
