// Math functions: integer vs decimal results, the reference's examples, and errors.
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(MathFunctions, ReferenceExamples) {
  check_table({
      {"@add(1, 1.5)", "2.5"},
      {"@add(1, 2)", "3"},
      {"@sub(10.3, 0.3)", "10.0"},
      {"@sub(10, 3)", "7"},
      {"@mul(1, 2)", "2"},
      {"@mul(1.5, 2)", "3.0"},
      {"@div(10, 5)", "2"},
      {"@div(11, 5)", "2"},
      {"@div(11, 5.0)", "2.2"},
      {"@div(11.0, 5)", "2.2"},
      {"@div(-11, 5)", "-2"},
      {"@mod(3, 2)", "1"},
      {"@mod(-5, 2)", "-1"},
      {"@mod(5.5, 2)", "1.5"},
      {"@max(1, 2, 3)", "3"},
      {"@max(createArray(1, 2, 3))", "3"},
      {"@max(1, 2.5)", "2.5"},
      {"@min(1, 2, 3)", "1"},
      {"@min(createArray(1, 2, 3))", "1"},
      {"@{div(10, 4.0)}", "\"2.5\""},
      {"@{mul(1.0, 3)}", "\"3\""},
  });
}

TEST(MathFunctions, Rand) {
  for (int i = 0; i < 50; ++i) {
    auto r = run("@rand(1, 3)");
    EXPECT_TRUE(r == "1" || r == "2") << r;
  }
  EXPECT_EQ(run("@rand(5, 6)"), "5");
  EXPECT_NE(error_of("@rand(5, 5)").find("less than"), std::string::npos);
}

TEST(MathFunctions, Errors) {
  EXPECT_EQ(error_of("@div(1, 0)"), "function 'div': attempted to divide by zero (at position 1)");
  EXPECT_EQ(error_of("@div(1.5, 0)"), "function 'div': attempted to divide by zero (at position 1)");
  EXPECT_EQ(error_of("@mod(1, 0)"), "function 'mod': attempted to divide by zero (at position 1)");
  EXPECT_EQ(error_of("@add('1', 2)"),
            "function 'add': argument 1 (a) must be a number, but it is of type 'String' (at position 1)");
  EXPECT_NE(error_of("@add(9223372036854775807, 1)").find("overflows"), std::string::npos);
  EXPECT_NE(error_of("@div(-9223372036854775807, -1)"), "x");
  EXPECT_NE(error_of("@max(createArray())").find("at least 1"), std::string::npos);
  EXPECT_NE(error_of("@max(json('[]'))").find("must not be empty"), std::string::npos);
  EXPECT_NE(error_of("@min(1, 'a')").find("argument 2"), std::string::npos);
}
