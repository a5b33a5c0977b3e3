// The variable actions: initialization and its type rules, Set, Increment/Decrement (defaults,
// Float, overflow), the appends, names ignoring case, failures that change nothing, and the
// persistence round trip the engine relies on after a crash.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "workflow/actions/variables.hpp"

using namespace mailflow::workflow;
using namespace mailflow::workflow::actions;
namespace json = boost::json;

namespace {

json::value init_inputs(std::string_view name, std::string_view type, json::value value) {
  return json::object{
      {"variables", json::array{json::object{{"name", name}, {"type", type}, {"value", value}}}}};
}

json::value nv(std::string_view name, json::value value) {
  return json::object{{"name", name}, {"value", value}};
}

// Initializes one variable and fails the test if that is refused.
void declare(Variables& vars, std::string_view name, std::string_view type, json::value value) {
  ActionResult r = vars.initialize(init_inputs(name, type, std::move(value)));
  ASSERT_EQ(r.status, Status::Succeeded) << (r.error ? r.error->message : "");
}

void expect_failed(const ActionResult& r, std::string_view code, std::string_view fragment) {
  EXPECT_EQ(r.status, Status::Failed);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code, code);
  EXPECT_NE(r.error->message.find(fragment), std::string::npos) << r.error->message;
}

}  // namespace

TEST(Variables, InitializeStoresTheValueAndShowsTheInputs) {
  Variables vars;
  json::value in = init_inputs("counter", "Integer", 3);
  ActionResult r = vars.initialize(in);
  EXPECT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(r.inputs, in);
  EXPECT_TRUE(r.outputs.is_null());
  ASSERT_NE(vars.get("counter"), nullptr);
  EXPECT_EQ(*vars.get("counter"), json::value(3));
  EXPECT_EQ(vars.type_of("counter"), VariableType::Integer);
}

TEST(Variables, NamesAndTypeNamesIgnoreCase) {
  Variables vars;
  declare(vars, "MyList", "array", json::array{1});
  ASSERT_NE(vars.get("mylist"), nullptr);
  EXPECT_EQ(vars.type_of("MYLIST"), VariableType::Array);
  ActionResult r = vars.set(nv("MYLIST", json::array{2, 3}));
  EXPECT_EQ(r.status, Status::Succeeded);
  // Set's outputs carry the declared spelling.
  EXPECT_EQ(r.outputs, json::parse(R"({"body":{"name":"MyList","value":[2,3]}})"));
  EXPECT_EQ(vars.get("mYlIsT")->as_array().size(), 2u);
}

TEST(Variables, EachTypeTakesItsOwnKindOfValue) {
  struct Case {
    const char* type;
    const char* good;
    const char* bad;
  };
  const Case cases[] = {
      {"Array", "[1]", "{}"},        {"Boolean", "true", "\"true\""}, {"Float", "2.5", "\"2.5\""},
      {"Float", "2", "false"},       {"Integer", "7", "7.5"},         {"Integer", "-3", "\"7\""},
      {"Object", "{\"a\":1}", "[]"}, {"String", "\"x\"", "5"},
  };
  for (const auto& c : cases) {
    Variables vars;
    EXPECT_EQ(vars.initialize(init_inputs("v", c.type, json::parse(c.good))).status,
              Status::Succeeded)
        << c.type << " " << c.good;
    ActionResult bad = vars.initialize(init_inputs("w", c.type, json::parse(c.bad)));
    expect_failed(bad, "InvalidVariableType", "of type '" + std::string(c.type) + "'");
    EXPECT_EQ(vars.get("w"), nullptr) << "a refused value must not be stored";
  }
}

TEST(Variables, TypeMismatchMessageIsAzures) {
  Variables vars;
  ActionResult r = vars.initialize(init_inputs("n", "Integer", "five"));
  expect_failed(r, "InvalidVariableType",
                "The variable 'n' of type 'Integer' cannot be initialized or updated with value "
                "of type 'String'. The variable 'n' only supports values of types 'Integer'.");
}

TEST(Variables, InitializeWithoutValueStoresNull) {
  Variables vars;
  json::value in = json::parse(R"({"variables":[{"name":"s","type":"String"}]})");
  EXPECT_EQ(vars.initialize(in).status, Status::Succeeded);
  ASSERT_NE(vars.get("s"), nullptr);
  EXPECT_TRUE(vars.get("s")->is_null());
}

