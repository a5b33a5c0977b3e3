// Recurrence: every frequency with intervals, start times in the past and the future, schedules
// (hours, minutes, weekDays, monthDays incl. -1 and 31), Windows time zones across both DST
// changes, missed ticks after downtime, and every parse error with its JSON path.
// Expected instants are written out by hand (UTC); they never come from the code under test.
#include "workflow/recurrence.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"

using namespace mailflow;
using namespace mailflow::workflow;

namespace {

TimePoint at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

// "2017-09-09T14:00:00Z" (milliseconds only when not zero).
std::string iso(TimePoint t) {
  std::string s = core::to_rfc3339(t);
  if (auto p = s.find(".000Z"); p != std::string::npos) s.replace(p, 5, "Z");
  return s;
}
std::string iso(const std::optional<TimePoint>& t) { return t ? iso(*t) : "none"; }

const TimePoint kDeployed = at(2017, 9, 8, 13, 0, 0);

Recurrence parse(std::string_view text, TimePoint deployed = kDeployed) {
  auto r = parse_recurrence(boost::json::parse(text), deployed);
  EXPECT_TRUE(r.ok()) << text << " → "
                      << (r.ok() ? "" : r.error().field + ": " + r.error().message);
  return r.ok() ? *r : Recurrence{};
}

// The next n fires strictly after `after`, each found from the previous one.
std::vector<std::string> fires(const Recurrence& r, TimePoint after, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    auto t = next_fire(r, after);
    out.push_back(iso(t));
    if (!t) break;
    after = *t;
  }
  return out;
}
using Fires = std::vector<std::string>;

}  // namespace

// ---- simple recurrences (no schedule) ------------------------------------------------------

TEST(Recurrence, SecondFrequencyFromAPastStartTime) {
  auto r = parse(R"({"frequency":"Second","interval":30,"startTime":"2017-09-08T12:00:10Z"})");
  EXPECT_EQ(fires(r, at(2017, 9, 8, 13, 0, 0), 3),
            (Fires{"2017-09-08T13:00:10Z", "2017-09-08T13:00:40Z", "2017-09-08T13:01:10Z"}));
  // Exactly on a tick: strictly after, so the following one.
  EXPECT_EQ(iso(next_fire(r, at(2017, 9, 8, 13, 0, 40))), "2017-09-08T13:01:10Z");
  auto every = parse(R"({"frequency":"second","interval":1,"startTime":"2017-09-08T13:00:00Z"})");
  EXPECT_EQ(fires(every, at(2017, 9, 8, 13, 0, 0), 2),
            (Fires{"2017-09-08T13:00:01Z", "2017-09-08T13:00:02Z"}));
}

TEST(Recurrence, MinuteFrequencyWithoutStartTimeFiresAtDeployThenEveryInterval) {
  TimePoint deployed = at(2017, 9, 8, 13, 7, 12) + std::chrono::milliseconds(250);
  auto r = parse(R"({"frequency":"Minute","interval":15})", deployed);
  EXPECT_FALSE(r.has_start_time);
  // The deploy instant itself is the first fire ("runs the first workload instantly").
  EXPECT_EQ(iso(next_fire(r, deployed - std::chrono::seconds(1))), "2017-09-08T13:07:12.250Z");
  EXPECT_EQ(fires(r, deployed, 2), (Fires{"2017-09-08T13:22:12.250Z", "2017-09-08T13:37:12.250Z"}));
  Due d = due(r, std::nullopt, deployed);
  EXPECT_EQ(iso(d.fire), "2017-09-08T13:07:12.250Z");
  EXPECT_EQ(iso(d.next), "2017-09-08T13:22:12.250Z");
}

TEST(Recurrence, HourFrequencyWithAFutureStartTimeDoesNotFireSooner) {
  auto r = parse(R"({"frequency":"Hour","interval":5,"startTime":"2017-09-10T06:30:00Z"})");
  EXPECT_EQ(fires(r, kDeployed, 3),
            (Fires{"2017-09-10T06:30:00Z", "2017-09-10T11:30:00Z", "2017-09-10T16:30:00Z"}));
  EXPECT_EQ(iso(previous_fire(r, at(2017, 9, 10, 6, 29, 59))), "none");
  Due d = due(r, std::nullopt, at(2017, 9, 9));
  EXPECT_EQ(iso(d.fire), "none");
  EXPECT_EQ(iso(d.next), "2017-09-10T06:30:00Z");
}

