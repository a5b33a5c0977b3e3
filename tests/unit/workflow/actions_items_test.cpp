// Select and Query with a real ItemEvaluator built on the expression engine (wdl::JsonContext
// with "item" bound, wdl::evaluate_json), as the engine will provide it: mapping objects and
// plain expressions, filtering, context beyond item(), failures per item, keeps_raw_input().
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "wdl/json_context.hpp"
#include "wdl/template.hpp"
#include "workflow/actions/item_actions.hpp"

using namespace mailflow;
using namespace mailflow::workflow;
using namespace mailflow::workflow::actions;
namespace json = boost::json;

namespace {

// Evaluates the raw template in a context made of `base` with "item" set to the element.
ItemEvaluator wdl_evaluator(json::value base = json::object{}, int* calls = nullptr) {
  return
      [base, calls](const json::value& item, const json::value& raw) -> core::Result<json::value> {
        if (calls) ++*calls;
        json::value doc = base.is_object() ? base : json::object{};
        doc.as_object()["item"] = item;
        wdl::JsonContext ctx(std::move(doc));
        return wdl::evaluate_json(raw, ctx);
      };
}

void expect_failed(const ActionResult& r, std::string_view code, std::string_view fragment) {
  EXPECT_EQ(r.status, Status::Failed);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code, code);
  EXPECT_NE(r.error->message.find(fragment), std::string::npos) << r.error->message;
}

}  // namespace

TEST(Select, MapsEachItemThroughTheTemplate) {
  // The schema reference's example: [1,2,3] → [{"number":1},...].
  json::value in = json::parse(R"j({"from":[1,2,3],"select":{"number":"@item()"}})j");
  ActionResult r = select(in, wdl_evaluator());
  ASSERT_EQ(r.status, Status::Succeeded) << r.error->message;
  EXPECT_EQ(r.outputs, json::parse(R"j({"body":[{"number":1},{"number":2},{"number":3}]})j"));
  EXPECT_EQ(r.inputs, in);  // `select` shown as written
}

TEST(Select, ReshapesObjectsAndTakesPlainExpressions) {
  json::value from = json::parse(R"j([{"first":"Ann","last":"Lee","age":30},
                                     {"first":"Bo","last":"Ng","age":41}])j");
  ActionResult r = select(
      json::object{{"from", from},
                   {"select", json::parse(R"j({"name":"@{item()['first']} @{item()?['last']}",
                                              "older":"@add(item()['age'], 1)",
                                              "fixed":"literal"})j")}},
      wdl_evaluator());
  ASSERT_EQ(r.status, Status::Succeeded) << r.error->message;
  EXPECT_EQ(r.outputs.at("body"), json::parse(R"j([{"name":"Ann Lee","older":31,"fixed":"literal"},
                                                  {"name":"Bo Ng","older":42,"fixed":"literal"}])j"));
  // Text mode: `select` is one expression, the output an array of its values.
  ActionResult names = select(json::object{{"from", from}, {"select", "@toUpper(item()['first'])"}},
                              wdl_evaluator());
  EXPECT_EQ(names.outputs.at("body"), json::parse(R"j(["ANN","BO"])j"));
}

TEST(Select, SeesTheRestOfTheRunAndKeepsEmptyArrays) {
  json::value base = json::parse(R"j({"variables":{"prefix":"id-"}})j");
  ActionResult r =
      select(json::parse(R"j({"from":[7,8],"select":"@{variables('prefix')}@{item()}"})j"),
             wdl_evaluator(base));
  EXPECT_EQ(r.outputs.at("body"), json::parse(R"j(["id-7","id-8"])j"));
  int calls = 0;
  ActionResult empty =
      select(json::parse(R"j({"from":[],"select":{"a":"@item()"}})j"), wdl_evaluator({}, &calls));
  EXPECT_EQ(empty.status, Status::Succeeded);
  EXPECT_EQ(empty.outputs, json::parse(R"j({"body":[]})j"));
  EXPECT_EQ(calls, 0);
}

TEST(Select, FailsOnANonArrayOrAnItemThatDoesNotEvaluate) {
  expect_failed(select(json::parse(R"j({"from":{"a":1},"select":{}})j"), wdl_evaluator()),
                "InvalidTemplate",
                "'from' property of a 'Select' action's inputs must be an array");
  expect_failed(select(json::parse(R"j({"from":[1]})j"), wdl_evaluator()), "InvalidTemplate",
                "'select'");
  int calls = 0;
  ActionResult r = select(json::parse(R"j({"from":[{"a":{"b":1}},{"a":null},{"a":{"b":3}}],
                                          "select":"@item()['a']['b']"})j"),
                          wdl_evaluator({}, &calls));
  expect_failed(r, "InvalidTemplate", "for item 1 of 'from'");
  EXPECT_EQ(calls, 2) << "evaluation stops at the first failing item";
}

TEST(Query, KeepsTheItemsWhereTheConditionHolds) {
  // The schema reference's example: values greater than two.
  json::value in = json::parse(R"j({"from":[1,3,0,5,4,2],"where":"@greater(item(), 2)"})j");
  ActionResult r = query(in, wdl_evaluator());
  ASSERT_EQ(r.status, Status::Succeeded) << r.error->message;
  EXPECT_EQ(r.outputs, json::parse(R"j({"body":[3,5,4]})j"));
  EXPECT_EQ(r.inputs, in);
  ActionResult objects = query(json::parse(R"j({"from":[{"s":"open"},{"s":"done"},{"s":"open"}],
                                               "where":"@equals(item()?['s'], 'open')"})j"),
                               wdl_evaluator());
  EXPECT_EQ(objects.outputs.at("body").as_array().size(), 2u);
  ActionResult none =
      query(json::parse(R"j({"from":[1,2],"where":"@greater(item(), 5)"})j"), wdl_evaluator());
  EXPECT_EQ(none.outputs, json::parse(R"j({"body":[]})j"));
}

TEST(Query, FailsOnANonBooleanConditionOrAnEvaluationError) {
  expect_failed(query(json::parse(R"j({"from":[1],"where":"@item()"})j"), wdl_evaluator()),
                "InvalidTemplate",
                "must give a boolean; for item 0 of 'from' it gave a value of "
                "type 'Integer'");
  expect_failed(
      query(json::parse(R"j({"from":[1],"where":"@nosuchfunction(item())"})j"), wdl_evaluator()),
      "InvalidTemplate", "could not be evaluated for item 0");
  expect_failed(query(json::parse(R"j({"from":"abc","where":"@true"})j"), wdl_evaluator()),
                "InvalidTemplate", "type 'String'");
  expect_failed(query(json::parse(R"j({"from":[1]})j"), wdl_evaluator()), "InvalidTemplate",
                "'where'");
}

TEST(ItemActions, OnlySelectAndWhereStayRaw) {
  EXPECT_TRUE(keeps_raw_input(ActionType::Select, "select"));
  EXPECT_TRUE(keeps_raw_input(ActionType::Select, "Select"));
  EXPECT_TRUE(keeps_raw_input(ActionType::Query, "where"));
  EXPECT_FALSE(keeps_raw_input(ActionType::Select, "from"));
  EXPECT_FALSE(keeps_raw_input(ActionType::Query, "from"));
  EXPECT_FALSE(keeps_raw_input(ActionType::Query, "select"));
  EXPECT_FALSE(keeps_raw_input(ActionType::Compose, "select"));
  EXPECT_FALSE(keeps_raw_input(ActionType::Join, "where"));
}
