// workflow::Recurrence — the schedule of a Recurrence trigger (and of a polling trigger's
// `recurrence`): parsed once at deploy time, then asked purely "when is the next fire after T?"
// and "what is due now?". No clock is read here; the caller passes every instant.
//
// Semantics (Azure's "Recurrence trigger" and "Schedule recurring tasks" pages; where they are
// vague, the choice made here is marked CHOSEN):
//
//  * The series is anchored at `startTime` or, without one, at the workflow's deploy time. No fire
//    is ever earlier than the anchor ("doesn't start any sooner than the start time").
//  * Second, Minute, Hour step in elapsed time: anchor + k·interval units, so "every 2 hours" stays
//    120 minutes apart across a DST change. Day, Week, Month step on the wall clock of `timeZone`
//    (UTC without one), so "daily at 08:00 W. Europe" stays 08:00 local in summer and winter.
//  * Without a schedule the fires are anchor + k·interval (k = 0, 1, …); without startTime the
//    first one is the deploy instant itself ("runs the first workload instantly"). Month steps are
//    computed from the anchor each time and clamp the day (31 Jan → 28/29 Feb → 31 Mar), as .NET's
//    AddMonths does. CHOSEN: the grid never drifts; Azure says simple recurrences are computed
//    "from the last run time" and may drift by storage latency, which nobody relies on.
//  * With a schedule, every interval-th period counted from the anchor's period is selected
//    (Day: the anchor's date + k·interval days; Week: CHOSEN weeks run Monday–Sunday, ISO 8601, the
//    order of Azure's weekDays list; Month: the anchor's month + k·interval). Within a selected
//    period the fires are weekDays (default: the anchor's weekday) or monthDays (default: the
//    anchor's day, clamped) × hours (default: the anchor's hour) × minutes (default: the anchor's
//    minute — "the minute-mark from when you save"). The second is 0 when `minutes` is given,
//    else the anchor's second (CHOSEN). CHOSEN: with a schedule and no startTime there is no
//    instant first fire; Azure's examples ("doesn't start until the next specified 15-minute
//    mark") contradict its table, and a daily digest mailed at deploy time would surprise.
//  * monthDays: 1..31 or -1 (the last day). A day the month lacks (31 in April, 30 in February) is
//    skipped that month, as in cron (CHOSEN; -1 is how to say "the last day").
//  * hours/minutes are accepted with Day, Week and Month (Azure's schema names Day and Week, its
//    example table also shows Month); weekDays only with Week; monthDays only with Month.
//  * DST: a local time skipped by the spring change fires at the same offset after the change
//    (02:30 → 03:30 CEST); a repeated one fires once, at its standard-time (second) occurrence.
//    Two local times that land on one instant fire once.
//  * timeZone: a Windows name ("W. Europe Standard Time") or an IANA one. CHOSEN: it also applies
//    without startTime (to the deploy-time anchor and the schedule), where Azure's page says it
//    "applies only when you specify a start time".
//  * startTime: "YYYY-MM-DDThh:mm[:ss[.f…]]" (a date alone means midnight). With timeZone it is
//    local time in that zone; without, UTC, with or without 'Z'. A numeric offset is an error.
//    'Z' together with timeZone: Azure documents that the time zone is then ignored, so it is.
//    At most 49 years after the deploy time (Azure's limit). `endTime` (ARM's model has it): no
//    fire after it.
//  * Missed ticks: due() returns at most the latest fire in (last_fired, now] — after downtime a
//    missed tick fires once, not a burst — never one before the deploy time (a redeploy with a
//    new schedule does not replay the new schedule's past).
//
// Property names are matched case-insensitively (Azure does); unknown ones are errors, so a typo
// is a 400 at deploy time rather than a trigger that silently never fires. Expressions
// ("@parameters('x')") must be resolved by the caller before parse_recurrence.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "wdl/timezone.hpp"

namespace mailflow::workflow {

using TimePoint = std::chrono::system_clock::time_point;

enum class Frequency { Second, Minute, Hour, Day, Week, Month };

struct RecurrenceSchedule {
  std::vector<int> hours;       // 0..23, sorted, unique; empty = the anchor's hour
  std::vector<int> minutes;     // 0..59, sorted, unique; empty = the anchor's minute
  std::vector<int> week_days;   // 0 = Sunday .. 6 = Saturday (wdl::day_of_week), sorted, unique
  std::vector<int> month_days;  // 1..31 or -1 (last day), sorted, unique
  bool empty() const {
    return hours.empty() && minutes.empty() && week_days.empty() && month_days.empty();
  }
};

struct Recurrence {
  Frequency frequency = Frequency::Day;
  int interval = 1;
  RecurrenceSchedule schedule;
  std::optional<wdl::Zone> zone;  // none: the wall clock is UTC
  bool has_start_time = false;
  // The anchor in 100-ns ticks since 0001-01-01 (wdl/datetime.hpp): as an instant (UTC) and as
  // the wall-clock time in `zone` the calendar steps are taken from.
  std::int64_t anchor_utc = 0;
  std::int64_t anchor_local = 0;
  std::optional<std::int64_t> end_utc;  // endTime
  std::int64_t deployed_utc = 0;
};

// `value` is the trigger's "recurrence" object; `path` its JSON path, which prefixes every
// error's field ("definition.triggers.Daily.recurrence.schedule.hours[2]").
core::Result<Recurrence> parse_recurrence(const boost::json::value& value, TimePoint deployed_at,
                                          std::string_view path = "recurrence");

// The first fire strictly after `after`; nullopt when the series has ended (endTime, year 2262
// where system_clock stops, or a monthDays list no selected month ever has).
std::optional<TimePoint> next_fire(const Recurrence& r, TimePoint after);
// The last fire at or before `at`; nullopt when none.
std::optional<TimePoint> previous_fire(const Recurrence& r, TimePoint at);

struct Due {
  std::optional<TimePoint> fire;  // the scheduled instant to fire for now, if any
  std::optional<TimePoint> next;  // when to ask again (the first fire after now)
};
// last_fired: the scheduled instant of the last fire (nullopt: never fired since deploy).
Due due(const Recurrence& r, std::optional<TimePoint> last_fired, TimePoint now);

}  // namespace mailflow::workflow
