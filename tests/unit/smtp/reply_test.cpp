// Reply parsing: single and multi-line replies, enhanced codes, malformed and overlong input.
#include "smtp/reply.hpp"

#include <gtest/gtest.h>

using namespace mailflow::smtp;

TEST(SmtpReply, SingleLineWithEnhancedCode) {
  auto r = parse_reply("250 2.1.0 Sender ok\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, 250);
  EXPECT_EQ(r->enhanced, "2.1.0");
  EXPECT_EQ(r->text(), "Sender ok");
}

TEST(SmtpReply, MultiLineJoinsTextAndStripsEachEnhancedCode) {
  auto r = parse_reply("550-5.7.1 Relaying denied.\r\n550-5.7.1 See policy\r\n550 5.7.1 Bye\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, 550);
  EXPECT_EQ(r->enhanced, "5.7.1");
  ASSERT_EQ(r->lines.size(), 3u);
  EXPECT_EQ(r->text(), "Relaying denied. See policy Bye");
}

TEST(SmtpReply, BareLfAndCodeOnly) {
  auto r = parse_reply("250-a\n250\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->lines.size(), 2u);
  EXPECT_EQ(r->lines[1], "");
}

TEST(SmtpReply, EnhancedClassMustMatchReplyClass) {
  auto r = parse_reply("550 2.1.0 odd\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->enhanced, "");
  EXPECT_EQ(r->text(), "2.1.0 odd");
  EXPECT_FALSE(split_enhanced("5.1234.1 x", 550));
  EXPECT_FALSE(split_enhanced("5.1.1x", 550));
  ASSERT_TRUE(split_enhanced("5.1.1", 550));
  EXPECT_EQ(split_enhanced("5.1.1", 550)->first, "5.1.1");
}

TEST(SmtpReply, RejectsGarbageAndChangingCodes) {
  EXPECT_FALSE(parse_reply("hello\r\n"));
  EXPECT_FALSE(parse_reply("25 ok\r\n"));
  EXPECT_FALSE(parse_reply("250xok\r\n"));
  EXPECT_FALSE(parse_reply("250-a\r\n251 b\r\n"));
  EXPECT_FALSE(parse_reply("650 no such class\r\n"));
  EXPECT_FALSE(parse_reply("250-unfinished\r\n"));
}

TEST(SmtpReply, BoundsLineLengthAndLineCount) {
  ReplyLimits lim{20, 3};
  EXPECT_TRUE(parse_reply("250 " + std::string(16, 'x') + "\r\n", lim));
  EXPECT_FALSE(parse_reply("250 " + std::string(17, 'x') + "\r\n", lim));
  EXPECT_TRUE(parse_reply("250-a\r\n250-b\r\n250 c\r\n", lim));
  ReplyParser p(lim);
  EXPECT_EQ(p.add_line("250-a"), ReplyParser::Status::More);
  EXPECT_EQ(p.add_line("250-b"), ReplyParser::Status::More);
  EXPECT_EQ(p.add_line("250-c"), ReplyParser::Status::More);
  EXPECT_EQ(p.add_line("250 d"), ReplyParser::Status::Bad);
  EXPECT_NE(p.error().find("more than 3 lines"), std::string::npos);
}

TEST(SmtpReply, ParserIsReusableAfterTake) {
  ReplyParser p;
  EXPECT_EQ(p.add_line("220 hi"), ReplyParser::Status::Done);
  EXPECT_EQ(p.take().code, 220);
  EXPECT_EQ(p.add_line("250 ok"), ReplyParser::Status::Done);
  EXPECT_EQ(p.take().code, 250);
}
