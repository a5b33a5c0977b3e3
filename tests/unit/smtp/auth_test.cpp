// SASL encodings and mechanism choice.
#include "smtp/auth.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace mailflow::smtp;

TEST(SmtpBase64, RoundTripAndRejectsMalformed) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", std::string("\0\xff\x01", 3)})
    EXPECT_EQ(*base64_decode(base64_encode(s)), s);
  EXPECT_EQ(base64_encode("tim"), "dGlt");
  EXPECT_FALSE(base64_decode("abc"));
  EXPECT_FALSE(base64_decode("ab$="));
}

TEST(SmtpSasl, Plain) {
  // RFC 4616 §4: "\0tim\0tanstaaftanstaaf"
  EXPECT_EQ(plain_response("tim", "tanstaaftanstaaf"), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
}

TEST(SmtpSasl, CramMd5Rfc2195Example) {
  auto r = cram_md5_response("tim", "tanstaaftanstaaf",
                             "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
  EXPECT_FALSE(cram_md5_response("tim", "x", "not base64!"));
}

TEST(SmtpSasl, XOAuth2) {
  EXPECT_EQ(*base64_decode(xoauth2_response("someuser@example.com", "ya29.vF9dft4q")),
            "user=someuser@example.com\x01" "auth=Bearer ya29.vF9dft4q\x01\x01");
}

TEST(SmtpSasl, LoginIsBase64OfEachField) {
  EXPECT_EQ(base64_encode("user"), "dXNlcg==");
}

TEST(SmtpChooseMechanism, AutoPrefersPlainOverTlsAndCramInClear) {
  Capabilities c = parse_capabilities(*parse_reply("250-x\r\n250 AUTH LOGIN PLAIN CRAM-MD5\r\n"));
  EXPECT_EQ(choose_mechanism(AuthMechanism::Auto, c, true), AuthMechanism::Plain);
  EXPECT_EQ(choose_mechanism(AuthMechanism::Auto, c, false), AuthMechanism::CramMd5);
  Capabilities login = parse_capabilities(*parse_reply("250-x\r\n250 AUTH LOGIN XOAUTH2\r\n"));
  EXPECT_EQ(choose_mechanism(AuthMechanism::Auto, login, true), AuthMechanism::Login);
  Capabilities oauth = parse_capabilities(*parse_reply("250-x\r\n250 AUTH XOAUTH2\r\n"));
  EXPECT_EQ(choose_mechanism(AuthMechanism::Auto, oauth, true), std::nullopt);
}

TEST(SmtpChooseMechanism, ConfiguredWinsAndNoneMeansNone) {
  Capabilities none;
  EXPECT_EQ(choose_mechanism(AuthMechanism::XOAuth2, none, true), AuthMechanism::XOAuth2);
  EXPECT_EQ(choose_mechanism(AuthMechanism::None, none, true), std::nullopt);
}
