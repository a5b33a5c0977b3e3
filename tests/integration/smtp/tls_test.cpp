// TLS against a real server with a test CA made by openssl at test time: STARTTLS, implicit
// TLS, verification failure without the CA, verifyCertificate: false, STARTTLS required but
// missing, and probe().
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace mailflow::smtp;
using namespace mailflow::smtp::itest;
using mailflow::core::Code;
using mailflow::test::SmtpServer;
using mailflow::test::TestCerts;

namespace {
std::vector<std::string> tls_flags(const TestCerts& c, std::string mode) {
  return {"--tls", std::move(mode), "--cert", c.cert().string(), "--key", c.key().string()};
}
}  // namespace

TEST(SmtpTls, StartTlsVerifiedByTheTestCa) {
  TestCerts certs;
  SmtpServer server(tls_flags(certs, "starttls"));
  for (std::string host : {"127.0.0.1", "localhost"}) {
    auto s = local(server.port(), TlsMode::StartTls);
    s.host = host;
    s.ca_file = certs.ca().string();
    auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
    ASSERT_TRUE(r.ok()) << host << ": " << r.error().message;
  }
  ASSERT_EQ(server.messages().size(), 2u);
  EXPECT_TRUE(server.envelope(0).at("tls").as_bool());
}

TEST(SmtpTls, ImplicitTlsVerifiedByTheTestCa) {
  TestCerts certs;
  SmtpServer server(tls_flags(certs, "implicit"));
  auto s = local(server.port(), TlsMode::Implicit);
  s.ca_file = certs.ca().string();
  auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(server.envelope(0).at("tls").as_bool());
}

TEST(SmtpTls, VerificationFailsWithoutTheCaAndPassesWhenSwitchedOff) {
  TestCerts certs;
  for (auto mode : {TlsMode::Implicit, TlsMode::StartTls}) {
    SmtpServer server(tls_flags(certs, mode == TlsMode::Implicit ? "implicit" : "starttls"));
    auto s = local(server.port(), mode);
    auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Code::SmtpTlsFailed) << r.error().message;
    EXPECT_EQ(r.error().smtp->stage, "TLS");
    EXPECT_NE(r.error().message.find("certificate verification failed"), std::string::npos)
        << r.error().message;
    EXPECT_TRUE(server.messages().empty());

    s.verify_certificate = false;
    auto ok = send_once(s, envelope({"rcpt@example.org"}), sample_message());
    EXPECT_TRUE(ok.ok()) << ok.error().message;
  }
}

TEST(SmtpTls, HostNameMustMatchTheCertificate) {
  TestCerts certs;
  auto flags = tls_flags(certs, "implicit");
  flags.insert(flags.end(), {"--host", "127.0.0.2"});
  SmtpServer server(flags);
  auto s = local(server.port(), TlsMode::Implicit);
  s.ca_file = certs.ca().string();
  s.host = "127.0.0.2";  // also loopback, but not in the certificate's names
  auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpTlsFailed) << r.error().message;
}

TEST(SmtpTls, RequiredStartTlsMissingIsAnErrorOptionalGoesOnInClear) {
  SmtpServer server({"--auth-user", "u", "--auth-password", "secret-pw"});
  auto s = local(server.port(), TlsMode::StartTls);
  s.user = "u";
  s.password = "secret-pw";
  auto r = send_once(s, envelope({"rcpt@example.org"}), sample_message());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::SmtpTlsFailed);
  EXPECT_EQ(r.error().smtp->stage, "TLS");
  EXPECT_NE(r.error().message.find("does not offer STARTTLS"), std::string::npos);

  s.tls = TlsMode::StartTlsOptional;
  auto ok = send_once(s, envelope({"rcpt@example.org"}), sample_message());
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_FALSE(server.envelope(0).at("tls").as_bool());
}

TEST(SmtpTls, ProbeReportsTlsAuthCapabilitiesAndSendsNoMail) {
  TestCerts certs;
  auto flags = tls_flags(certs, "starttls");
  flags.insert(flags.end(), {"--auth-user", "u", "--auth-password", "pw", "--auth-require-tls"});
  SmtpServer server(flags);
  auto s = local(server.port(), TlsMode::StartTls);
  s.ca_file = certs.ca().string();
  s.user = "u";
  s.password = "pw";
  auto p = run([&](boost::asio::any_io_executor ex) { return probe(ex, s); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->tls, TlsMode::StartTls);
  EXPECT_TRUE(p->tls_version == "TLSv1.3" || p->tls_version == "TLSv1.2") << p->tls_version;
  EXPECT_EQ(p->auth, "PLAIN");
  EXPECT_NE(p->greeting.find("smtp-server.test"), std::string::npos) << p->greeting;
  bool has_auth = false;
  for (auto& c : p->capabilities) has_auth = has_auth || c.rfind("AUTH", 0) == 0;
  EXPECT_TRUE(has_auth);
  EXPECT_TRUE(server.messages().empty());
}
