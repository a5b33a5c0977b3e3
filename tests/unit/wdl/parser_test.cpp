// Parser: AST shape, case-insensitive names, arity checks, errors with positions, depth limit.
#include "wdl/parser.hpp"

#include <gtest/gtest.h>

#include "eval_helpers.hpp"
#include "wdl/error.hpp"
#include "wdl/function_table.hpp"

using namespace mailflow::wdl;

TEST(Parser, BuildsCallWithMemberAccess) {
  auto r = parse_expression("triggerBody()?['a'].b[0]", 0, Tok::End, Limits{});
  const Node& n = *r.expr;
  ASSERT_EQ(n.kind, Node::Kind::Member);
  EXPECT_FALSE(n.null_safe);
  EXPECT_EQ(n.args[1]->literal.as_int64(), 0);
  const Node& b = *n.args[0];
  EXPECT_EQ(b.args[1]->literal.as_string(), "b");
  const Node& a = *b.args[0];
  EXPECT_TRUE(a.null_safe);
  EXPECT_EQ(a.args[0]->kind, Node::Kind::Call);
  EXPECT_EQ(a.args[0]->fn, FunctionTable::instance().find("triggerbody"));
}

TEST(Parser, FunctionNamesAreCaseInsensitive) {
  EXPECT_EQ(test::run("@CONCAT('a', 'b')"), "\"ab\"");
  EXPECT_EQ(test::run("@toupper('a')"), "\"A\"");
}

TEST(Parser, Literals) {
  test::check_table({{"@true", "true"}, {"@False", "false"}, {"@null", "null"}, {"@-5", "-5"},
                     {"@2.5", "2.5"}, {"@'it''s'", "\"it's\""}, {"@ concat( 'a' , 'b' ) ", "\"ab\""}});
}

TEST(Parser, ErrorsNamePositionAndExpectation) {
  EXPECT_EQ(test::error_of("@concat('a' 'b')"),
            "expected ',' or ')' but found a string (at position 12)");
  EXPECT_EQ(test::error_of("@concat('a'"), "expected ',' or ')' but found end of expression (at position 11)");
  EXPECT_EQ(test::error_of("@nosuch(1)"), "unknown function 'nosuch' (at position 1)");
  EXPECT_EQ(test::error_of("@concat('a', 'b'))"), "expected end of expression but found ')' (at position 17)");
  EXPECT_EQ(test::error_of("@substring('a')"),
            "function 'substring' expects 2 to 3 arguments but got 1 (at position 1)");
  EXPECT_EQ(test::error_of("@x['a'"), "expected '(' after function name 'x' (at position 1)");
  EXPECT_EQ(test::error_of("@triggerBody()?"), "expected '[' or '.' after '?' but found end of expression (at position 15)");
  EXPECT_EQ(test::error_of("@{concat('a')"), "expected '}' to close '@{' but found end of expression (at position 13)");
  EXPECT_EQ(test::error_of("@'abc"), "unterminated string: expected a closing quote (') (at position 1)");
  EXPECT_EQ(test::error_of("@"), "expected a value (string, number, true, false, null or a function call) but found end of expression (at position 1)");
}

TEST(Parser, DepthLimitIsAnErrorNotACrash) {
  std::string deep = "@";
  for (int i = 0; i < 10000; ++i) deep += "concat(";
  deep += "'a'";
  for (int i = 0; i < 10000; ++i) deep += ")";
  auto e = test::error_of(deep);
  EXPECT_NE(e.find("nested deeper than the limit of 64"), std::string::npos) << e;
  std::string brackets = "@createArray(1)";
  for (int i = 0; i < 200; ++i) brackets += "?[0]";
  EXPECT_NE(test::error_of(brackets).find("nested deeper"), std::string::npos);
}

TEST(Parser, TemplateSizeLimit) {
  Limits small;
  small.max_template_bytes = 10;
  auto r = Template::parse("@concat('aaaaaaaaaa')", small);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("over the limit of 10"), std::string::npos);
}
