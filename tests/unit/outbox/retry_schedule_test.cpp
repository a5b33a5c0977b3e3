// RetrySchedule: exponential backoff with ±20 % jitter, capped, never under a second, and
// bounded by the message's lifetime.
#include "outbox/retry_schedule.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

using namespace mailflow::outbox;
using namespace std::chrono;

namespace {
RetrySchedule schedule(int initial, int max, int lifetime) {
  RetrySchedule s;
  s.initial_delay = seconds(initial);
  s.max_delay = seconds(max);
  s.lifetime = seconds(lifetime);
  return s;
}
}  // namespace

TEST(RetrySchedule, DelaysDoubleUntilTheCap) {
  auto s = schedule(60, 3600, 172800);
  // unit 0.5 is the middle of the jitter range: no jitter at all.
  milliseconds prev{0};
  for (int attempt = 1; attempt <= 6; ++attempt) {
    auto d = s.delay_after(attempt, 0.5);
    EXPECT_EQ(d, milliseconds(60'000LL << (attempt - 1))) << attempt;
    if (attempt > 1) {
      EXPECT_EQ(d, prev * 2);
    }
    prev = d;
  }
  EXPECT_EQ(s.delay_after(7, 0.5), milliseconds(3'600'000));     // 3840 s capped
  EXPECT_EQ(s.delay_after(1000, 0.5), milliseconds(3'600'000));  // no overflow however many
  EXPECT_EQ(s.delay_after(0, 0.5), milliseconds(60'000));        // "0 failures" reads as the first
}

TEST(RetrySchedule, JitterStaysWithinTwentyPercentAndUnderTheCap) {
  auto s = schedule(100, 1000, 172800);
  for (int attempt = 1; attempt <= 6; ++attempt) {
    const double base = std::min(100.0 * (1 << (attempt - 1)), 1000.0) * 1000;
    milliseconds lo = milliseconds::max(), hi{0};
    for (double u = 0; u < 1.0; u += 0.01) {
      auto d = s.delay_after(attempt, u);
      EXPECT_GE(d.count(), 0.8 * base - 1) << attempt << " " << u;
      EXPECT_LE(d.count(), 1.2 * base + 1) << attempt << " " << u;
      EXPECT_LE(d, milliseconds(1'000'000)) << "over maxDelay";
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    EXPECT_LT(lo, hi) << "the jitter must spread delays";
    EXPECT_LE(lo.count(), 0.81 * base);
  }
  EXPECT_NEAR(s.delay_after(1, 0.999).count(), 120'000, 100);
  EXPECT_EQ(s.delay_after(1, 0.0).count(), 80'000);
}

TEST(RetrySchedule, NeverBelowOneSecond) {
  EXPECT_EQ(schedule(0, 0, 100).delay_after(1, 0.0), milliseconds(1000));
  EXPECT_EQ(schedule(1, 10, 100).delay_after(1, 0.0), milliseconds(1000));  // 0.8 s jittered
  EXPECT_GT(schedule(1, 10, 100).delay_after(1, 0.99), milliseconds(1000));
}

TEST(RetrySchedule, NextAttemptIsBoundedByTheLifetime) {
  auto s = schedule(60, 3600, 172800);
  const std::int64_t now = 1'700'000'000'000;
  EXPECT_EQ(s.next_attempt_ms(1, now, now + 10'000'000, 0.5), now + 60'000);
  EXPECT_EQ(s.next_attempt_ms(3, now, now + 10'000'000, 0.5), now + 240'000);
  // The last try is moved up to the end of the lifetime rather than past it.
  EXPECT_EQ(s.next_attempt_ms(1, now, now + 30'000, 0.5), now + 30'000);
  EXPECT_EQ(s.next_attempt_ms(1, now, now + 1, 0.5), now + 1);
  EXPECT_FALSE(s.next_attempt_ms(1, now, now, 0.5).has_value());
  EXPECT_FALSE(s.next_attempt_ms(1, now, now - 1, 0.5).has_value());
}

TEST(RetrySchedule, FromJsonKeepsDefaultsForAbsentFields) {
  auto d = RetrySchedule::from_json(nullptr);
  EXPECT_EQ(d.initial_delay, seconds(60));
  EXPECT_EQ(d.max_delay, seconds(3600));
  EXPECT_EQ(d.lifetime, seconds(172800));

  auto one = boost::json::parse(R"({"initialDelaySeconds": 5})").as_object();
  auto a = RetrySchedule::from_json(&one);
  EXPECT_EQ(a.initial_delay, seconds(5));
  EXPECT_EQ(a.max_delay, seconds(3600));
  EXPECT_EQ(a.lifetime, seconds(172800));

  auto two = boost::json::parse(R"({"maxDelaySeconds": 120, "lifetimeSeconds": 600})").as_object();
  auto b = RetrySchedule::from_json(&two);
  EXPECT_EQ(b.initial_delay, seconds(60));
  EXPECT_EQ(b.max_delay, seconds(120));
  EXPECT_EQ(b.lifetime, seconds(600));
  EXPECT_EQ(b.delay_after(5, 0.5), milliseconds(120'000));

  auto empty = boost::json::parse("{}").as_object();
  EXPECT_EQ(RetrySchedule::from_json(&empty).lifetime, seconds(172800));
}