TEST(Recurrence, DayFrequencyWithAPastStartTimeUsesTheNextFutureRun) {
  // Azure's documented example: start 2017-09-07 14:00, now 2017-09-08 13:00, every two days.
  auto r = parse(R"({"frequency":"Day","interval":2,"startTime":"2017-09-07T14:00:00Z"})");
  EXPECT_EQ(fires(r, at(2017, 9, 8, 13), 4),
            (Fires{"2017-09-09T14:00:00Z", "2017-09-11T14:00:00Z", "2017-09-13T14:00:00Z",
                   "2017-09-15T14:00:00Z"}));
  // The same grid however far back the start time lies.
  auto older = parse(R"({"frequency":"Day","interval":2,"startTime":"2017-09-01T14:00:00"})");
  EXPECT_EQ(iso(next_fire(older, at(2017, 9, 8, 13))), "2017-09-09T14:00:00Z");
}

TEST(Recurrence, WeekFrequencyWithoutScheduleStepsWholeWeeks) {
  // 2017-09-07 was a Thursday.
  auto r = parse(R"({"frequency":"Week","interval":2,"startTime":"2017-09-07T09:15:00Z"})");
  EXPECT_EQ(fires(r, at(2017, 9, 8), 3),
            (Fires{"2017-09-21T09:15:00Z", "2017-10-05T09:15:00Z", "2017-10-19T09:15:00Z"}));
}

TEST(Recurrence, MonthFrequencyClampsTheDayFromTheAnchorEachTime) {
  auto r = parse(R"({"frequency":"Month","interval":1,"startTime":"2017-01-31T10:00:00Z"})");
  EXPECT_EQ(fires(r, at(2017, 1, 1), 5),
            (Fires{"2017-01-31T10:00:00Z", "2017-02-28T10:00:00Z", "2017-03-31T10:00:00Z",
                   "2017-04-30T10:00:00Z", "2017-05-31T10:00:00Z"}));
  auto quarterly =
      parse(R"({"frequency":"Month","interval":3,"startTime":"2016-11-30T00:00:00Z"})");
  EXPECT_EQ(fires(quarterly, at(2016, 12, 1), 3),
            (Fires{"2017-02-28T00:00:00Z", "2017-05-30T00:00:00Z", "2017-08-30T00:00:00Z"}));
}

// ---- schedules -----------------------------------------------------------------------------

TEST(Recurrence, DayScheduleHoursTimesMinutes) {
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2017-09-08T00:00:00Z",
                     "schedule":{"hours":[16,8],"minutes":[45,30]}})");
  EXPECT_EQ(fires(r, at(2017, 9, 8, 13), 5),
            (Fires{"2017-09-08T16:30:00Z", "2017-09-08T16:45:00Z", "2017-09-09T08:30:00Z",
                   "2017-09-09T08:45:00Z", "2017-09-09T16:30:00Z"}));
}

TEST(Recurrence, DayScheduleEveryThirdDayCountsFromTheStartDate) {
  auto r = parse(R"({"frequency":"Day","interval":3,"startTime":"2017-09-08T12:00:00Z",
                     "schedule":{"hours":[9,18],"minutes":[0]}})");
  // 09:00 on the start day is before the start time: no fire sooner than the start.
  EXPECT_EQ(fires(r, at(2017, 9, 1), 4), (Fires{"2017-09-08T18:00:00Z", "2017-09-11T09:00:00Z",
                                                "2017-09-11T18:00:00Z", "2017-09-14T09:00:00Z"}));
}

