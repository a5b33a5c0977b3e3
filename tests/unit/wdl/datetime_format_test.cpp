// .NET date/time format strings: every standard letter and every custom specifier.
#include "wdl/datetime_format.hpp"

#include <gtest/gtest.h>

using namespace mailflow::wdl;

namespace {
// 2009-06-15T13:45:30.6175425Z, a Monday (the .NET documentation's sample instant).
DateTime sample(DateTime::Kind kind = DateTime::Kind::Utc) {
  auto t = from_civil(Civil{2009, 6, 15, 13, 45, 30, 6175425});
  return DateTime{*t, kind};
}
std::string fmt(std::string_view f, std::string_view locale = {}, DateTime t = sample()) {
  auto r = format_datetime(t, f, locale);
  return r ? *r : "ERROR: " + r.error().message;
}
}  // namespace

TEST(DateTimeFormat, StandardFormats) {
  EXPECT_EQ(fmt("o"), "2009-06-15T13:45:30.6175425Z");
  EXPECT_EQ(fmt("O"), "2009-06-15T13:45:30.6175425Z");
  EXPECT_EQ(fmt("o", {}, sample(DateTime::Kind::Unspecified)), "2009-06-15T13:45:30.6175425");
  EXPECT_EQ(fmt("s"), "2009-06-15T13:45:30");
  EXPECT_EQ(fmt("u"), "2009-06-15 13:45:30Z");
  EXPECT_EQ(fmt("r"), "Mon, 15 Jun 2009 13:45:30 GMT");
  EXPECT_EQ(fmt("R"), "Mon, 15 Jun 2009 13:45:30 GMT");
  EXPECT_EQ(fmt("d"), "6/15/2009");
  EXPECT_EQ(fmt("D"), "Monday, June 15, 2009");
  EXPECT_EQ(fmt("f"), "Monday, June 15, 2009 1:45 PM");
  EXPECT_EQ(fmt("F"), "Monday, June 15, 2009 1:45:30 PM");
  EXPECT_EQ(fmt("U"), "Monday, June 15, 2009 1:45:30 PM");
  EXPECT_EQ(fmt("g"), "6/15/2009 1:45 PM");
  EXPECT_EQ(fmt("G"), "6/15/2009 1:45:30 PM");
  EXPECT_EQ(fmt("t"), "1:45 PM");
  EXPECT_EQ(fmt("T"), "1:45:30 PM");
  EXPECT_EQ(fmt("M"), "June 15");
  EXPECT_EQ(fmt("m"), "June 15");
  EXPECT_EQ(fmt("Y"), "June 2009");
  EXPECT_EQ(fmt("y"), "June 2009");
  EXPECT_EQ(fmt(""), "2009-06-15T13:45:30.6175425Z");
  EXPECT_EQ(fmt("q"), "ERROR: 'q' is not a valid date/time format");
}

TEST(DateTimeFormat, CustomSpecifiers) {
  EXPECT_EQ(fmt("yyyy yy y yyyyy"), "2009 09 9 02009");
  EXPECT_EQ(fmt("MMMM MMM MM %M"), "June Jun 06 6");
  EXPECT_EQ(fmt("dddd ddd dd %d"), "Monday Mon 15 15");
  EXPECT_EQ(fmt("HH %H hh %h"), "13 13 01 1");
  EXPECT_EQ(fmt("mm %m ss %s"), "45 45 30 30");
  EXPECT_EQ(fmt("%f ff fff ffff fffff ffffff fffffff"), "6 61 617 6175 61754 617542 6175425");
  EXPECT_EQ(fmt("%F FF FFF FFFF FFFFF FFFFFF FFFFFFF"), "6 61 617 6175 61754 617542 6175425");
  EXPECT_EQ(fmt("tt %t"), "PM P");
  EXPECT_EQ(fmt("%K"), "Z");
  EXPECT_EQ(fmt("%K", {}, sample(DateTime::Kind::Unspecified)), "");
  EXPECT_EQ(fmt("%z zz zzz"), "+0 +00 +00:00");
  EXPECT_EQ(fmt("%g"), "A.D.");
  EXPECT_EQ(fmt("HH:mm/dd"), "13:45/15");
  EXPECT_EQ(fmt("'at' HH \"o'clock\" \\d"), "at 13 o'clock d");
  EXPECT_EQ(fmt("yyyy-MM-ddTHH:mm:ss"), "2009-06-15T13:45:30");
  EXPECT_EQ(fmt("HH:mm 'x"), "ERROR: format has an unterminated quote");
}

TEST(DateTimeFormat, TrailingZeroFractionsDropWithTheirPoint) {
  auto whole = DateTime{*from_civil(Civil{2009, 6, 15, 13, 45, 30, 0}), DateTime::Kind::Utc};
  EXPECT_EQ(fmt("ss.FFF", {}, whole), "30");
  EXPECT_EQ(fmt("ss.fff", {}, whole), "30.000");
  auto half = DateTime{*from_civil(Civil{2009, 6, 15, 13, 45, 30, 5000000}), DateTime::Kind::Utc};
  EXPECT_EQ(fmt("ss.FFF", {}, half), "30.5");
}

TEST(DateTimeFormat, MidnightAndNoonInTwelveHourClock) {
  auto midnight = DateTime{*from_civil(Civil{2009, 6, 15, 0, 5, 0, 0}), DateTime::Kind::Utc};
  EXPECT_EQ(fmt("h:mm tt", {}, midnight), "12:05 AM");
  auto noon = DateTime{*from_civil(Civil{2009, 6, 15, 12, 5, 0, 0}), DateTime::Kind::Utc};
  EXPECT_EQ(fmt("h:mm tt", {}, noon), "12:05 PM");
}

TEST(DateTimeFormat, LocaleNames) {
  EXPECT_EQ(fmt("dddd d MMMM yyyy", "fr-FR"), "lundi 15 juin 2009");
  EXPECT_EQ(fmt("dddd, d. MMMM", "de-DE"), "Montag, 15. Juni");
  EXPECT_EQ(fmt("ddd MMM", "es-ES"), "lun jun");
}

TEST(DateTimeFormat, ParseWithFormat) {
  auto r = parse_with_format("15/06/2009 13:45:30.61", "dd/MM/yyyy HH:mm:ss.ff");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*format_datetime(*r, "o"), "2009-06-15T13:45:30.6100000");
  auto p = parse_with_format("June 15, 2009 1:45 PM", "MMMM d, yyyy h:mm tt");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(*format_datetime(*p, "s"), "2009-06-15T13:45:00");
  EXPECT_FALSE(parse_with_format("31/02/2009", "dd/MM/yyyy").ok());
  EXPECT_FALSE(parse_with_format("15/06/2009x", "dd/MM/yyyy").ok());
  EXPECT_EQ(parse_with_format("x", "Q").error().message, "'Q' is not a valid date/time format");
  auto standard = parse_with_format("6/15/2009", "d");
  ASSERT_TRUE(standard.ok());
  EXPECT_EQ(*format_datetime(*standard, "s"), "2009-06-15T00:00:00");
  auto quoted = parse_with_format("at 15h", "'at' HH\\h");
  ASSERT_TRUE(quoted.ok()) << quoted.error().message;
  EXPECT_EQ(to_civil(quoted->ticks).hour, 15);
}
