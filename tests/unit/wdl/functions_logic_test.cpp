// Logical comparison functions: the reference's examples, null as "", and type errors.
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(LogicFunctions, ReferenceExamples) {
  check_table({
      {"@and(true, true)", "true"},
      {"@and(false, true)", "false"},
      {"@and(equals(1, 1), equals(2, 2))", "true"},
      {"@and(equals(1, 1), equals(1, 2))", "false"},
      {"@or(true, false)", "true"},
      {"@or(false, false)", "false"},
      {"@or(equals(1, 2), equals(1, 100))", "false"},
      {"@not(false)", "true"},
      {"@not(equals(1, 1))", "false"},
      {"@equals(true, 1)", "true"},
      {"@equals('abc', 'abcd')", "false"},
      {"@equals('abc', 'ABC')", "false"},
      {"@equals(1, 1.0)", "true"},
      {"@equals(null, '')", "true"},
      {"@equals(null, null)", "true"},
      {"@equals(createArray(1, 'a'), createArray(1, 'a'))", "true"},
      {"@equals(json('{\"a\":1,\"b\":2}'), json('{\"b\":2,\"a\":1}'))", "true"},
      {"@greater(10, 5)", "true"},
      {"@greater('apple', 'banana')", "false"},
      {"@greater(2.5, 2)", "true"},
      {"@greaterOrEquals(5, 10)", "false"},
      {"@greaterOrEquals('apple', 'apple')", "true"},
      {"@less(5, 10)", "true"},
      {"@less('banana', 'apple')", "false"},
      {"@lessOrEquals(10, 10)", "true"},
      {"@lessOrEquals('apply', 'apple')", "false"},
      {"@less(null, 'a')", "true"},
      {"@if(equals(1, 1), 'yes', 'no')", "\"yes\""},
      {"@if(equals(1, 2), 'yes', 'no')", "\"no\""},
      {"@if(true, 1, div(1, 0))", "1"},
  });
}

TEST(LogicFunctions, Errors) {
  EXPECT_EQ(error_of("@and(true, 'x')"),
            "function 'and': argument 2 (expression) must be a boolean, but it is of type 'String' (at position 1)");
  EXPECT_EQ(error_of("@if('x', 1, 2)"),
            "function 'if': argument 1 (expression) must be a boolean, but it is of type 'String' (at position 1)");
  EXPECT_EQ(error_of("@greater(1, 'a')"),
            "function 'greater': can only compare two numbers or two strings, not 'Integer' and 'String' (at position 1)");
  EXPECT_NE(error_of("@not(1)").find("must be a boolean"), std::string::npos);
}
