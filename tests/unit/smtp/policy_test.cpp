// The error policy's decision table, row by row.
#include "smtp/policy.hpp"

#include <boost/asio/error.hpp>
#include <gtest/gtest.h>

using namespace mailflow::smtp;
using mailflow::core::Code;

namespace {
Reply rep(std::string_view text) { return *parse_reply(text); }
}  // namespace

TEST(SmtpPolicy, AuthCodesAtAuth) {
  for (auto t : {"535 5.7.8 Authentication credentials invalid\r\n", "534 5.7.9 weak\r\n",
                 "538 5.7.11 encrypt\r\n", "530 5.7.0 Authentication required\r\n"}) {
    auto e = reply_error(Step::Auth, rep(t));
    EXPECT_EQ(e.code, Code::SmtpAuthenticationFailed) << t;
    EXPECT_EQ(e.smtp->stage, "AUTH");
    EXPECT_FALSE(is_transient(e));
  }
  auto e = reply_error(Step::Auth, rep("535 5.7.8 Authentication credentials invalid\r\n"));
  EXPECT_EQ(e.message, "the SMTP server rejected the user name or password");
  EXPECT_EQ(e.smtp->reply, 535);
  EXPECT_EQ(e.smtp->enhanced, "5.7.8");
  EXPECT_EQ(e.smtp->text, "Authentication credentials invalid");
}

TEST(SmtpPolicy, AuthRequiredAtMailIsAuthFailure) {
  EXPECT_EQ(reply_error(Step::Mail, rep("530 5.7.0 Authentication required\r\n")).code,
            Code::SmtpAuthenticationFailed);
}

TEST(SmtpPolicy, SecurityEnhancedCodeIsPolicy) {
  auto e = reply_error(Step::Rcpt, rep("550 5.7.1 Relaying denied\r\n"), "x@y.org");
  EXPECT_EQ(e.code, Code::SmtpPolicyRefused);
  EXPECT_EQ(e.smtp->stage, "RCPT");
  EXPECT_EQ(e.smtp->mailbox, "x@y.org");
  EXPECT_NE(e.message.find("<x@y.org>"), std::string::npos);
  // 535 outside AUTH with 5.7.x is a policy matter, not credentials.
  EXPECT_EQ(reply_error(Step::Mail, rep("554 5.7.1 sender not allowed\r\n")).code,
            Code::SmtpPolicyRefused);
}

TEST(SmtpPolicy, TooLarge) {
  EXPECT_EQ(reply_error(Step::EndOfData, rep("552 Too much mail data\r\n")).code,
            Code::SmtpMessageTooLarge);
  EXPECT_EQ(reply_error(Step::EndOfData, rep("554 5.3.4 Message too big\r\n")).code,
            Code::SmtpMessageTooLarge);
  EXPECT_EQ(reply_error(Step::Rcpt, rep("552 5.2.2 Mailbox full\r\n")).code, Code::SmtpRejected);
  auto e = message_too_large(2000, 1000);
  EXPECT_EQ(e.code, Code::SmtpMessageTooLarge);
  EXPECT_EQ(e.smtp->stage, "MAIL");
  EXPECT_EQ(reply_error(Step::EndOfData, rep("552 x\r\n")).smtp->stage, "MESSAGE");
}

TEST(SmtpPolicy, OtherRepliesAreRejectionsTransientBy4xx) {
  auto t = reply_error(Step::Rcpt, rep("451 4.3.0 try later\r\n"), "a@b");
  EXPECT_EQ(t.code, Code::SmtpRejected);
  EXPECT_TRUE(is_transient(t));
  auto p = reply_error(Step::Rcpt, rep("550 5.1.1 no such user\r\n"), "a@b");
  EXPECT_EQ(p.code, Code::SmtpRejected);
  EXPECT_FALSE(is_transient(p));
  auto g = reply_error(Step::Greeting, rep("421 4.3.2 busy\r\n"));
  EXPECT_EQ(g.smtp->stage, "CONNECT");
  EXPECT_TRUE(is_transient(g));
}

TEST(SmtpPolicy, UnexpectedPositiveReplyIsProtocolError) {
  EXPECT_EQ(reply_error(Step::Mail, rep("354 go on\r\n")).code, Code::SmtpProtocolError);
}

TEST(SmtpPolicy, TransportTimeoutProtocol) {
  auto u = transport_error(Step::Connect, boost::asio::error::connection_refused, "h:25");
  EXPECT_EQ(u.code, Code::SmtpUnreachable);
  EXPECT_EQ(u.smtp->stage, "CONNECT");
  EXPECT_EQ(u.smtp->reply, 0);
  EXPECT_TRUE(is_transient(u));
  auto l = transport_error(Step::MessageBody, boost::asio::error::eof);
  EXPECT_EQ(l.code, Code::SmtpUnreachable);
  EXPECT_EQ(l.smtp->stage, "MESSAGE");
  auto t = timeout_error(Step::Rcpt, std::chrono::seconds(30));
  EXPECT_EQ(t.code, Code::SmtpTimeout);
  EXPECT_EQ(t.message, "timed out after 30 s waiting for the reply to RCPT TO (the connection's timeouts.commandSeconds or timeoutSeconds)");
  EXPECT_TRUE(is_transient(t));
  EXPECT_EQ(timeout_error(Step::Greeting, std::chrono::milliseconds(200)).message,
            "timed out after 200 ms waiting for the server's greeting (the connection's timeouts.greetingSeconds or timeoutSeconds)");
  auto p = protocol_error(Step::Ehlo, "garbage");
  EXPECT_EQ(p.code, Code::SmtpProtocolError);
  EXPECT_EQ(p.smtp->stage, "EHLO");
}

TEST(SmtpPolicy, TlsFailuresArePermanent) {
  auto e = tls_unavailable("the SMTP server does not offer STARTTLS");
  EXPECT_EQ(e.code, Code::SmtpTlsFailed);
  EXPECT_EQ(e.smtp->stage, "TLS");
  EXPECT_FALSE(is_transient(e));
  EXPECT_EQ(transport_error(Step::TlsHandshake, boost::asio::error::operation_aborted).code,
            Code::SmtpTlsFailed);
}

TEST(SmtpPolicy, AllRecipientsRejectedCountsThemAndKeepsTheFirst) {
  std::vector<std::pair<std::string, Reply>> refused{
      {"a@x", rep("550 5.1.1 unknown a\r\n")}, {"b@x", rep("451 4.3.0 later\r\n")}};
  auto e = all_recipients_rejected(refused);
  EXPECT_EQ(e.code, Code::SmtpRejected);
  EXPECT_EQ(e.smtp->stage, "RCPT");
  EXPECT_EQ(e.smtp->reply, 550);
  EXPECT_EQ(e.smtp->mailbox, "a@x");
  EXPECT_NE(e.message.find("all 2 recipients"), std::string::npos);
}

TEST(SmtpPolicy, FormatDuration) {
  EXPECT_EQ(format_duration(std::chrono::milliseconds(1500)), "1.5 s");
  EXPECT_EQ(format_duration(std::chrono::seconds(120)), "120 s");
}
