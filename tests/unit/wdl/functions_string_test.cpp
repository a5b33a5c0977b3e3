// String functions: the reference's examples, UTF-16 indexing, and argument errors.
#include <gtest/gtest.h>


#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(StringFunctions, ReferenceExamples) {
  check_table({
      {"@concat('Hello', 'World')", "\"HelloWorld\""},
      {"@concat('a', 1, true, null, 2.5)", "\"a1True2.5\""},
      {"@substring('hello world', 6, 5)", "\"world\""},
      {"@substring('hello world', 6)", "\"world\""},
      {"@slice('Hello World', 2)", "\"llo World\""},
      {"@slice('Hello World', 30)", "\"\""},
      {"@slice('Hello World', 10, 2)", "\"\""},
      {"@slice('Hello World', 2, 5)", "\"llo\""},
      {"@slice('Hello World', 6, 20)", "\"World\""},
      {"@slice('Hello World', -2)", "\"ld\""},
      {"@slice('Hello World', 3, -1)", "\"lo Worl\""},
      {"@replace('the old string', 'old', 'new')", "\"the new string\""},
      {"@replace('aaa', 'A', 'b')", "\"aaa\""},
      {"@split('a_b_c', '_')", "[\"a\",\"b\",\"c\"]"},
      {"@split('abc', '')", "[\"abc\"]"},
      {"@toLower('Hello World')", "\"hello world\""},
      {"@toUpper('Hello World')", "\"HELLO WORLD\""},
      {"@toUpper('straße')", "\"STRASSE\""},
      {"@trim(' Hello World  ')", "\"Hello World\""},
      {"@startsWith('hello world', 'hello')", "true"},
      {"@startsWith('hello world', 'HELLO')", "true"},
      {"@startsWith('hello world', 'greetings')", "false"},
      {"@endsWith('hello world', 'world')", "true"},
      {"@endsWith('hello world', 'universe')", "false"},
      {"@indexOf('hello world', 'world')", "6"},
      {"@indexOf('hello world', 'WORLD')", "6"},
      {"@indexOf('hello world', 'x')", "-1"},
      {"@lastIndexOf('hello world hello world', 'world')", "18"},
      {"@lastIndexOf('hello world', '')", "10"},
      {"@nthIndexOf('123456789123465789', '1', 1)", "0"},
      {"@nthIndexOf('123456789123465789', '1', 2)", "9"},
      {"@nthIndexOf('123456789123465789', '12', 1)", "0"},
      {"@nthIndexOf('123456789123465789', '6', 4)", "-1"},
      {"@nthIndexOf('123456789123465789', '1', -1)", "9"},
      {"@length('abcd')", "4"},
      {"@length('né')", "2"},
      {"@length('😀')", "2"},
      {"@substring('né😀x', 1, 3)", "\"é😀\""},
      {"@formatNumber(1234567890, '0,0.00', 'en-us')", "\"1,234,567,890.00\""},
      {"@formatNumber(1234567890, '#,##0.00', 'is-is')", "\"1.234.567.890,00\""},
      {"@formatNumber(17.35, 'C2')", "\"$17.35\""},
      {"@formatNumber(17.35, 'C2', 'is-is')", "\"17,35 kr.\""},
      {"@formatNumber(12.5, 'F3')", "\"12.500\""},
      {"@formatNumber(1234.5, 'N')", "\"1,234.50\""},
      {"@formatNumber(42, 'D5')", "\"00042\""},
      {"@formatNumber(255, 'X')", "\"FF\""},
      {"@formatNumber(255, 'x4')", "\"00ff\""},
      {"@formatNumber(0.125, 'P1')", "\"12.5%\""},
      {"@formatNumber(1234.5678, 'E2')", "\"1.23E+003\""},
      {"@formatNumber(3.14159, '0.##')", "\"3.14\""},
      {"@formatNumber(5, '000')", "\"005\""},
      {"@formatNumber(-5, '0;(0)')", "\"(5)\""},
      {"@formatNumber(0.5, '0%')", "\"50%\""},
      {"@formatNumber(1234567, '#,##0,K')", "\"1,235K\""},
      {"@formatNumber(7, '''#''0')", "\"#7\""},
  });
}

// Shape check without <regex> (g++ 12 warns inside std::regex under -O1 + ASan).
static bool guid_shape(const std::string& quoted, const std::string& pattern) {
  if (quoted.size() != pattern.size() + 2) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = quoted[i + 1], p = pattern[i];
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (p == 'h' ? !hex : c != p) return false;
  }
  return true;
}

TEST(StringFunctions, Guid) {
  const std::string d = "hhhhhhhh-hhhh-4hhh-hhhh-hhhhhhhhhhhh";
  auto g = run("@guid()");
  EXPECT_TRUE(guid_shape(g, d)) << g;
  EXPECT_NE(std::string("89ab").find(g[20]), std::string::npos) << g;  // RFC 4122 variant
  EXPECT_TRUE(guid_shape(run("@guid('N')"), std::string(32, 'h')));
  EXPECT_TRUE(guid_shape(run("@guid('P')"), "(" + d + ")"));
  EXPECT_TRUE(guid_shape(run("@guid('B')"), "{" + d + "}"));
  EXPECT_NE(run("@guid()"), run("@guid()"));
  EXPECT_NE(error_of("@guid('Q')").find("argument 1 (format)"), std::string::npos);
}

TEST(StringFunctions, ArgumentErrors) {
  EXPECT_EQ(error_of("@substring('abc', 2, 5)"),
            "function 'substring': argument 3 (length) is 5: startIndex + length must not exceed the length 3 of "
            "the string (at position 1)");
  EXPECT_EQ(error_of("@substring('abc', -1)"),
            "function 'substring': argument 2 (startIndex) is -1, outside the string of length 3 (at position 1)");
  EXPECT_EQ(error_of("@toLower(1)"),
            "function 'toLower': argument 1 (text) must be a string, but it is of type 'Integer' (at position 1)");
  EXPECT_NE(error_of("@nthIndexOf('a', 'a', 0)").find("occurrence"), std::string::npos);
  EXPECT_NE(error_of("@formatNumber('x', 'N')").find("must be a number"), std::string::npos);
  EXPECT_NE(error_of("@formatNumber(1.5, 'D')").find("needs an integer"), std::string::npos);
  EXPECT_NE(error_of("@replace('a', '', 'b')").find("oldText"), std::string::npos);
}

TEST(StringFunctions, FormatNumberWideValues) {
  EXPECT_EQ(run("@length(formatNumber(1e300, 'F2'))"), "304");
  EXPECT_EQ(run("@formatNumber(-0.004, '0.00')"), "\"0.00\"");
}
