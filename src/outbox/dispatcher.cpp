#include "outbox/dispatcher.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "asio/offload.hpp"
#include "core/log.hpp"
#include "outbox/outcome.hpp"

namespace mailflow::outbox {
namespace asio = boost::asio;
using asio::awaitable;
using namespace std::chrono;

std::int64_t now_ms() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
double jitter_unit() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}
}  // namespace

Dispatcher::Dispatcher(asio::any_io_executor ex, store::OutboxStore& store, asio::thread_pool& blocking,
                       GroupCommit& commit, Transport& transport, RateLimiter& limiter,
                       core::Metrics& metrics, DispatcherOptions opts)
    : ex_(ex), strand_(asio::make_strand(ex)), timer_(strand_), store_(store), blocking_(blocking),
      commit_(commit), transport_(transport), limiter_(limiter), metrics_(metrics),
      opts_(std::move(opts)) {
  using T = core::Metrics::Type;
  metrics_.declare("mailflow_messages_finished_total", T::Counter,
                   "Messages that reached a final status, by connection and status.");
  metrics_.declare("mailflow_smtp_attempts_total", T::Counter,
                   "Delivery attempts by connection and result (sent, partial, deferred, failed).");
  metrics_.declare("mailflow_smtp_attempt_duration_seconds", T::Histogram,
                   "Duration of delivery attempts, from taking a session to the last reply.",
                   {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
}

awaitable<core::Status> Dispatcher::start() {
  auto op = offload(blocking_, [this] { return store_.reclaim(opts_.node_id, now_ms()); });
  auto n = co_await std::move(op);
  if (!n) co_return std::move(n).error();
  if (*n > 0) spdlog::warn("outbox: {} message(s) were being sent when this node stopped; sending again", *n);
  stopping_ = false;
  stopped_ = false;
  last_tick_ms_ = now_ms();
  asio::co_spawn(strand_, run(), asio::detached);
  co_return core::ok();
}

void Dispatcher::notify() {
  wake_ = true;
  asio::post(strand_, [this] { timer_.cancel(); });
}

bool Dispatcher::healthy() const {
  if (stopped_) return false;
  auto limit = std::max<std::int64_t>(30000, 10 * opts_.poll.count());
  return now_ms() - last_tick_ms_.load() < limit;
}

awaitable<void> Dispatcher::run() {
  while (!stopping_) {
    const int free = opts_.concurrency - in_flight_.load();
    std::size_t got = 0;
    if (free > 0) {
      // A quarter of the free slots (at least one) first go to retries; see OutboxStore::claim.
      const int retries = std::max(1, free / 4), fresh = free - retries;
      auto op = offload(blocking_, [this, fresh, retries] {
        return store_.claim(opts_.node_id, now_ms(), duration_cast<milliseconds>(opts_.lease).count(),
                            fresh, retries);
      });
      auto claimed = co_await std::move(op);
      if (!claimed) {
        spdlog::error("outbox: cannot take due messages: {}", claimed.error().message);
      } else {
        got = claimed->size();
        for (auto& m : *claimed) {
          ++in_flight_;
          asio::co_spawn(ex_, deliver(std::move(m)), asio::detached);
        }
      }
    }
    last_tick_ms_ = now_ms();
    if (got > 0 && static_cast<int>(got) == free) continue;  // more may be due right now
    if (wake_.exchange(false)) continue;
    timer_.expires_after(opts_.poll);
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  stopped_ = true;
}

awaitable<void> Dispatcher::deliver(store::MessageRecord m) {
  auto pol_op = transport_.policy(m.connection);
  auto policy = co_await std::move(pol_op);
  if (!policy) {
    if (policy.error().code == core::Code::NotFound) {
      co_await finish_without_attempt(m, policy.error());
    } else {
      co_await defer(m, duration_cast<milliseconds>(opts_.poll) * 10);
    }
    co_return done_one();
  }
  if (policy->rate_limit) {
    auto wait = limiter_.try_take(m.connection, *policy->rate_limit);
    if (wait > opts_.max_pacing_wait) {
      co_await defer(m, wait);
      co_return done_one();
    }
    while (wait > milliseconds(0)) {  // a short wait: hold the lease, keep the slot
      asio::steady_timer t(ex_, wait);
      co_await t.async_wait(asio::use_awaitable);
      wait = limiter_.try_take(m.connection, *policy->rate_limit);
    }
  }
  smtp::Envelope env{m.mail_from, due_recipients(m), m.smtputf8, m.eight_bit, m.dsn, "", true};
  const auto started = now_ms();
  auto send_op = transport_.deliver(m.connection, std::move(env), m.data);
  auto result = co_await std::move(send_op);
  AttemptInput in{m, result, started, now_ms(), static_cast<int>(m.attempts.size()) + 1,
                  policy->retry, jitter_unit()};
  store::FinishAttempt f = decide(in, opts_.node_id);
  record_metrics(m, f);
  const std::string status = f.status, error = f.attempt.error;
  auto write_op = commit_.write(std::move(f));
  auto written = co_await std::move(write_op);
  if (!written)
    spdlog::error("outbox: the result of sending {} could not be recorded ({}); it will be sent again "
               "when its lease expires", m.id, written.error().message);
  else if (status == "failed" || status == "expired")
    spdlog::warn("outbox: message {} via '{}' is {}: {}", m.id, m.connection, status, error);
  done_one();
}

awaitable<void> Dispatcher::finish_without_attempt(const store::MessageRecord& m, const core::Error& e) {
  store::FinishAttempt f;
  f.id = m.id;
  f.owner = opts_.node_id;
  f.status = "failed";
  f.recipients = m.recipients;
  for (auto& r : f.recipients)
    if (r.status != "sent") r.status = "failed";
  f.attempt = {now_ms(), "failed", "", 0, "", "", e.message, 0, std::string(core::code_name(e.code))};
  record_metrics(m, f);
  auto op = commit_.write(std::move(f));
  (void)co_await std::move(op);
}

awaitable<void> Dispatcher::defer(const store::MessageRecord& m, milliseconds wait) {
  auto op = commit_.write(store::Defer{m.id, opts_.node_id, now_ms() + wait.count()});
  (void)co_await std::move(op);
}

void Dispatcher::record_metrics(const store::MessageRecord& m, const store::FinishAttempt& f) {
  metrics_.inc("mailflow_smtp_attempts_total", {{"connection", m.connection}, {"result", f.attempt.result}});
  if (f.attempt.duration_ms > 0 || !f.attempt.stage.empty())
    metrics_.observe("mailflow_smtp_attempt_duration_seconds", {{"connection", m.connection}},
                     static_cast<double>(f.attempt.duration_ms) / 1000.0);
  if (f.status != "retrying")
    metrics_.inc("mailflow_messages_finished_total", {{"connection", m.connection}, {"status", f.status}});
}

void Dispatcher::done_one() {
  --in_flight_;
  notify();  // a slot is free
}

awaitable<void> Dispatcher::stop(milliseconds grace) {
  stopping_ = true;
  notify();
  const auto deadline = steady_clock::now() + grace;
  asio::steady_timer t(ex_);
  while ((!stopped_ || in_flight_ > 0) && steady_clock::now() < deadline) {
    t.expires_after(milliseconds(20));
    co_await t.async_wait(asio::use_awaitable);
  }
  if (in_flight_ > 0)
    spdlog::warn("outbox: {} message(s) still being sent at shutdown; they stay leased and are sent "
              "again at the next start", in_flight_.load());
}

}  // namespace mailflow::outbox
