// Outbox: the durable queue as one object for the layers above — the group committer that
// accepts messages, the rate limiter shared by synchronous and queued sends, the dispatcher, and
// the commands on one message (retry now, cancel) — plus the janitor that purges finished
// messages after their retention and idempotency keys after a day.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>

#include "core/metrics.hpp"
#include "outbox/dispatcher.hpp"
#include "outbox/group_commit.hpp"
#include "outbox/rate_limiter.hpp"
#include "outbox/transport.hpp"
#include "store/outbox_store.hpp"

namespace mailflow::outbox {

struct OutboxOptions {
  DispatcherOptions dispatch;
  std::chrono::seconds retention{std::chrono::hours(24 * 30)};  // finished messages
  std::chrono::seconds idempotency_window{std::chrono::hours(24)};
  std::chrono::seconds purge_every{std::chrono::minutes(10)};
};

class Outbox {
 public:
  Outbox(boost::asio::any_io_executor ex, store::OutboxStore& store,
         boost::asio::thread_pool& blocking, core::Metrics& metrics, OutboxOptions opts);
  ~Outbox();

  boost::asio::awaitable<core::Status> start(Transport& transport);
  boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);

  // Durable when it resumes ok; the dispatcher is woken for a queued message.
  boost::asio::awaitable<core::Status> write(store::OutboxWrite w);
  void notify();

  // Retry now / cancel. Conflict (with the reason) when the message's status does not allow it.
  boost::asio::awaitable<core::Status> retry(std::string id);
  boost::asio::awaitable<core::Status> cancel(std::string id);

  // The message once it is final (sent, failed, expired, cancelled), or Unavailable after
  // `timeout`. Polls the store (every 50 ms at first, then up to every 500 ms), so it also sees
  // what other nodes finish.
  boost::asio::awaitable<core::Result<store::MessageRecord>> wait_final(std::string id,
                                                                       std::chrono::milliseconds timeout);

  store::OutboxStore& store() { return store_; }
  RateLimiter& limiter() { return limiter_; }
  const OutboxOptions& options() const { return opts_; }
  bool healthy() const;  // the dispatcher comes round (for /readyz)

 private:
  boost::asio::awaitable<void> janitor();

  boost::asio::any_io_executor ex_;
  store::OutboxStore& store_;
  boost::asio::thread_pool& blocking_;
  core::Metrics& metrics_;
  OutboxOptions opts_;
  GroupCommit commit_;
  RateLimiter limiter_;
  Transport* transport_ = nullptr;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace mailflow::outbox
