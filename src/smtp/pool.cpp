// Pool: state under a mutex (short critical sections, never held across a co_await); waiters
// park on a concurrent_channel each and are handed a session (or the right to open one) by
// release(), in arrival order.
#include "smtp/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>

#include <deque>
#include <mutex>
#include <vector>

#include "smtp/protocol.hpp"
#include "smtp/session.hpp"
#include "smtp/tls.hpp"

namespace mailflow::smtp {
namespace asio = boost::asio;
using SessionPtr = std::shared_ptr<Session>;
using Channel =
    asio::experimental::concurrent_channel<void(boost::system::error_code, SessionPtr)>;

struct Pool::Impl : std::enable_shared_from_this<Pool::Impl> {
  asio::any_io_executor ex;
  Settings settings;
  core::Result<std::shared_ptr<asio::ssl::context>> tls;

  mutable std::mutex mu;
  std::vector<SessionPtr> idle;
  int open = 0;  // sessions in use or idle, plus slots granted to open one
  bool closed = false;
  std::deque<std::shared_ptr<Channel>> waiters;

  Impl(asio::any_io_executor e, Settings s)
      : ex(std::move(e)), settings(std::move(s)), tls(make_tls_context(settings)) {
    if (settings.max_connections < 1) settings.max_connections = 1;
  }

  // A session to reuse, or nullptr = you may open a new one (already counted in `open`).
  asio::awaitable<core::Result<SessionPtr>> acquire() {
    std::shared_ptr<Channel> wait;
    auto my_executor = co_await asio::this_coro::executor;  // (no co_await under the lock)
    {
      std::lock_guard lock(mu);
      if (closed) co_return closed_error();
      if (!idle.empty()) {
        SessionPtr s = std::move(idle.back());  // most recently used: least likely timed out
        idle.pop_back();
        co_return s;
      }
      if (open < settings.max_connections) {
        ++open;
        co_return SessionPtr{};
      }
      wait = std::make_shared<Channel>(my_executor, 1);
      waiters.push_back(wait);
    }
    auto [ec, s] = co_await wait->async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return closed_error();
    co_return s;
  }

  // Gives the session (or, if it is dead, its slot) to the first waiter, else keeps it idle.
  void release(SessionPtr s) {
    const bool usable = s && s->usable();
    std::shared_ptr<Channel> next;
    SessionPtr to_quit;
    {
      std::lock_guard lock(mu);
      if (!waiters.empty()) {
        next = std::move(waiters.front());
        waiters.pop_front();
      } else if (usable && !closed) {
        idle.push_back(std::move(s));
      } else {
        --open;
        if (usable) to_quit = std::move(s);
      }
    }
    if (next) next->try_send(boost::system::error_code{}, usable ? std::move(s) : SessionPtr{});
    if (to_quit) quit_later(std::move(to_quit));
  }

  static void quit_later(SessionPtr s) {
    auto ex = s->executor();
    asio::co_spawn(ex, [s]() -> asio::awaitable<void> { co_await s->quit(); }, asio::detached);
  }

  asio::awaitable<core::Result<SessionPtr>> open_session() {
    asio::any_io_executor strand = asio::make_strand(ex);
    co_return co_await on_strand(strand, Session::open(strand, settings, *tls));
  }

  static core::Error closed_error() {
    return core::Error(core::Code::Unavailable, "the SMTP connection pool is closed");
  }
};

Pool::Pool(asio::any_io_executor ex, Settings s)
    : impl_(std::make_shared<Impl>(std::move(ex), std::move(s))) {}

Pool::~Pool() { close(); }

asio::awaitable<core::Result<SendResult>> Pool::send(Envelope env, std::string message) {
  auto self = impl_;  // keeps the pool state alive for this send even if Pool goes away
  if (!self->tls.ok()) co_return self->tls.error();
  auto lease = co_await self->acquire();
  if (!lease.ok()) co_return std::move(lease).error();
  SessionPtr s = std::move(*lease);
  if (s) {
    auto rs = co_await on_strand(s->executor(), s->reset());
    if (!rs.ok()) {  // died while idle (server timeout, 421): replace it once
      co_await on_strand(s->executor(), s->quit());
      s.reset();
    }
  }
  if (!s) {
    auto opened = co_await self->open_session();
    if (!opened.ok()) {
      self->release(nullptr);
      co_return std::move(opened).error();
    }
    s = std::move(*opened);
  }
  auto result = co_await on_strand(s->executor(), run_transaction(*s, env, message));
  if (!result.ok()) s->log_failure(result.error());
  self->release(std::move(s));
  co_return result;
}

void Pool::close() {
  std::vector<SessionPtr> idle;
  std::deque<std::shared_ptr<Channel>> waiters;
  {
    std::lock_guard lock(impl_->mu);
    impl_->closed = true;
    idle.swap(impl_->idle);
    waiters.swap(impl_->waiters);
    impl_->open -= static_cast<int>(idle.size());
  }
  for (auto& w : waiters) w->try_send(asio::error::operation_aborted, SessionPtr{});
  for (auto& s : idle) Impl::quit_later(std::move(s));
}

Pool::Stats Pool::stats() const {
  std::lock_guard lock(impl_->mu);
  return Stats{impl_->open, static_cast<int>(impl_->idle.size())};
}

asio::awaitable<core::Result<ProbeResult>> probe(asio::any_io_executor ex, Settings s) {
  auto tls = make_tls_context(s);
  if (!tls.ok()) co_return tls.error();
  asio::any_io_executor strand = asio::make_strand(ex);
  auto run = [](asio::any_io_executor strand, Settings s,
                std::shared_ptr<asio::ssl::context> tls) -> asio::awaitable<core::Result<ProbeResult>> {
    auto opened = co_await Session::open(strand, std::move(s), std::move(tls));
    if (!opened.ok()) co_return std::move(opened).error();
    auto session = std::move(*opened);
    ProbeResult p = session->describe();
    co_await session->quit();
    co_return p;
  };
  co_return co_await on_strand(strand, run(strand, std::move(s), std::move(*tls)));
}

}  // namespace mailflow::smtp