TEST(Recurrence, ScheduleWithoutStartTimeTakesMissingPartsFromTheDeployTime) {
  // "Run daily at 8 AM plus the minute-mark from when you save your logic app".
  TimePoint deployed = at(2017, 9, 8, 13, 25, 41);
  auto r = parse(R"({"frequency":"Day","interval":1,"schedule":{"hours":[8]}})", deployed);
  EXPECT_EQ(fires(r, deployed, 2), (Fires{"2017-09-09T08:25:41Z", "2017-09-10T08:25:41Z"}));
  // No instant first fire with a schedule: the deploy time is not on it.
  EXPECT_EQ(iso(due(r, std::nullopt, deployed).fire), "none");
  // Minutes given: the second is 0, the hour comes from the deploy time.
  auto m = parse(R"({"frequency":"Day","interval":1,"schedule":{"minutes":[0,30]}})", deployed);
  EXPECT_EQ(fires(m, deployed, 3),
            (Fires{"2017-09-08T13:30:00Z", "2017-09-09T13:00:00Z", "2017-09-09T13:30:00Z"}));
}

TEST(Recurrence, WeekScheduleInPacificTime) {
  // Azure's example: start Thursday 2017-09-07 14:00 Pacific, Mondays at 10:30, 12:30, 14:30.
  // September is PDT (UTC−7).
  auto r = parse(R"({"frequency":"Week","interval":1,
                     "schedule":{"hours":[10,12,14],"minutes":[30],"weekDays":["Monday"]},
                     "startTime":"2017-09-07T14:00:00","timeZone":"Pacific Standard Time"})");
  EXPECT_EQ(fires(r, at(2017, 9, 1), 4), (Fires{"2017-09-11T17:30:00Z", "2017-09-11T19:30:00Z",
                                                "2017-09-11T21:30:00Z", "2017-09-18T17:30:00Z"}));
}

TEST(Recurrence, BiweeklyWeekDaysCountWeeksFromTheStartWeek) {
  // Start Wednesday 2017-09-06; weeks run Monday–Sunday, so the start week is 09-04..09-10 and
  // the Monday of that week is before the start: the first fires are Friday 09-08, then the
  // week of 09-18.
  auto r = parse(R"({"frequency":"Week","interval":2,"startTime":"2017-09-06T00:00:00Z",
                     "schedule":{"weekDays":["Monday","friday"],"hours":[9],"minutes":[0,15]}})");
  EXPECT_EQ(fires(r, at(2017, 9, 1), 6),
            (Fires{"2017-09-08T09:00:00Z", "2017-09-08T09:15:00Z", "2017-09-18T09:00:00Z",
                   "2017-09-18T09:15:00Z", "2017-09-22T09:00:00Z", "2017-09-22T09:15:00Z"}));
}

TEST(Recurrence, WeekDaysWithoutHoursFireAtTheStartTimeOfDay) {
  // Saturday and Sunday at the start's 17:05:30.
  auto r = parse(R"({"frequency":"Week","interval":1,"startTime":"2017-09-04T17:05:30Z",
                     "schedule":{"weekDays":["Sunday","Saturday"]}})");
  EXPECT_EQ(fires(r, kDeployed, 3),
            (Fires{"2017-09-09T17:05:30Z", "2017-09-10T17:05:30Z", "2017-09-16T17:05:30Z"}));
}

TEST(Recurrence, MonthDaysMinusOneIsTheLastDayOfEachMonth) {
  auto r = parse(R"({"frequency":"Month","interval":1,"startTime":"2023-12-01T00:00:00Z",
                     "schedule":{"monthDays":[-1],"hours":[18],"minutes":[0]}})");
  EXPECT_EQ(fires(r, at(2023, 12, 1), 5),
            (Fires{"2023-12-31T18:00:00Z", "2024-01-31T18:00:00Z", "2024-02-29T18:00:00Z",
                   "2024-03-31T18:00:00Z", "2024-04-30T18:00:00Z"}));
}

