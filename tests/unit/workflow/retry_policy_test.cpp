// Retry policy: which failures are retried and the delays, with a fixed random source.
#include "workflow/retry_policy.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace mailflow::workflow;
using std::chrono::milliseconds;
namespace json = boost::json;

namespace {
UniformRandom fixed(double r) {
  return [r] { return r; };
}
const AttemptFailure k503{503, false};

RetryPolicy parse(std::string_view text) {
  auto p = parse_retry_policy(json::parse(text));
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : RetryPolicy{};
}
}  // namespace

TEST(RetryPolicy, DefaultIsExponentialFourRetriesBetweenFiveAndFortyFiveSeconds) {
  RetryPolicy p = default_retry_policy();
  EXPECT_EQ(p.kind, RetryPolicy::Kind::Exponential);
  EXPECT_EQ(p.count, 4);
  // Ranges: [max(0,5s), 7.5s], [7.5s, 15s], [15s, 30s], [30s, min(60s, 45s)].
  const milliseconds low[] = {milliseconds(5'000), milliseconds(7'500), milliseconds(15'000),
                              milliseconds(30'000)};
  const milliseconds high[] = {milliseconds(7'500), milliseconds(15'000), milliseconds(30'000),
                               milliseconds(45'000)};
  for (int n = 1; n <= 4; ++n) {
    EXPECT_EQ(retry_delay(p, n, k503, fixed(0.0)), low[n - 1]) << "retry " << n;
    EXPECT_EQ(retry_delay(p, n, k503, fixed(1.0)), high[n - 1]) << "retry " << n;
  }
  EXPECT_EQ(retry_delay(p, 2, k503, fixed(0.5)), milliseconds(11'250));  // uniform in the range
  EXPECT_EQ(retry_delay(p, 5, k503, fixed(0.5)), std::nullopt);          // 4 retries, then stop
}

TEST(RetryPolicy, OnlyTransientFailuresAreRetried) {
  RetryPolicy p = default_retry_policy();
  for (int status : {408, 429, 500, 502, 503, 504, 599})
    EXPECT_TRUE(retry_delay(p, 1, {status, false}, fixed(0))) << status;
  for (int status : {400, 401, 403, 404, 409, 413, 422, 0, 200, 302})
    EXPECT_FALSE(retry_delay(p, 1, {status, false}, fixed(0))) << status;
  EXPECT_TRUE(retry_delay(p, 1, {0, true}, fixed(0)));  // connection failure, no answer
  EXPECT_TRUE(is_retryable({0, true}));
  EXPECT_FALSE(is_retryable({404, false}));
}

TEST(RetryPolicy, Fixed) {
  RetryPolicy p = parse(R"({"type": "fixed", "count": 2, "interval": "PT30S"})");
  EXPECT_EQ(p.kind, RetryPolicy::Kind::Fixed);
  EXPECT_EQ(retry_delay(p, 1, k503, fixed(0.9)), milliseconds(30'000));
  EXPECT_EQ(retry_delay(p, 2, k503, fixed(0.1)), milliseconds(30'000));
  EXPECT_EQ(retry_delay(p, 3, k503, fixed(0.1)), std::nullopt);
}

TEST(RetryPolicy, NoneNeverRetries) {
  RetryPolicy p = parse(R"({"type": "None"})");
  EXPECT_EQ(p.kind, RetryPolicy::Kind::None);
  EXPECT_EQ(retry_delay(p, 1, {0, true}, fixed(0)), std::nullopt);
}

TEST(RetryPolicy, ExponentialWithOwnBoundsClampsBothEnds) {
  RetryPolicy p = parse(R"({"type": "exponential", "count": 6, "interval": "PT10S",
                            "minimumInterval": "PT1S", "maximumInterval": "PT1M"})");
  EXPECT_EQ(retry_delay(p, 1, k503, fixed(0)), milliseconds(1'000));
  EXPECT_EQ(retry_delay(p, 1, k503, fixed(1)), milliseconds(10'000));
  EXPECT_EQ(retry_delay(p, 3, k503, fixed(0)), milliseconds(20'000));
  EXPECT_EQ(retry_delay(p, 3, k503, fixed(1)), milliseconds(40'000));
  EXPECT_EQ(retry_delay(p, 6, k503, fixed(0)), milliseconds(60'000));  // [160 s, 320 s] → 60 s
  EXPECT_EQ(retry_delay(p, 6, k503, fixed(1)), milliseconds(60'000));
}

TEST(RetryPolicy, ExponentialDefaultsMinimumFiveSecondsMaximumOneDay) {
  RetryPolicy p = parse(R"({"type": "exponential", "count": 90, "interval": "PT1S"})");
  EXPECT_EQ(p.minimum, milliseconds(5'000));
  EXPECT_EQ(p.maximum, milliseconds(86'400'000));
  EXPECT_EQ(retry_delay(p, 1, k503, fixed(0)), milliseconds(5'000));
  EXPECT_EQ(retry_delay(p, 90, k503, fixed(0)), milliseconds(86'400'000));  // no overflow
}

TEST(RetryPolicy, ParseErrorsNameTheMember) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({"type": "linear"})", "type"},
      {R"({"count": 2})", "type"},
      {R"({"type": "fixed", "count": 0, "interval": "PT5S"})", "count"},
      {R"({"type": "fixed", "count": 2.5, "interval": "PT5S"})", "count"},
      {R"({"type": "fixed", "count": 2})", "interval"},
      {R"({"type": "exponential", "count": 2, "interval": "PT5S", "minimumInterval": "soon"})",
       "minimumInterval"},
      {R"({"type": "exponential", "count": 2, "interval": "PT5S", "minimumInterval": "PT1M",
           "maximumInterval": "PT10S"})",
       "minimumInterval"},
  };
  for (const auto& c : cases) {
    auto p = parse_retry_policy(json::parse(c.json));
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_EQ(p.error().field, c.field) << c.json << ": " << p.error().message;
  }
  EXPECT_FALSE(parse_retry_policy(json::value("fixed")).ok());
}
