// Dispatcher: takes due messages from the outbox under a lease and delivers them through the
// Transport, up to `concurrency` at once, recording every attempt. A message whose worker dies
// (crash, kill -9) comes back when its lease runs out — or at once when this node restarts,
// since leases carry the node's persistent id. New mail wakes it at once; otherwise it polls.
// Rate-limited connections are paced: a message waits for its token (briefly in memory, else
// back in the queue untried), so a burst of queued mail never turns into 429s or failures.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <string>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "outbox/group_commit.hpp"
#include "outbox/rate_limiter.hpp"
#include "outbox/transport.hpp"
#include "store/outbox_store.hpp"

namespace mailflow::outbox {

struct DispatcherOptions {
  std::string node_id;                         // owner of this process's leases
  int concurrency = 32;                        // messages being delivered at once
  std::chrono::milliseconds poll{1000};        // look for due retries this often
  std::chrono::seconds lease{900};             // longer than any one delivery can take
  std::chrono::milliseconds max_pacing_wait{2000};  // wait for a rate token in memory up to this
};

class Dispatcher {
 public:
  Dispatcher(boost::asio::any_io_executor ex, store::OutboxStore& store,
             boost::asio::thread_pool& blocking, GroupCommit& commit, Transport& transport,
             RateLimiter& limiter, core::Metrics& metrics, DispatcherOptions opts);

  // Reclaims this node's stale leases, then starts the loop.
  boost::asio::awaitable<core::Status> start();
  void notify();  // something became due (new mail, a manual retry, a free slot)
  // Stops taking messages and waits up to `grace` for deliveries in flight; the rest keep
  // their lease and are reclaimed at the next start.
  boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);

  // For /readyz: false when the loop has not come round for a long time (store stuck).
  bool healthy() const;

 private:
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> deliver(store::MessageRecord m);
  boost::asio::awaitable<void> finish_without_attempt(const store::MessageRecord& m, const core::Error& e);
  boost::asio::awaitable<void> defer(const store::MessageRecord& m, std::chrono::milliseconds wait);
  void record_metrics(const store::MessageRecord& m, const store::FinishAttempt& f);
  void done_one();

  boost::asio::any_io_executor ex_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer timer_;
  store::OutboxStore& store_;
  boost::asio::thread_pool& blocking_;
  GroupCommit& commit_;
  Transport& transport_;
  RateLimiter& limiter_;
  core::Metrics& metrics_;
  DispatcherOptions opts_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> stopping_{false}, stopped_{true}, wake_{false};
  std::atomic<std::int64_t> last_tick_ms_{0};
};

std::int64_t now_ms();  // wall clock, milliseconds since the epoch

}  // namespace mailflow::outbox
