// The pool against scripted servers, exact bytes: one session reused with RSET between
// pipelined transactions; a 421 kills a session (the next send opens a new one); a pooled
// session the server hung up on is replaced transparently.
#include "smtp/pool.hpp"

#include <gtest/gtest.h>

#include "scripted_server.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::scripted;
using mailflow::core::Code;
namespace asio = boost::asio;

namespace {
const std::string kMessage = "Subject: x\r\n\r\n.hi\r\n";
const std::string kStuffed = "Subject: x\r\n\r\n..hi\r\n.\r\n";

Settings local(int port) {
  Settings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.tls = TlsMode::None;
  s.client_hostname = "client.test";
  return s;
}

Envelope envelope(std::vector<std::string> rcpts) {
  Envelope e;
  e.mail_from = "a@b.c";
  e.recipients = std::move(rcpts);
  return e;
}

std::vector<Step> hello() {
  return {S("220 test ESMTP\r\n"), C("EHLO client.test\r\n"),
          S("250-test\r\n250-PIPELINING\r\n250-SIZE 100000\r\n250 ENHANCEDSTATUSCODES\r\n")};
}

std::string batch(std::vector<std::string> rcpts) {
  std::string b = "MAIL FROM:<a@b.c> SIZE=" + std::to_string(kMessage.size()) + "\r\n";
  for (auto& r : rcpts) b += "RCPT TO:<" + r + ">\r\n";
  return b + "DATA\r\n";
}

std::vector<Step> concat(std::vector<std::vector<Step>> parts) {
  std::vector<Step> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Sends each envelope in turn through one pool; returns each result's error message or "".
std::vector<std::string> send_all(Settings s, std::vector<Envelope> envs, Pool::Stats* stats = nullptr) {
  return run([&](asio::any_io_executor ex) -> asio::awaitable<std::vector<std::string>> {
    Pool pool(ex, s);
    std::vector<std::string> out;
    for (auto& e : envs) {
      auto r = co_await pool.send(e, kMessage);
      out.push_back(r.ok() ? "" : std::string(code_name(r.error().code)) + ": " + r.error().message);
    }
    if (stats) *stats = pool.stats();
    pool.close();
    co_return out;
  });
}
}  // namespace

TEST(SmtpPoolScripted, PipelinedSendsReuseOneSessionWithRset) {
  ScriptedServer server({concat({
      hello(),
      {C(batch({"x@y.z", "bad@y.z"})),
       S("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 unknown\r\n354 go\r\n"), C(kStuffed),
       S("250 2.0.0 queued\r\n")},
      {C("RSET\r\n"), S("250 2.0.0 ok\r\n"), C(batch({"x@y.z"})),
       S("250 2.1.0 ok\r\n250 2.1.5 ok\r\n354 go\r\n"), C(kStuffed), S("250 2.0.0 queued\r\n")},
      {C("QUIT\r\n"), S("221 2.0.0 bye\r\n")},
  })});
  Pool::Stats stats{};
  auto results = send_all(local(server.port()), {envelope({"x@y.z", "bad@y.z"}), envelope({"x@y.z"})},
                          &stats);
  server.wait();
  EXPECT_EQ(results, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.idle, 1);
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));
}

TEST(SmtpPoolScripted, A421KillsTheSessionAndTheNextSendOpensANewOne) {
  ScriptedServer server({
      concat({hello(), {C(batch({"x@y.z"})), S("250 2.1.0 ok\r\n421 4.3.2 shutting down\r\n")}}),
      concat({hello(),
              {C(batch({"x@y.z"})), S("250 ok\r\n250 ok\r\n354 go\r\n"), C(kStuffed),
               S("250 queued\r\n"), C("QUIT\r\n"), S("221 bye\r\n")}}),
  });
  auto results = send_all(local(server.port()), {envelope({"x@y.z"}), envelope({"x@y.z"})});
  server.wait();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NE(results[0].find("SmtpRejected"), std::string::npos) << results[0];
  EXPECT_NE(results[0].find("421"), std::string::npos) << results[0];
  EXPECT_EQ(results[1], "");
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));  // no RSET, no QUIT after 421
  EXPECT_EQ(server.client_bytes(1), server.expected_bytes(1));
}

TEST(SmtpPoolScripted, SessionTheServerHungUpOnIsReplacedOnce) {
  ScriptedServer server({
      concat({hello(),
              {C(batch({"x@y.z"})), S("250 ok\r\n250 ok\r\n354 go\r\n"), C(kStuffed),
               S("250 queued\r\n"), Close()}}),
      concat({hello(),
              {C(batch({"x@y.z"})), S("250 ok\r\n250 ok\r\n354 go\r\n"), C(kStuffed),
               S("250 queued\r\n"), C("QUIT\r\n"), S("221 bye\r\n")}}),
  });
  auto results = send_all(local(server.port()), {envelope({"x@y.z"}), envelope({"x@y.z"})});
  server.wait();
  EXPECT_EQ(results, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(server.client_bytes(1), server.expected_bytes(1));
}
