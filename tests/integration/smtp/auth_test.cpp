// SMTP AUTH against a real server: PLAIN, LOGIN, CRAM-MD5 succeed; a wrong password is a 535
// mapped to SmtpAuthenticationFailed; the password never appears in any error text.
#include <gtest/gtest.h>

#include "harness.hpp"
#include "smtp/auth.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::itest;
using mailflow::core::Code;
using mailflow::test::SmtpServer;

namespace {
constexpr const char* kPassword = "s3cret-Passw0rd";

Settings with_auth(int port, AuthMechanism m, std::string password) {
  auto s = local(port);
  s.auth = m;
  s.user = "alice";
  s.password = std::move(password);
  return s;
}
}  // namespace

TEST(SmtpAuth, EachMechanismSucceeds) {
  SmtpServer server({"--auth-user", "alice", "--auth-password", kPassword, "--require-auth"});
  for (auto m : {AuthMechanism::Plain, AuthMechanism::Login, AuthMechanism::CramMd5,
                 AuthMechanism::Auto}) {
    auto r = send_once(with_auth(server.port(), m, kPassword), envelope({"rcpt@example.org"}),
                       sample_message());
    ASSERT_TRUE(r.ok()) << to_string(m) << ": " << r.error().message;
  }
  ASSERT_EQ(server.messages().size(), 4u);
  EXPECT_EQ(str(server.envelope(0), "auth_user"), "alice");
}

TEST(SmtpAuth, WrongPasswordIs535AndNeverLeaksTheSecret) {
  SmtpServer server({"--auth-user", "alice", "--auth-password", "the-right-one"});
  for (auto m : {AuthMechanism::Plain, AuthMechanism::Login, AuthMechanism::CramMd5}) {
    auto r = send_once(with_auth(server.port(), m, kPassword), envelope({"rcpt@example.org"}),
                       sample_message());
    ASSERT_FALSE(r.ok());
    const auto& e = r.error();
    EXPECT_EQ(e.code, Code::SmtpAuthenticationFailed) << to_string(m) << ": " << e.message;
    EXPECT_EQ(e.message, "the SMTP server rejected the user name or password");
    EXPECT_EQ(e.smtp->stage, "AUTH");
    EXPECT_EQ(e.smtp->reply, 535);
    EXPECT_EQ(e.smtp->enhanced, "5.7.8");
    EXPECT_EQ(e.smtp->text, "Authentication credentials invalid");
    EXPECT_FALSE(is_transient(e));
    for (const std::string& t : {e.message, e.smtp->text}) {
      EXPECT_EQ(t.find(kPassword), std::string::npos);
      EXPECT_EQ(t.find(base64_encode(kPassword)), std::string::npos);
    }
  }
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpAuth, ServerRequiresAuthButNoneConfigured) {
  SmtpServer server({"--auth-user", "alice", "--auth-password", kPassword, "--require-auth"});
  auto r = send_once(local(server.port()), envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpAuthenticationFailed) << r.error().message;
  EXPECT_EQ(r.error().smtp->reply, 530);
  EXPECT_EQ(r.error().smtp->stage, "MAIL");
}

TEST(SmtpAuth, CredentialsButNoAuthOffered) {
  SmtpServer server;
  auto r = send_once(with_auth(server.port(), AuthMechanism::Auto, kPassword),
                     envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpAuthenticationFailed);
  EXPECT_NE(r.error().message.find("offers no authentication"), std::string::npos);
}
