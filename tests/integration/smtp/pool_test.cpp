// The pool against a real server: sessions are reused (one connection for many sends), at most
// max_connections are open under concurrent load on several threads, a session the server
// closed is replaced transparently, and close() makes later sends fail fast.
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <set>

#include "harness.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::itest;
using mailflow::core::Code;
using mailflow::test::SmtpServer;
namespace asio = boost::asio;

TEST(SmtpPool, SequentialSendsReuseOneSession) {
  SmtpServer server;
  // (gtest assertions stay outside coroutines: g++ 12 miscompiles them inside.)
  std::vector<bool> ok;
  auto stats = run([&](asio::any_io_executor ex) -> asio::awaitable<Pool::Stats> {
    Pool pool(ex, local(server.port()));
    for (int i = 0; i < 5; ++i)
      ok.push_back((co_await pool.send(to("rcpt@example.org"), sample_message())).ok());
    auto st = pool.stats();
    pool.close();
    co_return st;
  });
  EXPECT_EQ(ok, std::vector<bool>(5, true));
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.idle, 1);
  ASSERT_EQ(server.messages().size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    auto e = server.envelope(i);
    EXPECT_EQ(e.at("connection").as_int64(), 1);
    EXPECT_EQ(e.at("message_in_connection").as_int64(), static_cast<std::int64_t>(i + 1));
  }
}

namespace {
// Starts `sends` concurrent sends on `threads` threads through one pool of `max` sessions;
// returns the server-side connection ids seen. Waiting sends hold no thread.
std::set<std::int64_t> concurrent(SmtpServer& server, int threads_n, int max, int sends) {
  asio::thread_pool threads(threads_n);
  auto s = local(server.port());
  s.max_connections = max;
  Pool pool(threads.get_executor(), s);
  // Each send's error message, or "" (co_spawn needs a default-constructible result).
  std::vector<std::future<std::string>> futures;
  for (int i = 0; i < sends; ++i)
    futures.push_back(asio::co_spawn(
        threads,
        [&pool, i]() -> asio::awaitable<std::string> {
          auto r = co_await pool.send(to("rcpt" + std::to_string(i) + "@example.org"),
                                      sample_message());
          co_return r.ok() ? std::string() : r.error().message;
        },
        asio::use_future));
  for (auto& f : futures) EXPECT_EQ(f.get(), "");
  EXPECT_LE(pool.stats().open, max);
  pool.close();
  threads.join();
  std::set<std::int64_t> connections;
  EXPECT_EQ(server.messages().size(), static_cast<std::size_t>(sends));
  for (std::size_t i = 0; i < server.messages().size(); ++i)
    connections.insert(server.envelope(i).at("connection").as_int64());
  return connections;
}
}  // namespace

TEST(SmtpPool, ConcurrentSendsOnManyThreadsStayWithinMaxConnections) {
  SmtpServer server;
  EXPECT_LE(concurrent(server, 4, 2, 24).size(), 2u);
}

TEST(SmtpPool, HundredsOfConcurrentSendsOnTwoThreads) {
  SmtpServer server;
  EXPECT_LE(concurrent(server, 2, 4, 300).size(), 4u);
}

TEST(SmtpPool, SessionClosedByTheServerIsReplacedTransparently) {
  SmtpServer server({"--max-messages-per-connection", "1"});
  std::vector<std::string> errors;
  run([&](asio::any_io_executor ex) -> asio::awaitable<int> {
    Pool pool(ex, local(server.port()));
    for (int i = 0; i < 3; ++i) {
      auto r = co_await pool.send(to("rcpt@example.org"), sample_message());
      if (!r.ok()) errors.push_back(r.error().message);
    }
    pool.close();
    co_return 0;
  });
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(server.messages().size(), 3u);
  EXPECT_EQ(server.envelope(2).at("connection").as_int64(), 3);
}

TEST(SmtpPool, RejectedTransactionLeavesTheSessionReusable) {
  SmtpServer server({"--rcpt-fail", "bad@example.org=550"});
  std::vector<bool> ok;
  int open = 0;
  run([&](asio::any_io_executor ex) -> asio::awaitable<int> {
    Pool pool(ex, local(server.port()));
    ok.push_back((co_await pool.send(to("bad@example.org"), sample_message())).ok());
    ok.push_back((co_await pool.send(to("rcpt@example.org"), sample_message())).ok());
    open = pool.stats().open;
    pool.close();
    co_return 0;
  });
  EXPECT_EQ(ok, (std::vector<bool>{false, true}));
  EXPECT_EQ(open, 1);
  ASSERT_EQ(server.messages().size(), 1u);
  EXPECT_EQ(server.envelope(0).at("connection").as_int64(), 1);
}

TEST(SmtpPool, ClosedPoolFailsFast) {
  SmtpServer server;
  auto r = run([&](asio::any_io_executor ex) -> asio::awaitable<mailflow::core::Result<SendResult>> {
    Pool pool(ex, local(server.port()));
    pool.close();
    co_return co_await pool.send(to("rcpt@example.org"), sample_message());
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::Unavailable);
}