TEST(Recurrence, MonthDayThirtyOneSkipsShortMonths) {
  auto r = parse(R"({"frequency":"Month","interval":1,"startTime":"2023-01-01T06:00:00Z",
                     "schedule":{"monthDays":[31]}})");
  EXPECT_EQ(fires(r, at(2023, 1, 1), 5),
            (Fires{"2023-01-31T06:00:00Z", "2023-03-31T06:00:00Z", "2023-05-31T06:00:00Z",
                   "2023-07-31T06:00:00Z", "2023-08-31T06:00:00Z"}));
  // Day 31 and -1 on the same day fire once.
  auto both = parse(R"({"frequency":"Month","interval":1,"startTime":"2023-01-01T06:00:00Z",
                        "schedule":{"monthDays":[31,-1]}})");
  EXPECT_EQ(fires(both, at(2023, 1, 1), 3),
            (Fires{"2023-01-31T06:00:00Z", "2023-02-28T06:00:00Z", "2023-03-31T06:00:00Z"}));
}

TEST(Recurrence, MonthDaysEverySecondMonth) {
  auto r = parse(R"({"frequency":"Month","interval":2,"startTime":"2023-01-10T00:00:00Z",
                     "schedule":{"monthDays":[1,15],"hours":[9],"minutes":[0]}})");
  EXPECT_EQ(fires(r, at(2023, 1, 1), 4), (Fires{"2023-01-15T09:00:00Z", "2023-03-01T09:00:00Z",
                                                "2023-03-15T09:00:00Z", "2023-05-01T09:00:00Z"}));
}

TEST(Recurrence, RareAndImpossibleMonthDays) {
  // 29 February, yearly: only leap years.
  auto leap = parse(R"({"frequency":"Month","interval":12,"startTime":"2021-02-01T00:00:00Z",
                        "schedule":{"monthDays":[29]}})");
  EXPECT_EQ(fires(leap, at(2021, 1, 1), 2),
            (Fires{"2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"}));
  EXPECT_EQ(iso(previous_fire(leap, at(2027, 1, 1))), "2024-02-29T00:00:00Z");
  // 30 February never comes: no next fire rather than an endless search.
  auto never = parse(R"({"frequency":"Month","interval":12,"startTime":"2021-02-01T00:00:00Z",
                         "schedule":{"monthDays":[30]}})");
  EXPECT_EQ(iso(next_fire(never, at(2021, 1, 1))), "none");
  EXPECT_EQ(iso(previous_fire(never, at(2030, 1, 1))), "none");
}

// ---- time zones and DST --------------------------------------------------------------------

TEST(Recurrence, DailyWallClockTimeHoldsAcrossBothEuropeanDstChanges) {
  // W. Europe: CET (UTC+1) → CEST (UTC+2) on 2024-03-31, back on 2024-10-27.
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2024-03-01T08:00:00",
                     "timeZone":"W. Europe Standard Time"})");
  EXPECT_EQ(fires(r, at(2024, 3, 30), 3),
            (Fires{"2024-03-30T07:00:00Z", "2024-03-31T06:00:00Z", "2024-04-01T06:00:00Z"}));
  EXPECT_EQ(fires(r, at(2024, 10, 26), 3),
            (Fires{"2024-10-26T06:00:00Z", "2024-10-27T07:00:00Z", "2024-10-28T07:00:00Z"}));
}

TEST(Recurrence, SkippedLocalTimeMovesForwardRepeatedOneFiresOnce) {
  // 02:30 does not exist on 2024-03-31 (02:00 → 03:00) and exists twice on 2024-10-27.
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2024-03-01T02:30:00",
                     "timeZone":"W. Europe Standard Time"})");
  EXPECT_EQ(fires(r, at(2024, 3, 30), 3),
            (Fires{"2024-03-30T01:30:00Z", "2024-03-31T01:30:00Z",  // 03:30 CEST
                   "2024-04-01T00:30:00Z"}));
  EXPECT_EQ(fires(r, at(2024, 10, 26), 3),
            (Fires{"2024-10-26T00:30:00Z", "2024-10-27T01:30:00Z",  // the second 02:30
                   "2024-10-28T01:30:00Z"}));
}

