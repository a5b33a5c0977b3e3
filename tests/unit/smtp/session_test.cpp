// Session and transaction against scripted servers, asserting the exact bytes the client
// wrote: HELO fallback, AUTH payload redaction, XOAUTH2's failure dance, the pipelined
// all-refused case where DATA still got 354, garbage and overlong replies.
#include "smtp/session.hpp"

#include <boost/asio/strand.hpp>
#include <gtest/gtest.h>

#include "scripted_server.hpp"
#include "smtp/auth.hpp"
#include "smtp/pool.hpp"
#include "smtp/tls.hpp"
#include "smtp/wire.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::scripted;
using mailflow::core::Code;
namespace asio = boost::asio;

namespace {
const std::string kMessage = "Subject: x\r\n\r\n.hi\r\n";

Settings local(int port) {
  Settings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.tls = TlsMode::None;
  s.client_hostname = "client.test";
  s.timeouts.command = s.timeouts.greeting = std::chrono::seconds(10);
  return s;
}

Envelope to(std::string rcpt) {
  Envelope e;
  e.mail_from = "a@b.c";
  e.recipients.push_back(std::move(rcpt));
  return e;
}

// One send through a pool, then close() (which QUITs the idle session).
mailflow::core::Result<SendResult> send_once(Settings s, Envelope env) {
  return run([&](asio::any_io_executor ex) -> asio::awaitable<mailflow::core::Result<SendResult>> {
    Pool pool(ex, s);
    auto r = co_await pool.send(std::move(env), kMessage);
    pool.close();
    co_return r;
  });
}

// Opens a session, keeps its transcript, QUITs.
std::pair<mailflow::core::Status, std::string> open_session(Settings s) {
  auto tls = *make_tls_context(s);
  return run([&](asio::any_io_executor ex)
                 -> asio::awaitable<std::pair<mailflow::core::Status, std::string>> {
    asio::any_io_executor strand = asio::make_strand(ex);
    auto job = [](asio::any_io_executor strand, Settings s, std::shared_ptr<asio::ssl::context> tls)
        -> asio::awaitable<std::pair<mailflow::core::Status, std::string>> {
      auto opened = co_await Session::open(strand, std::move(s), std::move(tls));
      if (!opened.ok()) co_return std::pair{mailflow::core::Status(opened.error()), std::string()};
      co_await (*opened)->quit();
      co_return std::pair{mailflow::core::Status(mailflow::core::ok()),
                          (*opened)->stream().transcript().str()};
    };
    co_return co_await on_strand(strand, job(strand, s, tls));
  });
}
}  // namespace

TEST(SmtpSession, HeloFallbackAndNoParametersWithoutExtensions) {
  ScriptedServer server({{
      S("220 old server\r\n"), C("EHLO client.test\r\n"), S("502 5.5.1 EHLO not implemented\r\n"),
      C("HELO client.test\r\n"), S("250 hello\r\n"),
      C("MAIL FROM:<a@b.c>\r\n"), S("250 ok\r\n"),
      C("RCPT TO:<x@y.z>\r\n"), S("250 ok\r\n"),
      C("DATA\r\n"), S("354 go ahead\r\n"),
      C("Subject: x\r\n\r\n..hi\r\n.\r\n"), S("250 queued\r\n"),
      C("QUIT\r\n"), S("221 bye\r\n"),
  }});
  auto env = to("x@y.z");
  env.dsn = true;
  auto r = send_once(local(server.port()), env);
  server.wait();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->warnings.size(), 1u);  // DSN asked for, not offered
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));
}

TEST(SmtpSession, AuthPayloadNeverInTheTranscript) {
  const std::string secret = "pw-Secret-123";
  ScriptedServer server({{
      S("220 hi\r\n"), C("EHLO client.test\r\n"), S("250-hi\r\n250 AUTH PLAIN LOGIN\r\n"),
      C("AUTH PLAIN " + plain_response("user", secret) + "\r\n"), S("235 2.7.0 ok\r\n"),
      C("QUIT\r\n"), S("221 bye\r\n"),
  }});
  auto s = local(server.port());
  s.user = "user";
  s.password = secret;
  s.auth = AuthMechanism::Plain;
  auto [st, transcript] = open_session(s);
  server.wait();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));
  EXPECT_NE(transcript.find("C: AUTH PLAIN <redacted>"), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find(plain_response("user", secret)), std::string::npos);
  EXPECT_EQ(transcript.find(secret), std::string::npos);
}

