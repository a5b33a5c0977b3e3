#include "outbox/outbox.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "asio/offload.hpp"

namespace mailflow::outbox {
namespace asio = boost::asio;
using asio::awaitable;
using namespace std::chrono;

Outbox::Outbox(asio::any_io_executor ex, store::OutboxStore& store, asio::thread_pool& blocking,
               core::Metrics& metrics, OutboxOptions opts)
    : ex_(std::move(ex)), store_(store), blocking_(blocking), metrics_(metrics),
      opts_(std::move(opts)), commit_(store, blocking) {
  using T = core::Metrics::Type;
  metrics_.declare("mailflow_outbox_messages", T::Gauge,
                   "Messages not yet finished, by status (queued, sending, retrying).");
  metrics_.declare("mailflow_outbox_oldest_waiting_seconds", T::Gauge,
                   "Age of the oldest queued or retrying message (0 when none).");
  metrics_.declare("mailflow_outbox_commits_total", T::Counter,
                   "Outbox transactions committed (each one fsync of the database).");
  metrics_.declare("mailflow_outbox_writes_total", T::Counter,
                   "Outbox writes (accepted messages, attempt results) carried by those commits.");
  // Runs at scrape time on a blocking thread (see Metrics::render).
  metrics_.add_collector([this](core::Metrics& m) {
    m.set("mailflow_outbox_commits_total", {}, static_cast<double>(commit_.commits()));
    m.set("mailflow_outbox_writes_total", {}, static_cast<double>(commit_.writes()));
    auto st = store_.stats();
    if (!st) return;
    m.clear("mailflow_outbox_messages");
    for (const char* s : {"queued", "sending", "retrying"}) m.set("mailflow_outbox_messages", {{"status", s}}, 0);
    for (const auto& [status, n] : st->by_status)
      m.set("mailflow_outbox_messages", {{"status", status}}, static_cast<double>(n));
    double age = st->oldest_waiting_ms ? (now_ms() - st->oldest_waiting_ms) / 1000.0 : 0.0;
    m.set("mailflow_outbox_oldest_waiting_seconds", {}, std::max(0.0, age));
  });
}

Outbox::~Outbox() { *alive_ = false; }

awaitable<core::Status> Outbox::start(Transport& transport) {
  transport_ = &transport;
  dispatcher_ = std::make_unique<Dispatcher>(ex_, store_, blocking_, commit_, transport, limiter_,
                                             metrics_, opts_.dispatch);
  auto op = dispatcher_->start();
  auto started = co_await std::move(op);
  if (!started) co_return started;
  asio::co_spawn(ex_, janitor(), asio::detached);
  co_return core::ok();
}

awaitable<void> Outbox::stop(milliseconds grace) {
  *alive_ = false;
  if (!dispatcher_) co_return;
  auto op = dispatcher_->stop(grace);
  co_await std::move(op);
}

awaitable<core::Status> Outbox::write(store::OutboxWrite w) {
  const bool wakes = std::holds_alternative<store::InsertMessage>(w) &&
                     !std::get<store::InsertMessage>(w).message.synchronous;
  auto op = commit_.write(std::move(w));
  auto st = co_await std::move(op);
  if (st && wakes) notify();
  co_return st;
}

void Outbox::notify() {
  if (dispatcher_) dispatcher_->notify();
}

bool Outbox::healthy() const { return dispatcher_ && dispatcher_->healthy(); }

awaitable<core::Status> Outbox::retry(std::string id) {
  auto get_op = offload(blocking_, [this, id] { return store_.get_message(id); });
  auto m = co_await std::move(get_op);
  if (!m) co_return std::move(m).error();
  if (!*m) co_return core::Error(core::Code::NotFound, "there is no message with id '" + id + "'");
  const std::string& status = (*m)->status;
  if (status == "sent" || status == "sending" || (*m)->synchronous)
    co_return core::Error(core::Code::Conflict,
                          (*m)->synchronous ? "message " + id + " was sent synchronously; send it again instead"
                          : status == "sent" ? "message " + id + " was already sent"
                                             : "message " + id + " is being sent right now");
  RetrySchedule schedule;  // the connection's lifetime if it still exists, else the default
  if (transport_) {
    auto pol_op = transport_->policy((*m)->connection);
    auto pol = co_await std::move(pol_op);
    if (pol) schedule = pol->retry;
  }
  const std::int64_t now = now_ms(), expires = now + duration_cast<milliseconds>(schedule.lifetime).count();
  auto op = offload(blocking_, [this, id, now, expires] { return store_.retry_message(id, now, expires); });
  auto before = co_await std::move(op);
  if (!before) co_return std::move(before).error();
  if (*before == "sent" || *before == "sending")  // changed meanwhile
    co_return core::Error(core::Code::Conflict, "message " + id + " is " + *before + " now");
  notify();
  co_return core::ok();
}

awaitable<core::Status> Outbox::cancel(std::string id) {
  auto op = offload(blocking_, [this, id] { return store_.cancel_message(id, now_ms()); });
  auto before = co_await std::move(op);
  if (!before) co_return std::move(before).error();
  if (*before != "queued" && *before != "retrying")
    co_return core::Error(core::Code::Conflict, "message " + id + " is " + *before +
                                                    "; only queued or retrying messages can be cancelled");
  co_return core::ok();
}

awaitable<core::Result<store::MessageRecord>> Outbox::wait_final(std::string id, milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  auto nap = milliseconds(50);
  asio::steady_timer t(ex_);
  for (;;) {
    auto op = offload(blocking_, [this, id] { return store_.get_message(id); });
    auto m = co_await std::move(op);
    if (!m) co_return std::move(m).error();
    if (!*m) co_return core::Error(core::Code::NotFound, "there is no message with id '" + id + "'");
    const std::string& s = (*m)->status;
    if (s == "sent" || s == "failed" || s == "expired" || s == "cancelled") co_return std::move(**m);
    if (steady_clock::now() + nap > deadline)
      co_return core::Error(core::Code::Unavailable, "message " + id + " is still " + s + " after " +
                                                         std::to_string(timeout.count() / 1000) + " s");
    t.expires_after(nap);
    co_await t.async_wait(asio::use_awaitable);
    nap = std::min(nap * 2, milliseconds(500));
  }
}

awaitable<void> Outbox::janitor() {
  auto alive = alive_;
  asio::steady_timer t(ex_);
  while (*alive) {
    const std::int64_t now = now_ms();
    const auto msgs = now - duration_cast<milliseconds>(opts_.retention).count();
    const auto keys = now - duration_cast<milliseconds>(opts_.idempotency_window).count();
    auto op = offload(blocking_, [this, msgs, keys] { return store_.purge(msgs, keys); });
    (void)co_await std::move(op);
    // Short naps, so that stop() is noticed quickly.
    for (auto waited = seconds(0); *alive && waited < opts_.purge_every; waited += seconds(1)) {
      t.expires_after(seconds(1));
      boost::system::error_code ec;
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
}

}  // namespace mailflow::outbox
