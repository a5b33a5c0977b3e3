// Command building and pre-MAIL checks (the transaction itself: session_test, integration).
#include "smtp/protocol.hpp"

#include <gtest/gtest.h>

using namespace mailflow::smtp;
using mailflow::core::Code;

namespace {
Capabilities caps(std::string_view lines) {
  return parse_capabilities(*parse_reply("250-x\r\n" + std::string(lines)));
}
Envelope env_of(std::string from, std::vector<std::string> to) {
  Envelope e;
  e.mail_from = std::move(from);
  e.recipients = std::move(to);
  return e;
}
const Capabilities kAll = caps("250-SIZE 1000\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 DSN\r\n");
}  // namespace

TEST(SmtpProtocol, MailCommandOnlyWithOfferedParameters) {
  Envelope env = env_of("a@b.c", {"x@y.z"});
  env.smtputf8 = env.eight_bit = env.dsn = true;
  env.envid = "id+1";
  EXPECT_EQ(mail_command(env, kAll, 42),
            "MAIL FROM:<a@b.c> SIZE=42 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=id+2B1");
  EXPECT_EQ(mail_command(env, Capabilities{}, 42), "MAIL FROM:<a@b.c>");
  Envelope null_sender = env_of("", {"x@y.z"});
  EXPECT_EQ(mail_command(null_sender, Capabilities{}, 1), "MAIL FROM:<>");
}

TEST(SmtpProtocol, RcptCommandWithDsn) {
  Envelope env = env_of("a@b.c", {"x@y.z"});
  env.dsn = true;
  EXPECT_EQ(rcpt_command("x@y.z", env, kAll),
            "RCPT TO:<x@y.z> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y.z");
  EXPECT_EQ(rcpt_command("x@y.z", env, Capabilities{}), "RCPT TO:<x@y.z>");
  EXPECT_EQ(rcpt_command("用户@y.z", env, kAll), "RCPT TO:<用户@y.z> NOTIFY=SUCCESS,FAILURE");
}

TEST(SmtpProtocol, Xtext) { EXPECT_EQ(xtext("a+b=c d\x01"), "a+2Bb+3Dc+20d+01"); }

TEST(SmtpProtocol, ChecksBeforeMail) {
  std::vector<std::string> w;
  Envelope env = env_of("a@b.c", {"x@y.z"});
  EXPECT_FALSE(check_before_mail(env, kAll, 1000, w));
  auto big = check_before_mail(env, kAll, 1001, w);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->code, Code::SmtpMessageTooLarge);

  env.smtputf8 = true;
  auto utf = check_before_mail(env, Capabilities{}, 10, w);
  ASSERT_TRUE(utf);
  EXPECT_EQ(utf->code, Code::SmtpRejected);
  EXPECT_EQ(utf->smtp->stage, "MAIL");
}

TEST(SmtpProtocol, WarnsWhenDsnOr8BitNotOffered) {
  std::vector<std::string> w;
  Envelope env = env_of("a@b.c", {"x@y.z"});
  env.eight_bit = env.dsn = true;
  EXPECT_FALSE(check_before_mail(env, Capabilities{}, 10, w));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], "DeliveryReceipt requested but the SMTP server does not offer DSN");
}

TEST(SmtpProtocol, RefusesCommandInjectionInAddresses) {
  std::vector<std::string> w;
  Envelope env = env_of("a@b.c", {"x@y.z>\r\nRCPT TO:<evil@z"});
  auto e = check_before_mail(env, kAll, 10, w);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, Code::InvalidAddress);
  Envelope none = env_of("a@b.c", {});
  EXPECT_TRUE(check_before_mail(none, kAll, 10, w));
}
