#include "mail/content_data.hpp"

#include <gtest/gtest.h>

using namespace mailflow;
using mail::ContentEncoding;
using mail::decode_content_data;

namespace {
constexpr std::size_t kMax = 1 << 20;
std::string decode(std::string_view data, std::string_view type,
                   ContentEncoding enc = ContentEncoding::Auto) {
  auto r = decode_content_data(data, type, enc, kMax, "Attachments[0].ContentData");
  EXPECT_TRUE(r.ok()) << data << " as " << type << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::string{};
}
core::Error fail(std::string_view data, std::string_view type,
                 ContentEncoding enc = ContentEncoding::Auto, std::size_t max = kMax) {
  auto r = decode_content_data(data, type, enc, max, "Attachments[2].ContentData");
  EXPECT_FALSE(r.ok()) << data;
  return r.ok() ? core::Error{} : r.error();
}
}  // namespace

TEST(Base64, DecodesPaddedWithLineBreaks) {
  auto r = mail::decode_base64("SGVs\r\nbG8g d29y\tbGQ=");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "Hello world");
  EXPECT_FALSE(mail::decode_base64("SGVsbG8").ok());       // missing padding
  EXPECT_FALSE(mail::decode_base64("SGV$bG8=").ok());      // outside the alphabet
  EXPECT_FALSE(mail::decode_base64("SGVsbG8=SGVs").ok());  // data after padding
  EXPECT_TRUE(mail::decode_base64("").ok());
}

TEST(ContentData, TextualTypes) {
  EXPECT_TRUE(mail::is_textual_type("text/plain"));
  EXPECT_TRUE(mail::is_textual_type("Text/CSV; charset=utf-8"));
  EXPECT_TRUE(mail::is_textual_type("application/json"));
  EXPECT_TRUE(mail::is_textual_type("application/ld+json"));
  EXPECT_TRUE(mail::is_textual_type("image/svg+xml"));
  EXPECT_FALSE(mail::is_textual_type("application/pdf"));
  EXPECT_FALSE(mail::is_textual_type("image/png"));
}

TEST(ContentData, BinaryMustBeBase64) {
  EXPECT_EQ(decode("AAEC/w==", "application/octet-stream"), std::string("\x00\x01\x02\xff", 4));
  auto e = fail("not base64!", "application/pdf");
  EXPECT_EQ(e.code, core::Code::InvalidBase64);
  EXPECT_EQ(e.field, "Attachments[2].ContentData");
  EXPECT_NE(e.message.find("base64"), std::string::npos);
}

TEST(ContentData, TextIsBase64WhenItDecodesToText) {
  EXPECT_EQ(decode("SGVsbG8=", "text/plain"), "Hello");
  EXPECT_EQ(decode("5L2g5aW9", "text/plain; charset=utf-8"), "你好");
}

TEST(ContentData, TextThatIsNotBase64IsTakenAsIs) {
  EXPECT_EQ(decode("Hello, world", "text/plain"), "Hello, world");
  EXPECT_EQ(decode("a,b\n1,2\n", "text/csv"), "a,b\n1,2\n");
  EXPECT_EQ(decode("{\"a\": 1}", "application/json"), "{\"a\": 1}");
  // Valid base64, but its bytes are not UTF-8 text: the user meant the word.
  EXPECT_EQ(decode("abcd", "text/plain"), "abcd");
  // Spaces between groups make it prose, not base64, for text types.
  EXPECT_EQ(decode("abcd efgh", "text/plain"), "abcd efgh");
  EXPECT_EQ(decode("", "text/plain"), "");
}

TEST(ContentData, TextInAnotherCharsetIsDecodedEvenIfNotUtf8) {
  EXPECT_EQ(decode("5/b8", "text/plain; charset=iso-8859-1"), "\xe7\xf6\xfc");
}

TEST(ContentData, ExplicitEncodings) {
  EXPECT_EQ(decode("SGVsbG8=", "text/plain", ContentEncoding::None), "SGVsbG8=");
  EXPECT_EQ(decode("raw bytes", "application/octet-stream", ContentEncoding::None), "raw bytes");
  EXPECT_EQ(decode("SGVsbG8=", "text/plain", ContentEncoding::Base64), "Hello");
  EXPECT_EQ(fail("Hello, world", "text/plain", ContentEncoding::Base64).code,
            core::Code::InvalidBase64);
}

TEST(ContentData, OverTheLimitIsPayloadTooLarge) {
  EXPECT_EQ(fail("AAAAAAAA", "application/octet-stream", ContentEncoding::Auto, 5).code,
            core::Code::PayloadTooLarge);
  EXPECT_EQ(fail("123456", "text/plain", ContentEncoding::Auto, 5).code,
            core::Code::PayloadTooLarge);
  EXPECT_EQ(fail("123456", "text/plain", ContentEncoding::None, 5).code,
            core::Code::PayloadTooLarge);
  auto r = decode_content_data("AAAA", "application/octet-stream", ContentEncoding::Auto, 3, "f");
  EXPECT_TRUE(r.ok());  // exactly at the limit
}
