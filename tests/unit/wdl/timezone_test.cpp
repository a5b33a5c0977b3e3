// ICU zones: Windows and IANA names, DST on both sides, unknown names.
#include "wdl/timezone.hpp"

#include <gtest/gtest.h>

#include "wdl/datetime.hpp"

using namespace mailflow::wdl;

namespace {
std::int64_t at(int y, int m, int d, int h) { return *from_civil(Civil{y, m, d, h, 0, 0, 0}); }
}  // namespace

TEST(Zone, WindowsNamesMapToIana) {
  EXPECT_EQ(Zone::find("Pacific Standard Time")->id(), "America/Los_Angeles");
  EXPECT_EQ(Zone::find("W. Europe Standard Time")->id(), "Europe/Berlin");
  EXPECT_EQ(Zone::find("Europe/Paris")->id(), "Europe/Paris");
  EXPECT_FALSE(Zone::find("Nowhere Standard Time").ok());
  EXPECT_FALSE(Zone::find("").ok());
}

TEST(Zone, ConvertsBothWaysAcrossDst) {
  auto pst = *Zone::find("Pacific Standard Time");
  EXPECT_EQ(pst.utc_to_local(at(2018, 1, 1, 8)), at(2018, 1, 1, 0));  // PST, UTC−8
  EXPECT_EQ(pst.utc_to_local(at(2018, 7, 1, 8)), at(2018, 7, 1, 1));  // PDT, UTC−7
  EXPECT_EQ(pst.local_to_utc(at(2018, 1, 1, 0)), at(2018, 1, 1, 8));
  EXPECT_EQ(pst.local_to_utc(at(2018, 7, 1, 1)), at(2018, 7, 1, 8));
  EXPECT_EQ(pst.local_to_utc(at(2018, 11, 4, 1)), at(2018, 11, 4, 9));  // ambiguous hour: standard time
}
