#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace mailflow::core;

TEST(Ids, UlidIsCrockfordAndTimeOrdered) {
  std::set<std::string> seen;
  std::string prev;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_ulid();
    ASSERT_EQ(id.size(), 26u);
    EXPECT_EQ(id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos);
    EXPECT_GE(id.substr(0, 10), prev.substr(0, prev.empty() ? 0 : 10));
    prev = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Ids, RandomTokenIsUrlSafe) {
  auto t = random_token(32);
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_of("+/="), std::string::npos);
  EXPECT_NE(t, random_token(32));
}
