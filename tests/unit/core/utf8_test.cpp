#include "core/utf8.hpp"

#include <gtest/gtest.h>

using mailflow::core::append_utf8;

TEST(Utf8, EncodesEachLengthAndReplacesInvalid) {
  std::string s;
  for (char32_t cp : {U'A', U'é', U'中', U'😀', char32_t{0xD800}, char32_t{0x110000}}) append_utf8(s, cp);
  EXPECT_EQ(s, "A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD");
}