TEST(Variables, InitializeRefusesUnknownTypeMissingNameAndRepeats) {
  Variables vars;
  expect_failed(vars.initialize(init_inputs("x", "Decimal", 1)), "InvalidVariableType",
                "unsupported type 'Decimal'");
  expect_failed(vars.initialize(init_inputs("", "String", "a")), "InvalidTemplate",
                "must be a non-empty string");
  expect_failed(vars.initialize(json::object{{"variables", json::array{}}}), "InvalidTemplate",
                "'variables'");
  declare(vars, "x", "String", "a");
  expect_failed(vars.initialize(init_inputs("X", "String", "b")), "InvalidTemplate",
                "already been initialized");
  EXPECT_EQ(*vars.get("x"), json::value("a"));
}

TEST(Variables, InitializeSeveralIsAllOrNothing) {
  Variables vars;
  json::value in = json::parse(R"({"variables":[
      {"name":"a","type":"Integer","value":1},
      {"name":"b","type":"Integer","value":"oops"}]})");
  EXPECT_EQ(vars.initialize(in).status, Status::Failed);
  EXPECT_EQ(vars.get("a"), nullptr);
  json::value dup = json::parse(R"({"variables":[
      {"name":"a","type":"Integer","value":1},
      {"name":"A","type":"String","value":"x"}]})");
  expect_failed(vars.initialize(dup), "InvalidTemplate", "already been initialized");
  EXPECT_EQ(vars.size(), 0u);
  json::value two = json::parse(R"({"variables":[
      {"name":"a","type":"Integer","value":1},
      {"name":"b","type":"String","value":"x"}]})");
  EXPECT_EQ(vars.initialize(two).status, Status::Succeeded);
  EXPECT_EQ(vars.size(), 2u);
}

TEST(Variables, SetChecksTheTypeAndTheName) {
  Variables vars;
  declare(vars, "n", "Integer", 1);
  ActionResult r = vars.set(nv("n", "two"));
  expect_failed(r, "InvalidVariableType", "value of type 'String'");
  EXPECT_EQ(*vars.get("n"), json::value(1));
  EXPECT_EQ(r.inputs, nv("n", "two"));  // history shows what was attempted
  expect_failed(vars.set(nv("missing", 1)), "InvalidTemplate", "'missing' cannot be found");
  expect_failed(vars.set(json::object{{"value", 1}}), "InvalidTemplate", "'name'");
  EXPECT_EQ(vars.set(nv("n", 42)).status, Status::Succeeded);
  EXPECT_EQ(*vars.get("n"), json::value(42));
}

TEST(Variables, IncrementDefaultsToOneAndDecrementSubtracts) {
  Variables vars;
  declare(vars, "i", "Integer", 10);
  ActionResult r = vars.increment(json::object{{"name", "i"}});
  EXPECT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(r.outputs, json::parse(R"({"body":{"name":"i","value":11}})"));
  EXPECT_EQ(vars.increment(nv("i", 5)).status, Status::Succeeded);
  EXPECT_EQ(vars.decrement(nv("i", 20)).status, Status::Succeeded);
  EXPECT_EQ(*vars.get("i"), json::value(-4));
  EXPECT_EQ(vars.decrement(json::object{{"name", "i"}, {"value", nullptr}}).status,
            Status::Succeeded);
  EXPECT_EQ(*vars.get("i"), json::value(-5));
}

TEST(Variables, IncrementFloatTakesDecimalsIntegerDoesNot) {
  Variables vars;
  declare(vars, "f", "Float", 1.5);
  declare(vars, "i", "Integer", 1);
  EXPECT_EQ(vars.increment(nv("f", 1)).status, Status::Succeeded);
  EXPECT_EQ(vars.increment(nv("f", 0.25)).status, Status::Succeeded);
  EXPECT_DOUBLE_EQ(vars.get("f")->as_double(), 2.75);
  expect_failed(vars.increment(nv("i", 0.5)), "InvalidVariableType",
                "only supports values of types 'Integer'");
  expect_failed(vars.increment(nv("i", "1")), "InvalidVariableType", "of type 'String'");
  EXPECT_EQ(*vars.get("i"), json::value(1));
}

TEST(Variables, IncrementRefusesNonNumericVariablesAndOverflow) {
  Variables vars;
  declare(vars, "s", "String", "a");
  expect_failed(vars.increment(json::object{{"name", "s"}}), "InvalidVariableType",
                "only supports variables of types 'Integer, Float'");
  declare(vars, "big", "Integer", INT64_MAX);
  expect_failed(vars.increment(json::object{{"name", "big"}}), "InvalidTemplate", "overflow");
  EXPECT_EQ(*vars.get("big"), json::value(INT64_MAX));
  declare(vars, "low", "Integer", INT64_MIN);
  expect_failed(vars.decrement(json::object{{"name", "low"}}), "InvalidTemplate", "overflow");
  declare(vars, "nothing", "Integer", nullptr);
  EXPECT_EQ(vars.increment(json::object{{"name", "nothing"}}).status, Status::Succeeded);
  EXPECT_EQ(*vars.get("nothing"), json::value(1));
}