TEST(Recurrence, HourlyScheduleAcrossDstHasNoDoubleOrPhantomFire) {
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2024-03-01T00:00:00",
                     "timeZone":"W. Europe Standard Time",
                     "schedule":{"hours":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23],
                                 "minutes":[0]}})");
  // Spring: 01:00 CET, then 02:00 (skipped → 03:00 CEST) and 03:00 CEST are one instant.
  EXPECT_EQ(fires(r, at(2024, 3, 30, 23, 30), 3),
            (Fires{"2024-03-31T00:00:00Z", "2024-03-31T01:00:00Z", "2024-03-31T02:00:00Z"}));
  // Autumn: 02:00 happens twice and fires once (at its CET occurrence, 01:00Z); 00:00Z, the
  // CEST 02:00, is not a fire.
  EXPECT_EQ(fires(r, at(2024, 10, 26, 22, 30), 3),
            (Fires{"2024-10-26T23:00:00Z", "2024-10-27T01:00:00Z", "2024-10-27T02:00:00Z"}));
}

TEST(Recurrence, ElapsedFrequenciesIgnoreTheWallClock) {
  // Every hour from local midnight: 60 minutes apart through the spring change.
  auto r = parse(R"({"frequency":"Hour","interval":1,"startTime":"2024-03-31T00:00:00",
                     "timeZone":"W. Europe Standard Time"})");
  EXPECT_EQ(fires(r, at(2024, 3, 30, 22, 30), 4),
            (Fires{"2024-03-30T23:00:00Z", "2024-03-31T00:00:00Z", "2024-03-31T01:00:00Z",
                   "2024-03-31T02:00:00Z"}));
}

TEST(Recurrence, StartTimeIsLocalInItsZone) {
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2020-09-18T14:00:00",
                     "timeZone":"Pacific Standard Time"})");
  EXPECT_EQ(fires(r, at(2020, 9, 1), 2), (Fires{"2020-09-18T21:00:00Z", "2020-09-19T21:00:00Z"}));
  // Across the US change (2020-11-01) the local 14:00 moves from 21:00Z to 22:00Z.
  EXPECT_EQ(fires(r, at(2020, 10, 31), 2), (Fires{"2020-10-31T21:00:00Z", "2020-11-01T22:00:00Z"}));
  // An IANA name works too.
  auto iana = parse(R"({"frequency":"Day","interval":1,"startTime":"2020-09-18T14:00:00",
                        "timeZone":"America/Los_Angeles"})");
  EXPECT_EQ(iso(next_fire(iana, at(2020, 9, 1))), "2020-09-18T21:00:00Z");
}

TEST(Recurrence, ZuluStartTimeMakesTimeZoneIgnoredAsAzureDocuments) {
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2020-09-18T14:00:00Z",
                     "timeZone":"Pacific Standard Time"})");
  EXPECT_FALSE(r.zone.has_value());
  EXPECT_EQ(fires(r, at(2020, 9, 1), 2), (Fires{"2020-09-18T14:00:00Z", "2020-09-19T14:00:00Z"}));
}

TEST(Recurrence, TimeZoneWithoutStartTimeGovernsTheSchedule) {
  TimePoint deployed = at(2024, 1, 10, 12, 0, 0);
  auto r = parse(R"({"frequency":"Day","interval":1,"timeZone":"W. Europe Standard Time",
                     "schedule":{"hours":[8],"minutes":[0]}})",
                 deployed);
  EXPECT_EQ(fires(r, deployed, 2), (Fires{"2024-01-11T07:00:00Z", "2024-01-12T07:00:00Z"}));
}

// ---- missed ticks --------------------------------------------------------------------------