TEST(SmtpSession, LoginRedactsBothAnswers) {
  ScriptedServer server({{
      S("220 hi\r\n"), C("EHLO client.test\r\n"), S("250-hi\r\n250 AUTH LOGIN\r\n"),
      C("AUTH LOGIN\r\n"), S("334 VXNlcm5hbWU6\r\n"),
      C(base64_encode("user") + "\r\n"), S("334 UGFzc3dvcmQ6\r\n"),
      C(base64_encode("pw") + "\r\n"), S("535 5.7.8 nope\r\n"),
      C("QUIT\r\n"), S("221 bye\r\n"),
  }});
  auto s = local(server.port());
  s.user = "user";
  s.password = "pw";
  auto [st, transcript] = open_session(s);
  server.wait();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Code::SmtpAuthenticationFailed);
  EXPECT_EQ(st.error().smtp->reply, 535);
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));
}

TEST(SmtpSession, XOAuth2FailureSendsAnEmptyLineThenGets535) {
  ScriptedServer server({{
      S("220 hi\r\n"), C("EHLO client.test\r\n"), S("250-hi\r\n250 AUTH XOAUTH2\r\n"),
      C("AUTH XOAUTH2 " + xoauth2_response("me@x.org", "tok") + "\r\n"),
      S("334 eyJzdGF0dXMiOiI0MDEifQ==\r\n"), C("\r\n"), S("535 5.7.8 invalid token\r\n"),
      C("QUIT\r\n"), S("221 bye\r\n"),
  }});
  auto s = local(server.port());
  s.user = "me@x.org";
  s.password = "tok";
  s.auth = AuthMechanism::XOAuth2;
  auto [st, transcript] = open_session(s);
  server.wait();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Code::SmtpAuthenticationFailed);
  EXPECT_EQ(st.error().smtp->text, "invalid token");
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));
}

TEST(SmtpSession, PipelinedAllRefusedButDataAcceptedEndsWithAnEmptyMessage) {
  const std::string batch = "MAIL FROM:<a@b.c> SIZE=" + std::to_string(kMessage.size()) +
                            "\r\nRCPT TO:<x@y.z>\r\nDATA\r\n";
  ScriptedServer server({{
      S("220 hi\r\n"), C("EHLO client.test\r\n"), S("250-hi\r\n250-PIPELINING\r\n250 SIZE\r\n"),
      C(batch), S("250 2.1.0 ok\r\n550 5.1.1 unknown user\r\n354 go ahead\r\n"),
      C(".\r\n"), S("554 5.5.1 no valid recipients\r\n"),
      C("QUIT\r\n"), S("221 bye\r\n"),
  }});
  auto r = send_once(local(server.port()), to("x@y.z"));
  server.wait();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpRejected);
  EXPECT_EQ(r.error().smtp->stage, "RCPT");
  EXPECT_EQ(r.error().smtp->reply, 550);
  EXPECT_EQ(server.client_bytes(0), server.expected_bytes(0));
}

TEST(SmtpSession, GarbageGreetingIsAProtocolError) {
  ScriptedServer server({{S("hello, I am not SMTP\r\n")}});
  auto r = send_once(local(server.port()), to("x@y.z"));
  server.wait();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpProtocolError);
  EXPECT_EQ(r.error().smtp->stage, "CONNECT");
  EXPECT_EQ(server.client_bytes(0), "");  // no QUIT into a broken stream
}

TEST(SmtpSession, OverlongReplyLineIsAProtocolError) {
  ScriptedServer server({{S("220 " + std::string(5000, 'x') + "\r\n")}});
  auto r = send_once(local(server.port()), to("x@y.z"));
  server.wait();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpProtocolError);
  EXPECT_NE(r.error().message.find("longer than"), std::string::npos) << r.error().message;
}
