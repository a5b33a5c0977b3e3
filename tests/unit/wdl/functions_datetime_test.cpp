// Date and time functions: the reference's examples, time zones, kinds, and errors.
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(DateTimeFunctions, ReferenceExamples) {
  check_table({
      {"@addDays('2018-03-15T00:00:00Z', 10)", "\"2018-03-25T00:00:00.0000000Z\""},
      {"@addDays('2018-03-15T00:00:00Z', -5)", "\"2018-03-10T00:00:00.0000000Z\""},
      {"@addHours('2018-03-15T00:00:00Z', 10)", "\"2018-03-15T10:00:00.0000000Z\""},
      {"@addHours('2018-03-15T15:00:00Z', -5)", "\"2018-03-15T10:00:00.0000000Z\""},
      {"@addMinutes('2018-03-15T00:10:00Z', 10)", "\"2018-03-15T00:20:00.0000000Z\""},
      {"@addMinutes('2018-03-15T00:20:00Z', -5)", "\"2018-03-15T00:15:00.0000000Z\""},
      {"@addSeconds('2018-03-15T00:00:00Z', 10)", "\"2018-03-15T00:00:10.0000000Z\""},
      {"@addSeconds('2018-03-15T00:00:30Z', -5)", "\"2018-03-15T00:00:25.0000000Z\""},
      {"@addToTime('2018-01-01T00:00:00Z', 1, 'Day')", "\"2018-01-02T00:00:00.0000000Z\""},
      {"@addToTime('2018-01-01T00:00:00Z', 1, 'Day', 'D')", "\"Tuesday, January 2, 2018\""},
      {"@addToTime('2018-01-31T00:00:00Z', 1, 'Month')", "\"2018-02-28T00:00:00.0000000Z\""},
      {"@addToTime('2016-02-29T00:00:00Z', 1, 'Year')", "\"2017-02-28T00:00:00.0000000Z\""},
      {"@addToTime('2018-01-01T00:00:00Z', 2, 'Week')", "\"2018-01-15T00:00:00.0000000Z\""},
      {"@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')", "\"2018-01-01T00:00:00.0000000Z\""},
      {"@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day', 'D')", "\"Monday, January 1, 2018\""},
      {"@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')", "\"2018-01-01T00:00:00.0000000\""},
      {"@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')", "\"Monday, January 1, 2018\""},
      {"@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')", "\"2018-01-01T00:00:00.0000000\""},
      {"@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')", "\"Monday, January 1, 2018\""},
      {"@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')", "\"2018-01-01T08:00:00.0000000Z\""},
      {"@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time', 'D')", "\"Monday, January 1, 2018\""},
      {"@convertFromUtc('2018-07-01T08:00:00Z', 'Pacific Standard Time')", "\"2018-07-01T01:00:00.0000000\""},
      {"@convertFromUtc('2018-07-01T08:00:00Z', 'W. Europe Standard Time')", "\"2018-07-01T10:00:00.0000000\""},
      {"@convertFromUtc('2018-07-01T08:00:00Z', 'Europe/Paris')", "\"2018-07-01T10:00:00.0000000\""},
      {"@convertTimeZone('2018-07-01T10:00:00', 'W. Europe Standard Time', 'Tokyo Standard Time')", "\"2018-07-01T17:00:00.0000000\""},
      {"@convertToUtc('2018-03-11T02:30:00', 'Pacific Standard Time')", "\"2018-03-11T10:30:00.0000000Z\""},
      {"@dayOfMonth('2018-03-15T13:27:36Z')", "15"},
      {"@dayOfWeek('2018-03-15T13:27:36Z')", "4"},
      {"@dayOfYear('2018-03-15T13:27:36Z')", "74"},
      {"@formatDateTime('03/15/2018')", "\"2018-03-15T00:00:00.0000000\""},
      {"@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')", "\"2018-03-15T12:00:00\""},
      {"@formatDateTime('01/31/2016', 'dddd MMMM d')", "\"Sunday January 31\""},
      {"@formatDateTime('01/31/2016', 'dddd MMMM d', 'fr-fr')", "\"dimanche janvier 31\""},
      {"@formatDateTime('2018-03-15T13:00:00+02:00')", "\"2018-03-15T11:00:00.0000000Z\""},
      {"@parseDateTime('20/10/2014', 'fr-fr')", "\"2014-10-20T00:00:00.0000000\""},
      {"@parseDateTime('21052019', 'fr-fr', 'ddMMyyyy')", "\"2019-05-21T00:00:00.0000000\""},
      {"@parseDateTime('10/20/2014 15h', 'en-US', 'MM/dd/yyyy HH\\h')", "\"2014-10-20T15:00:00.0000000\""},
      {"@parseDateTime('2018-03-15T13:00:00Z')", "\"2018-03-15T13:00:00.0000000Z\""},
      {"@parseDateTime('15 mars 2018', 'fr-FR', 'd MMMM yyyy')", "\"2018-03-15T00:00:00.0000000\""},
      {"@startOfDay('2018-03-15T13:30:30Z')", "\"2018-03-15T00:00:00.0000000Z\""},
      {"@startOfHour('2018-03-15T13:30:30Z')", "\"2018-03-15T13:00:00.0000000Z\""},
      {"@startOfMonth('2018-03-15T13:30:30Z')", "\"2018-03-01T00:00:00.0000000Z\""},
      {"@startOfMonth('2018-03-15T13:30:30Z', 'yyyy-MM-dd')", "\"2018-03-01\""},
      {"@ticks('2018-01-01T00:00:00Z')", "636503616000000000"},
      {"@ticks('1970-01-01T00:00:00Z')", "621355968000000000"},
      {"@ticks('0001-01-01T00:00:00Z')", "0"},
      {"@ticks('9999-12-31T23:59:59.9999999Z')", "3155378975999999999"},
      {"@dateDifference('2015-02-08', '2018-07-30')", "\"1268.00:00:00\""},
      {"@dateDifference('2018-07-30T10:00:00', '2018-07-30T08:30:00.5')", "\"-01:29:59.5000000\""},
      {"@dateDifference('2018-07-30', '2018-07-30')", "\"00:00:00\""},
      {"@formatDateTime('Thu, 15 Mar 2018 13:00:00 GMT', 'o')", "\"2018-03-15T13:00:00.0000000Z\""},
      {"@formatDateTime('2018-03-15 13:00', 's')", "\"2018-03-15T13:00:00\""},
      {"@formatDateTime('3/5/2018 1:05:09 PM', 'HH:mm:ss')", "\"13:05:09\""},
  });
}

