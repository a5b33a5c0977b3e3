// EHLO capability parsing.
#include "smtp/capabilities.hpp"

#include <gtest/gtest.h>

using namespace mailflow::smtp;

namespace {
Capabilities caps(std::string_view ehlo) { return parse_capabilities(*parse_reply(ehlo)); }
}  // namespace

TEST(SmtpCapabilities, TypicalEhlo) {
  auto c = caps(
      "250-mail.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250-STARTTLS\r\n"
      "250-AUTH PLAIN login XOAUTH2\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-DSN\r\n"
      "250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n");
  for (Ext e : {Ext::Pipelining, Ext::Size, Ext::StartTls, Ext::Auth, Ext::EightBitMime,
                Ext::SmtpUtf8, Ext::Dsn, Ext::EnhancedStatusCodes, Ext::Chunking})
    EXPECT_TRUE(c.has(e)) << static_cast<int>(e);
  EXPECT_EQ(c.size_limit, 35882577u);
  EXPECT_TRUE(c.offers_auth("plain"));
  EXPECT_TRUE(c.offers_auth("LOGIN"));
  EXPECT_FALSE(c.offers_auth("CRAM-MD5"));
  EXPECT_EQ(c.keywords.size(), 9u);
}

TEST(SmtpCapabilities, KeywordsAreCaseInsensitiveAndOldAuthFormCounts) {
  auto c = caps("250-x\r\n250-pipelining\r\n250-AUTH=LOGIN CRAM-MD5\r\n250 size\r\n");
  EXPECT_TRUE(c.has(Ext::Pipelining));
  EXPECT_TRUE(c.has(Ext::Auth));
  EXPECT_TRUE(c.offers_auth("cram-md5"));
  EXPECT_TRUE(c.has(Ext::Size));
  EXPECT_EQ(c.size_limit, 0u);
}

TEST(SmtpCapabilities, GreetingLineIsNotAKeywordAndHeloHasNone) {
  auto c = caps("250 PIPELINING\r\n");  // a one-line reply: just the domain/greeting
  EXPECT_FALSE(c.has(Ext::Pipelining));
  EXPECT_TRUE(c.keywords.empty());
}

TEST(SmtpCapabilities, DisableSwitchesOneOff) {
  auto c = caps("250-x\r\n250-PIPELINING\r\n250 DSN\r\n");
  c.disable(Ext::Pipelining);
  EXPECT_FALSE(c.has(Ext::Pipelining));
  EXPECT_TRUE(c.has(Ext::Dsn));
}

TEST(SmtpCapabilities, MalformedSizeIsIgnored) {
  auto c = caps("250-x\r\n250 SIZE 12abc\r\n");
  EXPECT_TRUE(c.has(Ext::Size));
  EXPECT_EQ(c.size_limit, 0u);
}
