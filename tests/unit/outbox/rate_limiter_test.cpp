// RateLimiter: a token bucket per connection, driven here by injected time points.
#include "outbox/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace mailflow::outbox;
using namespace std::chrono;

namespace {
const RateLimiter::Clock::time_point t0 = RateLimiter::Clock::time_point() + hours(1);

// Takes tokens at `at` until one is refused; returns how many were taken.
int drain(RateLimiter& rl, const std::string& c, const RateLimit& l,
          RateLimiter::Clock::time_point at) {
  int n = 0;
  while (rl.try_take(c, l, at) == milliseconds(0) && n < 10'000) ++n;
  return n;
}
}  // namespace

TEST(RateLimiter, BurstOfCapacityThenWaitOfPeriodOverCalls) {
  RateLimiter rl;
  RateLimit l{5, seconds(10)};
  EXPECT_EQ(drain(rl, "dev", l, t0), 5);
  // One token per 2 s; a refusal takes nothing, so asking again gives the same answer.
  EXPECT_EQ(rl.try_take("dev", l, t0), milliseconds(2000));
  EXPECT_EQ(rl.try_take("dev", l, t0), milliseconds(2000));
}

TEST(RateLimiter, RefillsOverTimeUpToCapacity) {
  RateLimiter rl;
  RateLimit l{5, seconds(10)};
  ASSERT_EQ(drain(rl, "dev", l, t0), 5);
  EXPECT_EQ(rl.try_take("dev", l, t0 + milliseconds(1500)), milliseconds(500));
  EXPECT_EQ(rl.try_take("dev", l, t0 + milliseconds(2000)), milliseconds(0));
  EXPECT_EQ(rl.try_take("dev", l, t0 + milliseconds(2000)), milliseconds(2000));
  EXPECT_EQ(drain(rl, "dev", l, t0 + seconds(6)), 2);
  // A long idle time fills the bucket, but not past its capacity.
  EXPECT_EQ(drain(rl, "dev", l, t0 + hours(5)), 5);
}

TEST(RateLimiter, ALoweredLimitAppliesAtOnce) {
  RateLimiter rl;
  ASSERT_EQ(rl.try_take("dev", {100, seconds(10)}, t0), milliseconds(0));  // 99 left
  RateLimit lower{2, seconds(10)};
  EXPECT_EQ(drain(rl, "dev", lower, t0), 2);
  EXPECT_EQ(rl.try_take("dev", lower, t0), milliseconds(5000));
}

TEST(RateLimiter, ForgetResetsTheBucket) {
  RateLimiter rl;
  RateLimit l{3, seconds(60)};
  ASSERT_EQ(drain(rl, "dev", l, t0), 3);
  rl.forget("dev");
  EXPECT_EQ(drain(rl, "dev", l, t0), 3);
}

TEST(RateLimiter, ConnectionsHaveTheirOwnBuckets) {
  RateLimiter rl;
  RateLimit l{2, seconds(60)};
  ASSERT_EQ(drain(rl, "a", l, t0), 2);
  EXPECT_EQ(drain(rl, "b", l, t0), 2);
  rl.forget("b");
  EXPECT_GT(rl.try_take("a", l, t0), milliseconds(0));
}

TEST(RateLimiter, NoLimitNeverWaits) {
  RateLimiter rl;
  EXPECT_EQ(drain(rl, "dev", {0, seconds(1)}, t0), 10'000);
}
