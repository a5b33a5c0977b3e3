// Templates: whole-string expressions keep their type, interpolation gives strings, escapes,
// member-by-member evaluation of objects and arrays, AST reuse.
#include "wdl/template.hpp"

#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl;
using namespace mailflow::wdl::test;

TEST(Template, WholeExpressionKeepsType) {
  check_table({{"@add(1, 2)", "3"}, {"@createArray(1, 'a')", "[1,\"a\"]"}, {"@json('{\"a\":1}')", "{\"a\":1}"},
               {"@div(11, 5.0)", "2.2"}});
}

TEST(Template, InterpolationGivesStrings) {
  check_table({{"@{add(1, 2)}", "\"3\""},
               {"Count: @{add(1, 2)} items", "\"Count: 3 items\""},
               {"@{true}", "\"True\""},
               {"@{false} and @{null}!", "\"False and !\""},
               {"@{div(11, 5.0)}", "\"2.2\""},
               {"@{json('{\"a\": [1, 2.5]}')}", "\"{\\\"a\\\":[1,2.5]}\""},
               {"@{'a'}@{'b'}", "\"ab\""},
               {"x @{'}'} y", "\"x } y\""}});
}

TEST(Template, EscapesAndLiteralAt) {
  check_table({{"@@concat('a')", "\"@concat('a')\""},
               {"Count is: @@{add(1,2)}", "\"Count is: @{add(1,2)}\""},
               {"mail me at a@example.com", "\"mail me at a@example.com\""},
               {"a @ b", "\"a @ b\""},
               {"plain", "\"plain\""},
               {"", "\"\""}});
}

TEST(Template, ParsedOnceEvaluatedMany) {
  auto t = Template::parse("Hi @{variables('n')}");
  ASSERT_TRUE(t.ok());
  auto a = context(R"({"variables": {"n": "Ann"}})");
  auto b = context(R"({"variables": {"n": 7}})");
  EXPECT_EQ(t->evaluate(a)->as_string(), "Hi Ann");
  EXPECT_EQ(t->evaluate(b)->as_string(), "Hi 7");
  EXPECT_EQ(t->evaluate(a)->as_string(), "Hi Ann");
}

TEST(Template, EvaluateJsonMemberByMember) {
  auto ctx = context(R"({"variables": {"to": "a@b.c"}})");
  auto v = boost::json::parse(R"j({"To": "@variables('to')", "n": 3, "list": ["@{add(1,1)}", true], "s": "@@x"})j");
  auto r = evaluate_json(v, ctx);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(to_json_text(*r), R"j({"To":"a@b.c","n":3,"list":["2",true],"s":"@x"})j");
}

TEST(Template, EvaluateJsonNamesTheFailingMember) {
  auto ctx = context();
  auto r = evaluate_json(boost::json::parse(R"j({"Body": "@div(1, 0)"})j"), ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "Body");
  EXPECT_EQ(r.error().code, mailflow::core::Code::InvalidRequest);
  auto nested = evaluate_json(boost::json::parse(R"j({"Attachments": [{"Name": "ok"}, {"Name": "@x("}]})j"), ctx);
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().field, "Attachments[1].Name");
}

TEST(Template, StringLimitOnInterpolation) {
  Limits lim;
  lim.max_string_bytes = 8;
  auto t = Template::parse("@{'12345'}@{'67890'}", lim);
  ASSERT_TRUE(t.ok());
  auto ctx = context();
  EXPECT_FALSE(t->evaluate(ctx, lim).ok());
}

TEST(Template, TotalWorkLimit) {
  Limits lim;
  lim.max_work_bytes = 1000;
  auto ctx = context();
  auto r = evaluate_template("@length(concat(join(range(0, 100), ','), join(range(0, 100), ',')))", ctx, lim);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("max_work_bytes"), std::string::npos) << r.error().message;
  EXPECT_TRUE(evaluate_template("@length(join(range(0, 10), ','))", ctx, lim).ok());
}
