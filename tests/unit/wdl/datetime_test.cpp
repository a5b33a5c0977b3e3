// Calendar arithmetic on ticks and timestamp parsing.
#include "wdl/datetime.hpp"

#include <gtest/gtest.h>

using namespace mailflow::wdl;

TEST(DateTime, CivilRoundTripAcrossTheRange) {
  for (std::int64_t days : {0LL, 1LL, 59LL, 365LL, 719162LL, 736768LL, 3652058LL}) {
    std::int64_t t = days * kTicksPerDay + 12345;
    EXPECT_EQ(from_civil(to_civil(t)), t) << days;
  }
  Civil c = to_civil(0);
  EXPECT_EQ(c.year, 1);
  EXPECT_EQ(c.month, 1);
  EXPECT_EQ(c.day, 1);
  EXPECT_EQ(day_of_week(0), 1);  // 0001-01-01 was a Monday
  EXPECT_EQ(to_civil(kMaxTicks).year, 9999);
}

TEST(DateTime, LeapYears) {
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_FALSE(from_civil(Civil{2023, 2, 29}).has_value());
  EXPECT_EQ(day_of_year(*from_civil(Civil{2024, 12, 31})), 366);
}

TEST(DateTime, AddMonthsClampsTheDay) {
  auto t = *from_civil(Civil{2018, 1, 31, 10, 0, 0, 0});
  EXPECT_EQ(to_civil(*add_months(t, 1)).day, 28);
  EXPECT_EQ(to_civil(*add_months(t, -13)).year, 2016);
  EXPECT_FALSE(add_months(t, 12 * 9000).has_value());
}

TEST(DateTime, ParsesTheAcceptedForms) {
  auto utc = parse_timestamp("2018-03-15T13:00:00.1234567Z");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->kind, DateTime::Kind::Utc);
  EXPECT_EQ(to_civil(utc->ticks).fraction, 1234567);
  auto local = parse_timestamp("2018-03-15 13:00");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->kind, DateTime::Kind::Unspecified);
  auto offset = parse_timestamp("2018-03-15T13:00:00+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(to_civil(offset->ticks).hour, 11);
  EXPECT_EQ(offset->kind, DateTime::Kind::Utc);
  EXPECT_EQ(to_civil(parse_timestamp("2018-03-15T13:00:00-0530")->ticks).hour, 18);
  EXPECT_EQ(to_civil(parse_timestamp("3/5/2018 12:30 AM")->ticks).hour, 0);
  EXPECT_EQ(to_civil(parse_timestamp("Thu, 15 Mar 2018 13:00:00 GMT")->ticks).day, 15);
  EXPECT_EQ(to_civil(parse_timestamp("2018-03-15T13:00:00.123456789Z")->ticks).fraction, 1234567);
}

TEST(DateTime, RejectsJunk) {
  for (const char* s : {"", "2018", "2018-13-01", "2018-02-30", "2018-03-15T25:00", "2018-03-15T13:00:00Zjunk",
                        "03/15/18", "13/45/2018", "0001-01-01T00:00:00+01:00", "2018-03-15T13:00:00+2"})
    EXPECT_FALSE(parse_timestamp(s).has_value()) << s;
}

TEST(DateTime, SystemClock) {
  auto t = from_system_clock(std::chrono::system_clock::time_point(std::chrono::seconds(0)));
  EXPECT_EQ(t.ticks, kUnixEpochTicks);
  EXPECT_EQ(t.kind, DateTime::Kind::Utc);
}