TEST(DateTimeFunctions, UtcNowUsesTheContextClock) {
  auto ctx = context();
  ctx.set_now(std::chrono::system_clock::time_point(std::chrono::seconds(1521118800)));  // 2018-03-15T13:00:00Z
  check_table({{"@utcNow()", "\"2018-03-15T13:00:00.0000000Z\""},
               {"@utcNow('yyyy-MM-dd')", "\"2018-03-15\""},
               {"@getFutureTime(5, 'Day')", "\"2018-03-20T13:00:00.0000000Z\""},
               {"@getFutureTime(5, 'Day', 'D')", "\"Tuesday, March 20, 2018\""},
               {"@getPastTime(5, 'Minute')", "\"2018-03-15T12:55:00.0000000Z\""},
               {"@getPastTime(1, 'Month', 'yyyy-MM')", "\"2018-02\""}},
              ctx);
}

TEST(DateTimeFunctions, Errors) {
  EXPECT_EQ(error_of("@addDays('not a date', 1)"),
            "function 'addDays': argument 1 (timestamp) 'not a date' is not a valid timestamp (at position 1)");
  EXPECT_NE(error_of("@addDays('2018-02-30T00:00:00Z', 1)").find("not a valid timestamp"), std::string::npos);
  EXPECT_NE(error_of("@addDays('9999-12-31T00:00:00Z', 1)").find("outside the years"), std::string::npos);
  EXPECT_NE(error_of("@addDays('2018-01-01', 9223372036854775807)").find("outside the years"), std::string::npos);
  EXPECT_NE(error_of("@addToTime('2018-01-01', 1, 'Fortnight')").find("not a time unit"), std::string::npos);
  EXPECT_NE(error_of("@convertFromUtc('2018-01-01', 'Mars Standard Time')").find("not a known time zone"),
            std::string::npos);
  EXPECT_NE(error_of("@formatDateTime('2018-01-01', 'Q')").find("not a valid date/time format"), std::string::npos);
  EXPECT_NE(error_of("@formatDateTime('2018-01-01', 'ffffffff')").find("more than 7"), std::string::npos);
  EXPECT_NE(error_of("@formatDateTime('2018-01-01', 'd', 'xx-!!')").find("not a valid locale"), std::string::npos);
  EXPECT_NE(error_of("@parseDateTime('2018', 'en-US', 'ddMMyyyy')").find("does not match"), std::string::npos);
}