TEST(Variables, AppendToArrayAddsOneElement) {
  Variables vars;
  declare(vars, "list", "Array", json::array{});
  EXPECT_EQ(vars.append_to_array(nv("list", json::object{{"a", 1}})).status, Status::Succeeded);
  EXPECT_EQ(vars.append_to_array(nv("list", "two")).status, Status::Succeeded);
  EXPECT_EQ(*vars.get("list"), json::parse(R"([{"a":1},"two"])"));
  expect_failed(vars.append_to_array(nv("list", json::array{3})), "InvalidVariableType",
                "The input value is of type 'Array' which cannot be appended to the variable "
                "'list' of type 'Array'. The action type 'AppendToArrayVariable' only supports "
                "values of types 'Float, Integer, String, Boolean, Object'.");
  EXPECT_EQ(vars.get("list")->as_array().size(), 2u);
  declare(vars, "text", "String", "");
  expect_failed(vars.append_to_array(nv("text", 1)), "InvalidVariableType",
                "only supports variables of types 'Array'");
}

TEST(Variables, AppendToStringRendersScalars) {
  Variables vars;
  declare(vars, "t", "String", "n=");
  EXPECT_EQ(vars.append_to_string(nv("t", 2.5)).status, Status::Succeeded);
  EXPECT_EQ(vars.append_to_string(nv("t", true)).status, Status::Succeeded);
  EXPECT_EQ(vars.append_to_string(nv("t", nullptr)).status, Status::Succeeded);
  EXPECT_EQ(vars.append_to_string(nv("t", "!")).status, Status::Succeeded);
  EXPECT_EQ(*vars.get("t"), json::value("n=2.5True!"));
  expect_failed(vars.append_to_string(nv("t", json::object{})), "InvalidVariableType",
                "type 'Object'");
  expect_failed(vars.append_to_string(json::object{{"name", "t"}}), "InvalidTemplate", "'value'");
  declare(vars, "arr", "Array", json::array{});
  expect_failed(vars.append_to_string(nv("arr", "x")), "InvalidVariableType", "'String'");
}

TEST(Variables, RunDispatchesTheSixActionsOnly) {
  Variables vars;
  ASSERT_TRUE(vars.run(ActionType::InitializeVariable, init_inputs("c", "Integer", 0)));
  auto r = vars.run(ActionType::IncrementVariable, json::object{{"name", "c"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::Succeeded);
  EXPECT_EQ(*vars.get("c"), json::value(1));
  EXPECT_FALSE(vars.run(ActionType::Compose, json::object{}));
}

TEST(Variables, PersistenceRoundTrips) {
  Variables vars;
  declare(vars, "Count", "Integer", 3);
  declare(vars, "items", "Array", json::parse(R"([1,{"x":null}])"));
  declare(vars, "ratio", "Float", 0.5);
  json::value saved = vars.to_json();
  EXPECT_EQ(saved.at("Count"), json::parse(R"({"type":"Integer","value":3})"));
  auto back = Variables::from_json(json::parse(json::serialize(saved)));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->size(), 3u);
  EXPECT_EQ(*back->get("count"), json::value(3));
  EXPECT_EQ(back->type_of("ratio"), VariableType::Float);
  EXPECT_EQ(back->to_json(), saved);
  // Restored variables keep their rules.
  expect_failed(back->set(nv("count", "x")), "InvalidVariableType", "'Integer'");
}

TEST(Variables, FromJsonRefusesCorruptState) {
  EXPECT_FALSE(Variables::from_json(json::array{}).ok());
  EXPECT_FALSE(Variables::from_json(json::parse(R"({"a":{"type":"Nope","value":1}})")).ok());
  EXPECT_FALSE(Variables::from_json(json::parse(R"({"a":{"type":"Integer","value":"1"}})")).ok());
  EXPECT_FALSE(Variables::from_json(json::parse(R"({"a":{"type":"Integer"}})")).ok());
  EXPECT_FALSE(Variables::from_json(json::parse(R"({"a":1})")).ok());
  EXPECT_TRUE(Variables::from_json(json::object{}).ok());
}
