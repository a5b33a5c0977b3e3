// Recurrence parsing and fire-time arithmetic (see recurrence.hpp for the semantics).
// Everything below works in 100-ns ticks since 0001-01-01, as wdl/datetime.hpp does; "local"
// ticks are wall-clock time in the recurrence's zone, "utc" ticks are instants.
#include "workflow/recurrence.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "wdl/datetime.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow {
namespace {

namespace json = boost::json;
using core::Code;
using core::Error;
using Ticks = std::int64_t;

constexpr Ticks kSecond = wdl::kTicksPerSecond;
constexpr Ticks kDay = wdl::kTicksPerDay;
// How many periods a search walks before concluding that a schedule never fires again: a
// monthDays [29] with a 12-month interval anchored in February fires once in 4 (or 8) years.
constexpr std::int64_t kMaxPeriods = 240;

struct FrequencyInfo {
  Frequency frequency;
  std::string_view name;
  int max_interval;  // Azure's documented maximum
  Ticks unit;        // elapsed-time unit; 0 for calendar frequencies
};
constexpr std::array<FrequencyInfo, 6> kFrequencies{{
    {Frequency::Second, "Second", 9'999'999, kSecond},
    {Frequency::Minute, "Minute", 72'000, 60 * kSecond},
    {Frequency::Hour, "Hour", 12'000, 3600 * kSecond},
    {Frequency::Day, "Day", 500, 0},
    {Frequency::Week, "Week", 71, 0},
    {Frequency::Month, "Month", 16, 0},
}};
const FrequencyInfo& info(Frequency f) { return kFrequencies[static_cast<std::size_t>(f)]; }

// Index = wdl::day_of_week (0 = Sunday).
constexpr std::array<std::string_view, 7> kWeekDays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

Ticks to_ticks(TimePoint t) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  return wdl::kUnixEpochTicks + floor_div(ns, 100);
}

// nullopt past what system_clock holds (year 2262 with libstdc++'s nanoseconds).
std::optional<TimePoint> to_time_point(Ticks t) {
  using Duration = TimePoint::duration;
  constexpr std::int64_t kPerTick =
      100 * Duration::period::den / Duration::period::num / 1'000'000'000;
  static_assert(kPerTick >= 1, "system_clock is coarser than 100 ns");
  Ticks since_epoch = t - wdl::kUnixEpochTicks;
  if (since_epoch > std::numeric_limits<Duration::rep>::max() / kPerTick ||
      since_epoch < std::numeric_limits<Duration::rep>::min() / kPerTick)
    return std::nullopt;
  return TimePoint(Duration(since_epoch * kPerTick));
}

// ---- JSON reading --------------------------------------------------------------------------

Error invalid(std::string field, std::string message) {
  return Error(Code::InvalidRequest, std::move(message)).with_field(std::move(field));
}

std::string join(std::string_view base, std::string_view name) {
  return base.empty() ? std::string(name) : std::string(base) + "." + std::string(name);
}
std::string index(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

// An object's members looked up case-insensitively; a member no lookup asked for is an error.
class Members {
 public:
  Members(const json::object& o, std::string_view path) : o_(o), path_(path) {}

  // nullptr when absent or null.
  const json::value* find(std::string_view name) {
    known_.push_back(name);
    for (const auto& kv : o_)
      if (iequals(kv.key(), name)) return kv.value().is_null() ? nullptr : &kv.value();
    return nullptr;
  }
  core::Status check_unknown(std::string_view what) const {
    for (const auto& kv : o_) {
      bool known = std::any_of(known_.begin(), known_.end(),
                               [&](std::string_view n) { return iequals(kv.key(), n); });
      if (!known)
        return invalid(join(path_, kv.key()),
                       "'" + std::string(kv.key()) + "' is not a property of " + std::string(what));
    }
    return core::ok();
  }

 private:
  const json::object& o_;
  std::string_view path_;
  std::vector<std::string_view> known_;
};

// A JSON integer, an integral number, or a string of digits (the designer writes hours as
// strings: "hours": ["9"]).
std::optional<std::int64_t> as_integer(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(v.get_uint64());
  if (v.is_double()) {
    double d = v.get_double();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d > -1e15 && d < 1e15)
      return static_cast<std::int64_t>(d);
    return std::nullopt;
  }
  if (v.is_string()) {
    std::string_view s = v.get_string();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return n;
  }
  return std::nullopt;
}

core::Result<Frequency> parse_frequency(const json::value* v, const std::string& path) {
  if (!v) return invalid(path, "frequency is required (Second, Minute, Hour, Day, Week or Month)");
  if (v->is_string())
    for (const auto& f : kFrequencies)
      if (iequals(v->get_string(), f.name)) return f.frequency;
  return invalid(path, "frequency must be one of Second, Minute, Hour, Day, Week, Month");
}

core::Result<int> parse_interval(const json::value* v, Frequency f, const std::string& path) {
  if (!v) return invalid(path, "interval is required (a whole number of the frequency's units)");
  auto n = as_integer(*v);
  const FrequencyInfo& fi = info(f);
  if (!n || *n < 1 || *n > fi.max_interval)
    return invalid(path, "interval must be a whole number from 1 to " +
                             std::to_string(fi.max_interval) + " for frequency " +
                             std::string(fi.name));
  return static_cast<int>(*n);
}

// ---- startTime / endTime -------------------------------------------------------------------

struct Timestamp {
  Ticks ticks = 0;   // wall clock as written
  bool utc = false;  // ended in 'Z'
};

// Reads exactly `n` digits.
bool digits(std::string_view& s, std::size_t n, int& out) {
  if (s.size() < n) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(n);
  return true;
}
bool skip(std::string_view& s, char c) {
  if (s.empty() || std::toupper(static_cast<unsigned char>(s.front())) != c) return false;
  s.remove_prefix(1);
  return true;
}

// "YYYY-MM-DD[Thh:mm[:ss[.f…]]][Z]"; nullopt when malformed. An offset ("+02:00") is malformed
// here; the caller says so in words.
std::optional<Timestamp> read_timestamp(std::string_view s) {
  wdl::Civil c;
  if (!digits(s, 4, c.year) || !skip(s, '-') || !digits(s, 2, c.month) || !skip(s, '-') ||
      !digits(s, 2, c.day))
    return std::nullopt;
  if (skip(s, 'T')) {
    if (!digits(s, 2, c.hour) || !skip(s, ':') || !digits(s, 2, c.minute)) return std::nullopt;
    if (skip(s, ':')) {
      if (!digits(s, 2, c.second)) return std::nullopt;
      if (skip(s, '.')) {
        std::int64_t scale = kSecond / 10;
        int d = 0;
        if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return std::nullopt;
        while (!s.empty() && digits(s, 1, d)) {
          c.fraction += d * scale;  // digits past the 7th (100 ns) are dropped
          scale /= 10;
        }
      }
    }
  }
  Timestamp t;
  t.utc = skip(s, 'Z');
  if (!s.empty()) return std::nullopt;
  auto ticks = wdl::from_civil(c);
  if (!ticks) return std::nullopt;
  t.ticks = *ticks;
  return t;
}

core::Result<Timestamp> parse_timestamp(const json::value& v, std::string_view name,
                                        const std::string& path) {
  std::string what(name);
  if (!v.is_string()) return invalid(path, what + " must be a string (YYYY-MM-DDThh:mm:ss)");
  std::string_view text = v.get_string();
  if (auto t = read_timestamp(text)) return *t;
  bool has_offset = text.size() > 11 && text.find_first_of("+-", 11) != std::string_view::npos;
  if (has_offset)
    return invalid(path, what + " '" + std::string(text) +
                             "' carries a UTC offset; write the local time and set timeZone, or "
                             "UTC with 'Z'");
  return invalid(path, what + " '" + std::string(text) +
                           "' is not an ISO 8601 date and time (YYYY-MM-DDThh:mm:ss)");
}

// ---- schedule ------------------------------------------------------------------------------

// One value or an array of them (the schema allows both), each read by `one`; sorted, unique.
template <class One>
core::Result<std::vector<int>> parse_list(const json::value& v, const std::string& path, One one) {
  std::vector<int> out;
  auto add = [&](const json::value& item, const std::string& p) -> core::Status {
    core::Result<int> n = one(item, p);
    if (!n) return std::move(n).error();
    out.push_back(*n);
    return core::ok();
  };
  if (!v.is_array()) {
    if (auto st = add(v, path); !st) return std::move(st).error();
  } else {
    const auto& a = v.get_array();
    for (std::size_t i = 0; i < a.size(); ++i)
      if (auto st = add(a[i], index(path, i)); !st) return std::move(st).error();
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whole numbers in [lo, hi] (or -1 when allow_last).
core::Result<std::vector<int>> parse_numbers(const json::value& v, int lo, int hi, bool allow_last,
                                             std::string_view what, const std::string& path) {
  std::string message = std::string(what) + " must be whole numbers from " + std::to_string(lo) +
                        " to " + std::to_string(hi) + (allow_last ? " or -1" : "");
  return parse_list(v, path,
                    [&](const json::value& item, const std::string& p) -> core::Result<int> {
                      auto n = as_integer(item);
                      if (!n || ((*n < lo || *n > hi) && !(allow_last && *n == -1)))
                        return invalid(p, message);
                      return static_cast<int>(*n);
                    });
}

core::Result<std::vector<int>> parse_week_days(const json::value& v, const std::string& path) {
  return parse_list(
      v, path, [](const json::value& item, const std::string& p) -> core::Result<int> {
        if (item.is_string())
          for (std::size_t d = 0; d < kWeekDays.size(); ++d)
            if (iequals(item.get_string(), kWeekDays[d])) return static_cast<int>(d);
        return invalid(p,
                       "weekDays must be day names: Monday, Tuesday, Wednesday, Thursday, Friday, "
                       "Saturday, Sunday");
      });
}

// Which schedule parts each frequency admits (see recurrence.hpp).
core::Status check_allowed(bool present, bool allowed, std::string_view name, std::string_view only,
                           Frequency f, const std::string& path) {
  if (!present || allowed) return core::ok();
  return invalid(path, "schedule." + std::string(name) + " applies only with frequency " +
                           std::string(only) + ", not " + std::string(info(f).name));
}

core::Result<RecurrenceSchedule> parse_schedule(const json::value& v, Frequency f,
                                                const std::string& path) {
  if (!v.is_object()) return invalid(path, "schedule must be an object");
  Members m(v.get_object(), path);
  RecurrenceSchedule s;
  const bool calendar = f == Frequency::Day || f == Frequency::Week || f == Frequency::Month;
  struct Part {
    std::string_view name;
    bool allowed;
    std::string_view only;
  };
  const std::array<Part, 4> parts{{{"hours", calendar, "Day, Week or Month"},
                                   {"minutes", calendar, "Day, Week or Month"},
                                   {"weekDays", f == Frequency::Week, "Week"},
                                   {"monthDays", f == Frequency::Month, "Month"}}};
  std::array<const json::value*, 4> found{};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    found[i] = m.find(parts[i].name);
    std::string p = join(path, parts[i].name);
    if (auto st = check_allowed(found[i], parts[i].allowed, parts[i].name, parts[i].only, f, p);
        !st)
      return std::move(st).error();
  }
  if (m.find("monthlyOccurrences"))
    return invalid(join(path, "monthlyOccurrences"),
                   "schedule.monthlyOccurrences (\"the first Monday\") is not supported; use "
                   "weekDays with frequency Week or monthDays with frequency Month");
  if (auto st = m.check_unknown("a recurrence schedule"); !st) return std::move(st).error();

  auto numbers = [&](std::size_t i, int lo, int hi, bool last,
                     std::vector<int>& out) -> core::Status {
    if (!found[i]) return core::ok();
    auto r = parse_numbers(*found[i], lo, hi, last, parts[i].name, join(path, parts[i].name));
    if (!r) return std::move(r).error();
    out = std::move(*r);
    return core::ok();
  };
  if (auto st = numbers(0, 0, 23, false, s.hours); !st) return std::move(st).error();
  if (auto st = numbers(1, 0, 59, false, s.minutes); !st) return std::move(st).error();
  if (auto st = numbers(3, 1, 31, true, s.month_days); !st) return std::move(st).error();
  if (found[2]) {
    auto w = parse_week_days(*found[2], join(path, "weekDays"));
    if (!w) return std::move(w).error();
    s.week_days = std::move(*w);
  }
  return s;
}

// ---- calendar arithmetic -------------------------------------------------------------------

Ticks to_local(const Recurrence& r, Ticks utc) { return r.zone ? r.zone->utc_to_local(utc) : utc; }
Ticks to_utc(const Recurrence& r, Ticks local) {
  return r.zone ? r.zone->local_to_utc(local) : local;
}

std::int64_t day_of(Ticks local) { return floor_div(local, kDay); }
std::int64_t monday_of(std::int64_t day) { return day - (wdl::day_of_week(day * kDay) + 6) % 7; }
std::int64_t month_of(std::int64_t day) {
  wdl::Civil c = wdl::to_civil(day * kDay);
  return std::int64_t(c.year) * 12 + (c.month - 1);
}

// The index of the period (0 = the anchor's) that holds a local time; negative before the anchor.
std::int64_t period_of(const Recurrence& r, Ticks local) {
  std::int64_t day = day_of(local), anchor = day_of(r.anchor_local);
  switch (r.frequency) {
    case Frequency::Week:
      return floor_div((monday_of(day) - monday_of(anchor)) / 7, r.interval);
    case Frequency::Month:
      return floor_div(month_of(day) - month_of(anchor), r.interval);
    default:
      return floor_div(day - anchor, r.interval);
  }
}

// The local days (day numbers) on which period k fires, ascending.
std::vector<std::int64_t> period_days(const Recurrence& r, std::int64_t k) {
  const RecurrenceSchedule& s = r.schedule;
  std::int64_t anchor = day_of(r.anchor_local);
  std::vector<std::int64_t> days;
  if (r.frequency == Frequency::Day) {
    days.push_back(anchor + k * r.interval);
  } else if (r.frequency == Frequency::Week) {
    std::int64_t shift = 7 * k * r.interval;
    if (s.week_days.empty()) days.push_back(anchor + shift);
    for (int wd : s.week_days) days.push_back(monday_of(anchor) + shift + (wd + 6) % 7);
    std::sort(days.begin(), days.end());
  } else {
    std::int64_t m = month_of(anchor) + k * r.interval;
    int year = static_cast<int>(m / 12), month = static_cast<int>(m % 12) + 1;
    if (year > 9999) return days;
    int dim = wdl::days_in_month(year, month);
    std::vector<int> doms;
    if (s.month_days.empty()) doms.push_back(std::min(wdl::to_civil(r.anchor_local).day, dim));
    for (int d : s.month_days)
      if (d == -1 || d <= dim) doms.push_back(d == -1 ? dim : d);
    std::sort(doms.begin(), doms.end());
    doms.erase(std::unique(doms.begin(), doms.end()), doms.end());
    for (int d : doms) days.push_back(*wdl::from_civil(wdl::Civil{year, month, d}) / kDay);
  }
  return days;
}

// Offsets into a local day at which the series fires, ascending.
std::vector<Ticks> times_of_day(const Recurrence& r) {
  const RecurrenceSchedule& s = r.schedule;
  Ticks anchor_time = r.anchor_local - day_of(r.anchor_local) * kDay;
  if (s.hours.empty() && s.minutes.empty()) return {anchor_time};
  wdl::Civil a = wdl::to_civil(r.anchor_local);
  std::vector<int> hours = s.hours.empty() ? std::vector<int>{a.hour} : s.hours;
  std::vector<int> minutes = s.minutes.empty() ? std::vector<int>{a.minute} : s.minutes;
  int second = s.minutes.empty() ? a.second : 0;
  std::vector<Ticks> out;
  for (int h : hours)
    for (int m : minutes) out.push_back(((h * 60 + m) * 60 + second) * kSecond);
  return out;  // sorted: hours and minutes are
}

// The instants one local day fires at, within [anchor, end], ascending and unique (a DST change
// can map a skipped local time onto another one).
std::vector<Ticks> day_instants(const Recurrence& r, std::int64_t day,
                                const std::vector<Ticks>& times) {
  std::vector<Ticks> out;
  for (Ticks t : times) {
    Ticks utc = to_utc(r, day * kDay + t);
    if (utc >= r.anchor_utc && (!r.end_utc || utc <= *r.end_utc)) out.push_back(utc);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Ticks> next_calendar(const Recurrence& r, Ticks after) {
  Ticks after_local = to_local(r, after);
  std::int64_t k0 = std::max<std::int64_t>(0, period_of(r, after_local) - 1);
  std::int64_t first_day = day_of(after_local) - 1;  // a DST shift is less than a day
  std::int64_t last_day =
      r.end_utc ? day_of(to_local(r, *r.end_utc)) + 1 : std::numeric_limits<std::int64_t>::max();
  std::vector<Ticks> times = times_of_day(r);
  for (std::int64_t k = k0; k < k0 + kMaxPeriods; ++k) {
    for (std::int64_t day : period_days(r, k)) {
      if (day < first_day) continue;
      if (day > last_day) return std::nullopt;
      std::vector<Ticks> instants = day_instants(r, day, times);
      auto it = std::upper_bound(instants.begin(), instants.end(), after);
      if (it != instants.end()) return *it;
    }
  }
  return std::nullopt;
}

std::optional<Ticks> previous_calendar(const Recurrence& r, Ticks at) {
  Ticks at_local = to_local(r, at);
  std::int64_t k0 = period_of(r, at_local) + 1;
  std::int64_t last_day = day_of(at_local) + 1;
  std::vector<Ticks> times = times_of_day(r);
  for (std::int64_t k = k0; k >= 0 && k > k0 - kMaxPeriods; --k) {
    std::vector<std::int64_t> days = period_days(r, k);
    for (auto d = days.rbegin(); d != days.rend(); ++d) {
      if (*d > last_day) continue;
      std::vector<Ticks> instants = day_instants(r, *d, times);
      auto it = std::upper_bound(instants.begin(), instants.end(), at);
      if (it != instants.begin()) return *std::prev(it);
    }
  }
  return std::nullopt;
}

// ---- elapsed-time arithmetic (Second, Minute, Hour) ----------------------------------------

Ticks step_of(const Recurrence& r) { return info(r.frequency).unit * r.interval; }

std::optional<Ticks> next_elapsed(const Recurrence& r, Ticks after) {
  Ticks step = step_of(r);
  Ticks t = after < r.anchor_utc
                ? r.anchor_utc
                : r.anchor_utc + (floor_div(after - r.anchor_utc, step) + 1) * step;
  if (r.end_utc && t > *r.end_utc) return std::nullopt;
  return t;
}

std::optional<Ticks> previous_elapsed(const Recurrence& r, Ticks at) {
  if (at < r.anchor_utc) return std::nullopt;
  return r.anchor_utc + floor_div(at - r.anchor_utc, step_of(r)) * step_of(r);
}

bool elapsed(Frequency f) { return info(f).unit != 0; }

// ---- parse steps ---------------------------------------------------------------------------

struct Fields {
  const json::value *frequency, *interval, *start, *end, *zone, *schedule;
};

// Resolves timeZone / startTime / endTime into r's zone, anchor and end.
core::Status parse_times(const Fields& f, Recurrence& r, std::string_view path) {
  if (f.zone) {
    std::string p = join(path, "timeZone");
    if (!f.zone->is_string())
      return invalid(p, "timeZone must be a string such as \"W. Europe Standard Time\"");
    auto z = wdl::Zone::find(f.zone->get_string());
    if (!z)
      return invalid(p, "timeZone '" + std::string(f.zone->get_string()) +
                            "' is not a known time zone (Windows names such as \"Pacific Standard "
                            "Time\", or IANA names)");
    r.zone = std::move(*z);
  }
  std::optional<Timestamp> start, end;
  if (f.start) {
    auto t = parse_timestamp(*f.start, "startTime", join(path, "startTime"));
    if (!t) return std::move(t).error();
    start = *t;
    if (start->utc) r.zone.reset();  // Azure: a 'Z' start time makes it ignore timeZone
  }
  if (f.end) {
    auto t = parse_timestamp(*f.end, "endTime", join(path, "endTime"));
    if (!t) return std::move(t).error();
    end = *t;
  }
  auto instant = [&](const Timestamp& t) { return t.utc ? t.ticks : to_utc(r, t.ticks); };
  r.has_start_time = start.has_value();
  r.anchor_utc = start ? instant(*start) : r.deployed_utc;
  r.anchor_local = start && !start->utc ? start->ticks : to_local(r, r.anchor_utc);
  if (start) {
    auto limit = wdl::add_months(r.deployed_utc, 49 * 12);
    if (limit && r.anchor_utc > *limit)
      return invalid(join(path, "startTime"), "startTime is more than 49 years in the future");
  }
  if (end) {
    r.end_utc = instant(*end);
    if (start && *r.end_utc < r.anchor_utc)
      return invalid(join(path, "endTime"), "endTime is before startTime");
  }
  return core::ok();
}

}  // namespace

core::Result<Recurrence> parse_recurrence(const json::value& value, TimePoint deployed_at,
                                          std::string_view path) {
  if (!value.is_object())
    return invalid(std::string(path), "recurrence must be an object with frequency and interval");
  Members m(value.get_object(), path);
  Fields f{m.find("frequency"), m.find("interval"), m.find("startTime"),
           m.find("endTime"),   m.find("timeZone"), m.find("schedule")};
  if (auto st = m.check_unknown("a recurrence"); !st) return std::move(st).error();

  Recurrence r;
  r.deployed_utc = to_ticks(deployed_at);
  auto freq = parse_frequency(f.frequency, join(path, "frequency"));
  if (!freq) return std::move(freq).error();
  r.frequency = *freq;
  auto interval = parse_interval(f.interval, r.frequency, join(path, "interval"));
  if (!interval) return std::move(interval).error();
  r.interval = *interval;
  if (f.schedule) {
    auto s = parse_schedule(*f.schedule, r.frequency, join(path, "schedule"));
    if (!s) return std::move(s).error();
    r.schedule = std::move(*s);
  }
  if (auto st = parse_times(f, r, path); !st) return std::move(st).error();
  return r;
}

std::optional<TimePoint> next_fire(const Recurrence& r, TimePoint after) {
  Ticks a = to_ticks(after);
  auto t = elapsed(r.frequency) ? next_elapsed(r, a) : next_calendar(r, a);
  return t ? to_time_point(*t) : std::nullopt;
}

std::optional<TimePoint> previous_fire(const Recurrence& r, TimePoint at) {
  Ticks a = to_ticks(at);
  if (r.end_utc) a = std::min(a, *r.end_utc);  // so a long-ended series is not searched backwards
  auto t = elapsed(r.frequency) ? previous_elapsed(r, a) : previous_calendar(r, a);
  return t ? to_time_point(*t) : std::nullopt;
}

Due due(const Recurrence& r, std::optional<TimePoint> last_fired, TimePoint now) {
  Due d;
  d.next = next_fire(r, now);
  auto missed = previous_fire(r, now);
  if (missed && to_ticks(*missed) >= r.deployed_utc && (!last_fired || *missed > *last_fired))
    d.fire = missed;
  return d;
}

}  // namespace mailflow::workflow