TEST(Recurrence, MissedTicksAfterDowntimeFireOnceNotABurst) {
  auto r = parse(R"({"frequency":"Minute","interval":1,"startTime":"2017-09-08T09:00:00Z"})",
                 at(2017, 9, 8, 9, 0));
  // Down from 10:00 to 10:37:30: 37 ticks missed, one fire (the latest) and the next tick.
  Due d = due(r, at(2017, 9, 8, 10, 0), at(2017, 9, 8, 10, 37, 30));
  EXPECT_EQ(iso(d.fire), "2017-09-08T10:37:00Z");
  EXPECT_EQ(iso(d.next), "2017-09-08T10:38:00Z");
  // Having fired that one, nothing more is due until the next tick.
  d = due(r, at(2017, 9, 8, 10, 37), at(2017, 9, 8, 10, 37, 59));
  EXPECT_EQ(iso(d.fire), "none");
  EXPECT_EQ(iso(d.next), "2017-09-08T10:38:00Z");
  // On time: exactly at the tick it is due.
  d = due(r, at(2017, 9, 8, 10, 37), at(2017, 9, 8, 10, 38));
  EXPECT_EQ(iso(d.fire), "2017-09-08T10:38:00Z");
  EXPECT_EQ(iso(d.next), "2017-09-08T10:39:00Z");
}

TEST(Recurrence, MissedScheduledTickAfterDaysOfDowntime) {
  auto r = parse(R"({"frequency":"Week","interval":1,"startTime":"2017-09-01T00:00:00Z",
                     "schedule":{"weekDays":["Monday","Wednesday"],"hours":[8],"minutes":[0]}})");
  // Last fired Monday 09-11; down until Saturday 09-16: only Wednesday 09-13 fires.
  Due d = due(r, at(2017, 9, 11, 8), at(2017, 9, 16, 12));
  EXPECT_EQ(iso(d.fire), "2017-09-13T08:00:00Z");
  EXPECT_EQ(iso(d.next), "2017-09-18T08:00:00Z");
}

TEST(Recurrence, TicksBeforeTheDeployTimeNeverFire) {
  // A start time in the past: its past ticks are discarded, the first fire is the next one.
  TimePoint deployed = at(2017, 9, 8, 13, 0, 30);
  auto r =
      parse(R"({"frequency":"Minute","interval":5,"startTime":"2017-09-01T00:00:00Z"})", deployed);
  Due d = due(r, std::nullopt, deployed);
  EXPECT_EQ(iso(d.fire), "none");
  EXPECT_EQ(iso(d.next), "2017-09-08T13:05:00Z");
  // After a redeploy the old version's last fire is older than the new deploy time; ticks of
  // the new schedule between them are not replayed.
  d = due(r, at(2017, 9, 8, 12, 0), at(2017, 9, 8, 13, 2));
  EXPECT_EQ(iso(d.fire), "none");
  // Downtime right after deploy: the latest tick since deploy fires once.
  d = due(r, std::nullopt, at(2017, 9, 8, 13, 21));
  EXPECT_EQ(iso(d.fire), "2017-09-08T13:20:00Z");
  EXPECT_EQ(iso(d.next), "2017-09-08T13:25:00Z");
}

TEST(Recurrence, EndTimeStopsTheSeries) {
  auto r = parse(R"({"frequency":"Day","interval":1,"startTime":"2017-09-08T10:00:00Z",
                     "endTime":"2017-09-10T10:00:00Z"})");
  EXPECT_EQ(fires(r, at(2017, 9, 8), 4), (Fires{"2017-09-08T10:00:00Z", "2017-09-09T10:00:00Z",
                                                "2017-09-10T10:00:00Z", "none"}));
  EXPECT_EQ(iso(previous_fire(r, at(2030, 1, 1))), "2017-09-10T10:00:00Z");
  auto sec = parse(R"({"frequency":"Second","interval":10,"startTime":"2017-09-08T10:00:00Z",
                       "endTime":"2017-09-08T10:00:15Z"})");
  EXPECT_EQ(fires(sec, at(2017, 9, 8), 3),
            (Fires{"2017-09-08T10:00:00Z", "2017-09-08T10:00:10Z", "none"}));
  EXPECT_EQ(iso(due(sec, std::nullopt, at(2017, 9, 9)).fire), "none");  // deployed after the end
}

