#include "mail/text_checks.hpp"

#include <gtest/gtest.h>

using namespace mailflow;

TEST(TextChecks, Utf8AndAscii) {
  EXPECT_TRUE(mail::is_valid_utf8("plain"));
  EXPECT_TRUE(mail::is_valid_utf8("你好 ✓"));
  EXPECT_FALSE(mail::is_valid_utf8("\xff"));
  EXPECT_FALSE(mail::is_valid_utf8("\xe4\xbd"));  // truncated sequence
  EXPECT_FALSE(mail::is_valid_utf8(std::string_view("a\0b", 3)));
  EXPECT_TRUE(mail::is_ascii("abc~"));
  EXPECT_FALSE(mail::is_ascii("é"));
}

TEST(TextChecks, HeaderValue) {
  EXPECT_TRUE(mail::check_header_value("Hello\tworld 你好", "Subject", "the subject").ok());
  for (const char* bad : {"a\rb", "a\nb", "a\r\nBcc: x@y.z", "\n"}) {
    auto st = mail::check_header_value(bad, "Subject", "the subject");
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, core::Code::HeaderInjection);
    EXPECT_EQ(st.error().field, "Subject");
    EXPECT_NE(st.error().message.find("the subject"), std::string::npos);
  }
  auto st = mail::check_header_value("\xc3", "Attachments[0].FileName", "the file name");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::Code::InvalidRequest);
  EXPECT_EQ(st.error().field, "Attachments[0].FileName");
}
