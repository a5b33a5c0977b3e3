// Server faults: a 421 greeting, 552 at the end of DATA, a connection dropped mid-DATA, and
// stalls at each stage (→ SmtpTimeout naming the stage and its setting).
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::itest;
using mailflow::core::Code;
using mailflow::test::SmtpServer;

TEST(SmtpFaults, Greeting421IsATransientRefusal) {
  SmtpServer server({"--greeting-code", "421"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpRejected);
  EXPECT_EQ(r.error().smtp->stage, "CONNECT");
  EXPECT_EQ(r.error().smtp->reply, 421);
  EXPECT_EQ(r.error().smtp->enhanced, "4.3.2");
  EXPECT_TRUE(is_transient(r.error()));
}

TEST(SmtpFaults, Data552IsMessageTooLarge) {
  SmtpServer server({"--data-code", "552"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpMessageTooLarge);
  EXPECT_EQ(r.error().smtp->stage, "MESSAGE");
  EXPECT_EQ(r.error().smtp->reply, 552);
  EXPECT_EQ(r.error().smtp->enhanced, "5.3.4");
}

TEST(SmtpFaults, Data451IsTransientRejection) {
  SmtpServer server({"--data-code", "451"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpRejected);
  EXPECT_EQ(r.error().smtp->stage, "MESSAGE");
  EXPECT_TRUE(is_transient(r.error()));
}

TEST(SmtpFaults, MailRefused) {
  SmtpServer server({"--mail-code", "553 5.1.8 Sender address rejected"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpRejected);
  EXPECT_EQ(r.error().smtp->stage, "MAIL");
  EXPECT_EQ(r.error().smtp->mailbox, "sender@example.org");
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpFaults, DroppedMidDataIsUnreachableAtMessage) {
  SmtpServer server({"--drop-mid-data"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpUnreachable) << r.error().message;
  EXPECT_EQ(r.error().smtp->stage, "MESSAGE");
  EXPECT_TRUE(is_transient(r.error()));
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpFaults, StallAtEachStageTimesOutNamingStageAndSetting) {
  struct Case {
    const char* stall;
    const char* stage;
    const char* setting;
  };
  for (auto c : {Case{"greeting", "CONNECT", "timeouts.greeting"},
                 Case{"ehlo", "EHLO", "timeouts.command"}, Case{"mail", "MAIL", "timeouts.command"},
                 Case{"rcpt", "RCPT", "timeouts.command"}, Case{"data", "DATA", "timeouts.command"},
                 Case{"message", "MESSAGE", "timeouts.data"}}) {
    SmtpServer server({"--stall-at", c.stall, "--no-pipelining"});
    auto s = local(server.port());
    s.timeouts.greeting = s.timeouts.command = s.timeouts.data = std::chrono::milliseconds(300);
    auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
    ASSERT_FALSE(r.ok()) << c.stall;
    EXPECT_EQ(r.error().code, Code::SmtpTimeout) << c.stall << ": " << r.error().message;
    EXPECT_EQ(r.error().smtp->stage, c.stage) << c.stall;
    EXPECT_NE(r.error().message.find(std::string("timed out after 300 ms")), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(c.setting), std::string::npos) << r.error().message;
  }
}

TEST(SmtpFaults, StallWhilePipelinedRepliesAreAwaited) {
  SmtpServer server({"--stall-at", "rcpt"});
  auto s = local(server.port());
  s.timeouts.command = std::chrono::milliseconds(300);
  auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpTimeout);
  EXPECT_EQ(r.error().smtp->stage, "RCPT");
  EXPECT_EQ(r.error().message,
            "timed out after 300 ms waiting for the reply to RCPT TO (the connection's timeouts.commandSeconds or timeoutSeconds)");
}