TEST(Recurrence, NoFireBeyondWhatSystemClockHolds) {
  auto sec = parse(R"({"frequency":"Second","interval":1})");
  EXPECT_EQ(iso(next_fire(sec, TimePoint::max())), "none");
  auto month = parse(R"({"frequency":"Month","interval":16,"schedule":{"monthDays":[-1]}})");
  EXPECT_EQ(iso(next_fire(month, TimePoint::max())), "none");
  // system_clock ends on 2262-04-11; 2017-09 + 182 × 16 months is still inside it.
  EXPECT_EQ(iso(next_fire(month, TimePoint::max() - std::chrono::hours(24 * 700))),
            "2260-05-31T13:00:00Z");
}

// ---- accepted shapes -----------------------------------------------------------------------

TEST(Recurrence, AcceptsTheShapesTheDesignerWrites) {
  // Hours as strings, a single weekday as a string, property names in any case, null schedule.
  auto r = parse(R"({"Frequency":"WEEK","Interval":"1","startTime":"2017-09-04T00:00:00Z",
                     "schedule":{"hours":["9"],"minutes":[0],"weekDays":"Tuesday"}})");
  EXPECT_EQ(fires(r, kDeployed, 2), (Fires{"2017-09-12T09:00:00Z", "2017-09-19T09:00:00Z"}));
  auto single = parse(R"({"frequency":"Day","interval":1.0,"startTime":"2017-09-08",
                          "schedule":{"hours":17,"minutes":5}})");
  EXPECT_EQ(iso(next_fire(single, kDeployed)), "2017-09-08T17:05:00Z");
  auto null_schedule =
      parse(R"({"frequency":"Hour","interval":1,"schedule":null,"timeZone":null})");
  EXPECT_TRUE(null_schedule.schedule.empty());
  auto fraction =
      parse(R"({"frequency":"Minute","interval":1,"startTime":"2017-09-08T13:00:00.25Z"})");
  EXPECT_EQ(iso(next_fire(fraction, kDeployed)), "2017-09-08T13:00:00.250Z");
}

// ---- parse errors --------------------------------------------------------------------------

struct BadCase {
  const char* json;
  const char* field;
  const char* message_part;
};
// Readable, stable test names (the default prints the struct's bytes, pointers included).
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.json; }

class RecurrenceParseError : public ::testing::TestWithParam<BadCase> {};

TEST_P(RecurrenceParseError, NamesThePath) {
  const BadCase& c = GetParam();
  auto r = parse_recurrence(boost::json::parse(c.json), kDeployed,
                            "definition.triggers.Daily.recurrence");
  ASSERT_FALSE(r.ok()) << c.json;
  EXPECT_EQ(r.error().code, core::Code::InvalidRequest);
  EXPECT_EQ(r.error().field, c.field) << c.json;
  EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
      << c.json << " → " << r.error().message;
}

constexpr const char* kBase = "definition.triggers.Daily.recurrence";
#define P(x) "definition.triggers.Daily.recurrence" x

