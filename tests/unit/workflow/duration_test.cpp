// ISO 8601 durations: the forms Logic Apps writes, fractions, order rules, and junk.
#include "workflow/duration.hpp"

#include <gtest/gtest.h>

using namespace mailflow::workflow;
using std::chrono::milliseconds;

namespace {
milliseconds ms(std::string_view text) {
  auto r = parse_duration(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : milliseconds(-1);
}
}  // namespace

TEST(Duration, CommonForms) {
  EXPECT_EQ(ms("PT5S"), milliseconds(5'000));
  EXPECT_EQ(ms("PT1M"), milliseconds(60'000));
  EXPECT_EQ(ms("PT1H"), milliseconds(3'600'000));
  EXPECT_EQ(ms("P1D"), milliseconds(86'400'000));
  EXPECT_EQ(ms("P1DT2H"), milliseconds(86'400'000 + 7'200'000));
  EXPECT_EQ(ms("P1DT2H30M15S"), milliseconds(86'400'000 + 7'200'000 + 1'800'000 + 15'000));
  EXPECT_EQ(ms("P2W"), milliseconds(14LL * 86'400'000));
  EXPECT_EQ(ms("PT0S"), milliseconds(0));
}

TEST(Duration, MonthIsThirtyDaysYearIs365AndMinuteNeedsT) {
  EXPECT_EQ(ms("P1M"), milliseconds(30LL * 86'400'000));
  EXPECT_EQ(ms("P1Y"), milliseconds(365LL * 86'400'000));
  EXPECT_EQ(ms("P1MT1M"), milliseconds(30LL * 86'400'000 + 60'000));
}

TEST(Duration, Fractions) {
  EXPECT_EQ(ms("PT7.5S"), milliseconds(7'500));
  EXPECT_EQ(ms("PT0,25S"), milliseconds(250));
  EXPECT_EQ(ms("PT1.5M"), milliseconds(90'000));
  EXPECT_EQ(ms("PT0.0005S"), milliseconds(1));   // rounded to the nearest millisecond
  EXPECT_EQ(ms("pt30s"), milliseconds(30'000));  // case does not matter
}

TEST(Duration, JunkIsRejectedWithAReason) {
  for (const char* bad :
       {"", "P", "PT", "5S", "T5S", "P1H", "PT1D", "-PT1S", "PT1.5M2S", "PTS", "PT1", "PT1S1M",
        "P1DT", "PT5S ", "P1.2.3D", "PT.S", "P1D1D", "PT1H1H", "PT99999999999999999S"}) {
    auto r = parse_duration(bad);
    EXPECT_FALSE(r.ok()) << "'" << bad << "' was accepted";
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("ISO 8601"), std::string::npos);
    }
  }
}
