// TLS-mode resolution (Azure's enableSSL) and the option names.
#include "smtp/settings.hpp"

#include <gtest/gtest.h>

using namespace mailflow::smtp;

TEST(SmtpResolveTls, AutoFollowsDesign) {
  EXPECT_EQ(resolve_tls(TlsMode::Auto, false, 465), TlsMode::Implicit);
  EXPECT_EQ(resolve_tls(TlsMode::Auto, true, 465), TlsMode::Implicit);
  EXPECT_EQ(resolve_tls(TlsMode::Auto, true, 587), TlsMode::StartTls);
  EXPECT_EQ(resolve_tls(TlsMode::Auto, false, 25), TlsMode::StartTlsOptional);
}

TEST(SmtpResolveTls, ExplicitModesAreKept) {
  for (auto m : {TlsMode::Implicit, TlsMode::StartTls, TlsMode::StartTlsOptional, TlsMode::None}) {
    EXPECT_EQ(resolve_tls(m, true, 465), m);
    EXPECT_EQ(resolve_tls(m, false, 25), m);
  }
}

TEST(SmtpTlsModeNames, RoundTrip) {
  for (auto n : {"auto", "implicit", "starttls", "starttls-optional", "none"})
    EXPECT_EQ(to_string(*parse_tls_mode(n)), n);
  EXPECT_FALSE(parse_tls_mode("STARTTLS"));
  EXPECT_FALSE(parse_tls_mode("ssl"));
}

TEST(SmtpAuthMechanismNames, RoundTrip) {
  for (auto n : {"auto", "plain", "login", "cram-md5", "xoauth2", "none"})
    EXPECT_EQ(to_string(*parse_auth_mechanism(n)), n);
  EXPECT_FALSE(parse_auth_mechanism("md5"));
}

TEST(SmtpSettings, Defaults) {
  Settings s;
  EXPECT_EQ(s.port, 587);
  EXPECT_TRUE(s.verify_certificate);
  EXPECT_EQ(s.max_connections, 4);
  EXPECT_EQ(s.timeouts.command, std::chrono::seconds(30));
}
