// Sending through a real aiosmtpd server: the mail arrives byte for byte, envelope parameters
// are sent only when offered, per-recipient refusals, SIZE, SMTPUTF8, with and without PIPELINING.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::itest;
using mailflow::core::Code;
using mailflow::test::SmtpServer;

TEST(SmtpSend, PlainDeliversTheMessageIntactWithDotLines) {
  SmtpServer server;
  auto msg = sample_message();
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), msg);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->final_reply.code, 250);
  EXPECT_EQ(r->accepted, std::vector<std::string>{"rcpt@example.org"});
  EXPECT_TRUE(r->rejected.empty());
  ASSERT_EQ(server.messages().size(), 1u);
  EXPECT_EQ(server.message_text(0), msg);  // dot-stuffed on the wire, intact on arrival
  auto env = server.envelope(0);
  EXPECT_EQ(str(env, "mail_from"), "sender@example.org");
  EXPECT_EQ(env.at("rcpt_tos").as_array().size(), 1u);
  EXPECT_FALSE(env.at("tls").as_bool());
}

TEST(SmtpSend, WithoutPipeliningTooAndNullSender) {
  SmtpServer server({"--no-pipelining"});
  auto r = send_once(local(server.port()), envelope({"a@example.org", "b@example.org"}, ""),
                     sample_message());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->accepted.size(), 2u);
  ASSERT_EQ(server.messages().size(), 1u);
}

TEST(SmtpSend, PartialAcceptanceListsRefusedRecipients) {
  SmtpServer server({"--rcpt-fail", "later@example.org=451", "--rcpt-fail", "nobody@example.org=550"});
  auto r = send_once(local(server.port()),
                     envelope({"later@example.org", "ok@example.org", "nobody@example.org"}),
                     sample_message());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->accepted, std::vector<std::string>{"ok@example.org"});
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].address, "later@example.org");
  EXPECT_EQ(r->rejected[0].reply.code, 451);
  EXPECT_EQ(r->rejected[0].reply.enhanced, "4.3.0");
  EXPECT_EQ(r->rejected[1].reply.code, 550);
  EXPECT_EQ(r->rejected[1].reply.enhanced, "5.1.1");
  ASSERT_EQ(server.messages().size(), 1u);
  EXPECT_EQ(server.envelope(0).at("rcpt_tos").as_array().size(), 1u);
}

TEST(SmtpSend, AllRecipientsRefusedIsAnErrorAndNothingIsSent) {
  for (bool pipelining : {true, false}) {
    std::vector<std::string> flags{"--rcpt-fail", "a@example.org=550", "--rcpt-fail",
                                   "b@example.org=451"};
    if (!pipelining) flags.push_back("--no-pipelining");
    SmtpServer server(flags);
    auto r = send_once(local(server.port()), envelope({"a@example.org", "b@example.org"}),
                       sample_message());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Code::SmtpRejected);
    EXPECT_EQ(r.error().smtp->stage, "RCPT");
    EXPECT_EQ(r.error().smtp->reply, 550);
    EXPECT_EQ(r.error().smtp->mailbox, "a@example.org");
    EXPECT_NE(r.error().message.find("all 2 recipients"), std::string::npos) << r.error().message;
    EXPECT_TRUE(server.messages().empty());
  }
}

TEST(SmtpSend, PolicyRefusalAtRcpt) {
  SmtpServer server({"--rcpt-fail", "x@example.org=550 5.7.1 Relaying denied"});
  auto r = send_once(local(server.port()), envelope({"x@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpPolicyRefused);
  EXPECT_EQ(r.error().smtp->text, "Relaying denied");
  EXPECT_FALSE(is_transient(r.error()));
}

TEST(SmtpSend, DsnParametersWhenOffered) {
  SmtpServer server({"--dsn"});
  auto env = envelope({"rcpt@example.org"});
  env.dsn = true;
  env.envid = "msg-1";
  auto r = send_once(local(server.port()), env, sample_message());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->warnings.empty());
  auto e = server.envelope(0);
  auto opts = boost::json::serialize(e.at("mail_options"));
  EXPECT_NE(opts.find("RET=HDRS"), std::string::npos) << opts;
  EXPECT_NE(opts.find("ENVID=MSG-1"), std::string::npos) << opts;  // aiosmtpd upper-cases
  auto rcpt = boost::json::serialize(e.at("rcpt_options"));
  EXPECT_NE(rcpt.find("NOTIFY=SUCCESS,FAILURE"), std::string::npos) << rcpt;
  EXPECT_NE(rcpt.find("ORCPT=RFC822;RCPT@EXAMPLE.ORG"), std::string::npos) << rcpt;
}

TEST(SmtpSend, DsnNotOfferedGivesAWarningAndSendsAnyway) {
  SmtpServer server;
  auto env = envelope({"rcpt@example.org"});
  env.dsn = true;
  auto r = send_once(local(server.port()), env, sample_message());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], "DeliveryReceipt requested but the SMTP server does not offer DSN");
  EXPECT_EQ(boost::json::serialize(server.envelope(0).at("mail_options")).find("RET="),
            std::string::npos);
}

TEST(SmtpSend, SizeOverTheServersLimitFailsBeforeSending) {
  SmtpServer server({"--size", "100"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}),
                     sample_message(std::string(200, 'x')));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpMessageTooLarge);
  EXPECT_EQ(r.error().smtp->stage, "MAIL");
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpSend, SmtpUtf8OnlyWhenOffered) {
  auto env = envelope({"用户@example.org"}, "发件人@example.org");
  env.smtputf8 = true;
  env.eight_bit = true;
  auto msg = "From: 发件人@example.org\r\nSubject: 你好\r\n\r\n正文\r\n";
  {
    SmtpServer server;
    auto r = send_once(local(server.port()), env, msg);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Code::SmtpRejected);
    EXPECT_NE(r.error().message.find("SMTPUTF8"), std::string::npos);
  }
  SmtpServer server({"--smtputf8"});
  auto r = send_once(local(server.port()), env, msg);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto e = server.envelope(0);
  EXPECT_TRUE(e.at("smtputf8").as_bool());
  EXPECT_EQ(str(e, "mail_from"), "发件人@example.org");
  EXPECT_EQ(server.message_text(0), msg);
}

TEST(SmtpSend, ConnectionRefused) {
  int port;
  {
    SmtpServer server;
    port = server.port();
  }  // stopped: nothing listens there now
  auto r = send_once(local(port), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpUnreachable);
  EXPECT_EQ(r.error().smtp->stage, "CONNECT");
  EXPECT_TRUE(is_transient(r.error()));
}