INSTANTIATE_TEST_SUITE_P(
    Recurrence, RecurrenceParseError,
    ::testing::Values(
        BadCase{R"([1])", kBase, "must be an object"},
        BadCase{R"({"interval":1})", P(".frequency"), "frequency is required"},
        BadCase{R"({"frequency":"Year","interval":1})", P(".frequency"), "must be one of"},
        BadCase{R"({"frequency":3,"interval":1})", P(".frequency"), "must be one of"},
        BadCase{R"({"frequency":"Day"})", P(".interval"), "interval is required"},
        BadCase{R"({"frequency":"Day","interval":0})", P(".interval"), "from 1 to 500"},
        BadCase{R"({"frequency":"Day","interval":501})", P(".interval"), "from 1 to 500"},
        BadCase{R"({"frequency":"Month","interval":17})", P(".interval"), "from 1 to 16"},
        BadCase{R"({"frequency":"Week","interval":72})", P(".interval"), "from 1 to 71"},
        BadCase{R"({"frequency":"Hour","interval":12001})", P(".interval"), "from 1 to 12000"},
        BadCase{R"({"frequency":"Minute","interval":72001})", P(".interval"), "from 1 to 72000"},
        BadCase{R"({"frequency":"Second","interval":10000000})", P(".interval"),
                "from 1 to 9999999"},
        BadCase{R"({"frequency":"Day","interval":1.5})", P(".interval"), "whole number"},
        BadCase{R"({"frequency":"Day","interval":"often"})", P(".interval"), "whole number"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"yesterday"})", P(".startTime"),
                "not an ISO 8601"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2020-13-01T00:00:00"})",
                P(".startTime"), "not an ISO 8601"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2020-02-30T00:00:00"})",
                P(".startTime"), "not an ISO 8601"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2020-01-01T25:00:00"})",
                P(".startTime"), "not an ISO 8601"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2020-01-01T10:00:00+02:00",
                    "timeZone":"W. Europe Standard Time"})",
                P(".startTime"), "UTC offset"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2020-01-01T10:00-05:00"})",
                P(".startTime"), "UTC offset"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":20200101})", P(".startTime"),
                "must be a string"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2067-01-01T00:00:00Z"})",
                P(".startTime"), "49 years"},
        BadCase{R"({"frequency":"Day","interval":1,"endTime":"soon"})", P(".endTime"),
                "not an ISO 8601"},
        BadCase{R"({"frequency":"Day","interval":1,"startTime":"2020-01-02T00:00:00Z",
                    "endTime":"2020-01-01T00:00:00Z"})",
                P(".endTime"), "before startTime"},
        BadCase{R"({"frequency":"Day","interval":1,"timeZone":"Mars Standard Time"})",
                P(".timeZone"), "not a known time zone"},
        BadCase{R"({"frequency":"Day","interval":1,"timeZone":1})", P(".timeZone"),
                "must be a string"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":[]})", P(".schedule"),
                "must be an object"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":{"hours":[8,24]}})",
                P(".schedule.hours[1]"), "from 0 to 23"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":{"hours":-1}})", P(".schedule.hours"),
                "from 0 to 23"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":{"minutes":[0,60]}})",
                P(".schedule.minutes[1]"), "from 0 to 59"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":{"minutes":["half"]}})",
                P(".schedule.minutes[0]"), "from 0 to 59"},
        BadCase{R"({"frequency":"Month","interval":1,"schedule":{"monthDays":[0]}})",
                P(".schedule.monthDays[0]"), "from 1 to 31 or -1"},
        BadCase{R"({"frequency":"Month","interval":1,"schedule":{"monthDays":[1,32]}})",
                P(".schedule.monthDays[1]"), "from 1 to 31 or -1"},
        BadCase{R"({"frequency":"Month","interval":1,"schedule":{"monthDays":[-2]}})",
                P(".schedule.monthDays[0]"), "from 1 to 31 or -1"},
        BadCase{R"({"frequency":"Week","interval":1,"schedule":{"weekDays":["Monday","Funday"]}})",
                P(".schedule.weekDays[1]"), "day names"},
        BadCase{R"({"frequency":"Week","interval":1,"schedule":{"weekDays":1}})",
                P(".schedule.weekDays"), "day names"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":{"weekDays":["Monday"]}})",
                P(".schedule.weekDays"), "only with frequency Week, not Day"},
        BadCase{R"({"frequency":"Week","interval":1,"schedule":{"monthDays":[1]}})",
                P(".schedule.monthDays"), "only with frequency Month, not Week"},
        BadCase{R"({"frequency":"Hour","interval":1,"schedule":{"minutes":[15]}})",
                P(".schedule.minutes"), "only with frequency Day, Week or Month, not Hour"},
        BadCase{R"({"frequency":"Second","interval":1,"schedule":{"hours":[1]}})",
                P(".schedule.hours"), "not Second"},
        BadCase{R"({"frequency":"Month","interval":1,"schedule":{"monthlyOccurrences":
                    [{"day":"Monday","occurrence":1}]}})",
                P(".schedule.monthlyOccurrences"), "not supported"},
        BadCase{R"({"frequency":"Day","interval":1,"schedule":{"hour":[8]}})", P(".schedule.hour"),
                "not a property of a recurrence schedule"},
        BadCase{R"({"frequency":"Day","intervall":1})", P(".intervall"),
                "not a property of a recurrence"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return "case" + std::to_string(info.index); });

#undef P
