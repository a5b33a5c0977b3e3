// Line splitting, dot-stuffing and the transcript.
#include "smtp/wire.hpp"

#include <gtest/gtest.h>

using namespace mailflow::smtp;

TEST(SmtpLineBuffer, SplitsCrlfAndBareLfAcrossChunks) {
  LineBuffer b(100);
  std::string line;
  b.append("220 a\r");
  EXPECT_EQ(b.next(line), LineBuffer::Status::NeedMore);
  b.append("\n250 b\n25");
  ASSERT_EQ(b.next(line), LineBuffer::Status::Line);
  EXPECT_EQ(line, "220 a");
  ASSERT_EQ(b.next(line), LineBuffer::Status::Line);
  EXPECT_EQ(line, "250 b");
  EXPECT_EQ(b.next(line), LineBuffer::Status::NeedMore);
  b.clear();
  EXPECT_TRUE(b.empty());
}

TEST(SmtpLineBuffer, OverlongLineIsAnErrorEvenWithoutTerminator) {
  LineBuffer b(10);
  std::string line;
  b.append(std::string(10, 'x') + "\r\n");
  EXPECT_EQ(b.next(line), LineBuffer::Status::Line);
  b.append(std::string(11, 'x') + "\r\n");
  EXPECT_EQ(b.next(line), LineBuffer::Status::TooLong);
  LineBuffer c(10);
  c.append(std::string(50, 'x'));
  EXPECT_EQ(c.next(line), LineBuffer::Status::TooLong);
}

TEST(SmtpDotStuff, DoublesLeadingDotsAndTerminates) {
  EXPECT_EQ(dot_stuff("a\r\n.b\r\n..c\r\n"), "a\r\n..b\r\n...c\r\n.\r\n");
  EXPECT_EQ(dot_stuff(".\r\n"), "..\r\n.\r\n");
  EXPECT_EQ(dot_stuff("a.b\r\n"), "a.b\r\n.\r\n");
}

TEST(SmtpDotStuff, AddsMissingFinalCrlfAndFixesBareLf) {
  EXPECT_EQ(dot_stuff("x"), "x\r\n.\r\n");
  EXPECT_EQ(dot_stuff("x\n.y"), "x\r\n..y\r\n.\r\n");
  EXPECT_EQ(dot_stuff(""), ".\r\n");
}

TEST(SmtpTranscript, KeepsTheLastLines) {
  Transcript t(2);
  t.client("EHLO a");
  t.server("250 ok");
  t.client("MAIL FROM:<a@b>");
  EXPECT_EQ(t.str(), "S: 250 ok\nC: MAIL FROM:<a@b>\n");
}
