// Compose, Join and Parse JSON: outputs shaped as Azure's, content given as text or as a value,
// the schema keywords the designer generates (type incl. arrays of types and null, properties,
// required, items) with Newtonsoft-style paths, and the failures: not JSON, schema violations.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "workflow/actions/compose.hpp"
#include "workflow/actions/json_schema.hpp"
#include "workflow/actions/parse_json.hpp"

using namespace mailflow::workflow;
using namespace mailflow::workflow::actions;
namespace json = boost::json;

namespace {

void expect_failed(const ActionResult& r, std::string_view code, std::string_view fragment) {
  EXPECT_EQ(r.status, Status::Failed);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code, code);
  EXPECT_NE(r.error->message.find(fragment), std::string::npos) << r.error->message;
}

// "path: message" of every error, for compact assertions.
std::vector<std::string> problems(const json::value& instance, std::string_view schema) {
  std::vector<std::string> out;
  for (const auto& e : validate_schema(instance, json::parse(schema)))
    out.push_back(e.path + ": " + e.message);
  return out;
}

constexpr std::string_view kMemberSchema = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "age": {"type": ["integer", "null"]},
    "tags": {"type": "array", "items": {"type": "string"}},
    "address": {"type": "object", "properties": {"zip": {"type": "string"}}, "required": ["zip"]}
  },
  "required": ["name", "age"]
})";

}  // namespace

TEST(Compose, OutputsAreTheInputs) {
  for (const char* text : {R"({"a":[1,2,{"b":null}]})", "\"text\"", "42", "null", "[true]"}) {
    json::value v = json::parse(text);
    ActionResult r = compose(v);
    EXPECT_EQ(r.status, Status::Succeeded);
    EXPECT_EQ(r.outputs, v) << text;
    EXPECT_EQ(r.inputs, v);
  }
}

TEST(Join, JoinsItemsAsText) {
  ActionResult r = join(json::parse(R"({"from":[1,"two",2.5,true,null,{"k":1}],"joinWith":", "})"));
  EXPECT_EQ(r.status, Status::Succeeded);
  EXPECT_EQ(r.outputs, json::parse(R"({"body":"1, two, 2.5, True, , {\"k\":1}"})"));
  EXPECT_EQ(join(json::parse(R"({"from":[],"joinWith":","})")).outputs.at("body"), "");
  EXPECT_EQ(join(json::parse(R"({"FROM":["a","b"],"JoinWith":""})")).outputs.at("body"), "ab");
}

TEST(Join, RefusesANonArrayOrMissingSeparator) {
  expect_failed(join(json::parse(R"({"from":{"a":1},"joinWith":","})")), "InvalidTemplate",
                "'from' property of a 'Join' action's inputs must be an array, not a value of "
                "type 'Object'");
  expect_failed(join(json::parse(R"({"from":"a,b","joinWith":","})")), "InvalidTemplate",
                "type 'String'");
  expect_failed(join(json::parse(R"({"from":[1]})")), "InvalidTemplate", "'joinWith'");
  expect_failed(join(json::parse(R"({"from":[1],"joinWith":1})")), "InvalidTemplate", "a string");
}

TEST(ParseJson, ParsesTextContent) {
  ActionResult r = parse_json(
      json::parse(R"({"content":"{\"name\":\"Ann\",\"age\":30}","schema":{"type":"object"}})"));
  ASSERT_EQ(r.status, Status::Succeeded) << r.error->message;
  EXPECT_EQ(r.outputs, json::parse(R"({"body":{"name":"Ann","age":30}})"));
}

TEST(ParseJson, TakesAValueAsItIs) {
  json::value in = json::parse(R"({"content":{"name":"Ann","age":null},"schema":)" +
                               std::string(kMemberSchema) + "}");
  ActionResult r = parse_json(in);
  ASSERT_EQ(r.status, Status::Succeeded) << r.error->message;
  EXPECT_EQ(r.outputs.at("body"), in.at("content"));
  EXPECT_EQ(r.inputs, in);
}

TEST(ParseJson, SchemaMayBeGivenAsTextOrLeftOut) {
  EXPECT_EQ(parse_json(json::parse(R"({"content":"[1]","schema":"{\"type\":\"array\"}"})")).status,
            Status::Succeeded);
  expect_failed(parse_json(json::parse(R"({"content":"[1]","schema":"{\"type\":\"object\"}"})")),
                "ValidationFailed", "Expected Object but got Array");
  EXPECT_EQ(parse_json(json::parse(R"({"content":"[1]"})")).status, Status::Succeeded);
  EXPECT_EQ(parse_json(json::parse(R"({"content":"[1]","schema":{}})")).status, Status::Succeeded);
  expect_failed(parse_json(json::parse(R"({"content":"[1]","schema":"{nope"})")), "InvalidTemplate",
                "'schema'");
  expect_failed(parse_json(json::parse(R"({"content":"[1]","schema":[1]})")), "InvalidTemplate",
                "'schema'");
}

TEST(ParseJson, ContentThatIsNotJsonFailsClearly) {
  ActionResult r = parse_json(json::parse(R"({"content":"Body text","schema":{}})"));
  expect_failed(r, "InvalidJSON", "The content is not valid JSON: ");
  EXPECT_NE(r.error->message.find("'Body text'"), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("at character 1"), std::string::npos) << r.error->message;
  expect_failed(parse_json(json::parse(R"({"content":"{\"a\":1} trailing"})")), "InvalidJSON",
                "not valid JSON");
  expect_failed(parse_json(json::parse(R"({"content":"{\"a\":"})")), "InvalidJSON",
                "not valid JSON");
  expect_failed(parse_json(json::parse(R"({"content":"  "})")), "InvalidJSON", "it is empty");
  expect_failed(parse_json(json::parse(R"({"schema":{}})")), "InvalidTemplate", "'content'");
}

TEST(ParseJson, ValidationFailureListsEveryProblemWithItsPath) {
  json::value in = json::parse(R"({"content":{"age":"old","tags":["a",2],"address":{}},"schema":)" +
                               std::string(kMemberSchema) + "}");
  ActionResult r = parse_json(in);
  expect_failed(r, "ValidationFailed", "The schema validation failed.");
  const std::string& msg = r.error->message;
  EXPECT_NE(msg.find("(root): Required properties are missing from object: name."),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("age: Invalid type. Expected Integer, Null but got String."),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("tags[1]: Invalid type. Expected String but got Integer."), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("address: Required properties are missing from object: zip."),
            std::string::npos)
      << msg;
  // The raw outputs carry the errors in Newtonsoft's shape.
  const json::array& errors = r.outputs.at("errors").as_array();
  ASSERT_EQ(errors.size(), 4u);
  bool found = false;
  for (const auto& e : errors)
    if (e.at("path") == "tags[1]") {
      found = true;
      EXPECT_EQ(e.at("schemaId"), "#/properties/tags/items");
      EXPECT_EQ(e.at("errorType"), "type");
      EXPECT_TRUE(e.at("childErrors").as_array().empty());
    }
  EXPECT_TRUE(found) << json::serialize(r.outputs);
}

TEST(JsonSchema, TypesIncludingNullAndArraysOfTypes) {
  EXPECT_TRUE(problems(json::value(nullptr), R"({"type":["string","null"]})").empty());
  EXPECT_TRUE(problems(json::value(3), R"({"type":"number"})").empty());
  EXPECT_TRUE(problems(json::value(3.5), R"({"type":"number"})").empty());
  EXPECT_TRUE(problems(json::value(3.0), R"({"type":"integer"})").empty());
  EXPECT_TRUE(problems(json::value(false), R"({"type":"boolean"})").empty());
  EXPECT_EQ(problems(json::value(3.5), R"({"type":"integer"})"),
            std::vector<std::string>{": Invalid type. Expected Integer but got Float."});
  EXPECT_EQ(problems(json::value(nullptr), R"({"type":"string"})"),
            std::vector<std::string>{": Invalid type. Expected String but got Null."});
  EXPECT_EQ(problems(json::value("x"), R"({"type":["integer","boolean"]})"),
            std::vector<std::string>{": Invalid type. Expected Integer, Boolean but got String."});
  EXPECT_TRUE(problems(json::value("x"), R"({"description":"no type: anything goes"})").empty());
}

TEST(JsonSchema, NestedPathsItemsAndOddNames) {
  auto p = problems(json::parse(R"({"rows":[{"id":1},{"id":"2"}],"odd name":{"a b":1}})"), R"({
    "properties": {
      "rows": {"items": {"properties": {"id": {"type": "integer"}}}},
      "odd name": {"properties": {"a b": {"type": "string"}}}
    }})");
  EXPECT_EQ(p, (std::vector<std::string>{
                   "rows[1].id: Invalid type. Expected Integer but got String.",
                   "['odd name']['a b']: Invalid type. Expected String but got Integer."}));
  // Tuple form: a schema per position.
  EXPECT_EQ(problems(json::parse(R"([1,"a",true])"),
                     R"({"items":[{"type":"integer"},{"type":"integer"}]})"),
            std::vector<std::string>{"[1]: Invalid type. Expected Integer but got String."});
}

TEST(JsonSchema, AdditionalPropertiesAndEnum) {
  EXPECT_EQ(problems(json::parse(R"({"a":1,"b":2})"),
                     R"({"properties":{"a":{}},"additionalProperties":false})"),
            std::vector<std::string>{"b: Property 'b' has not been defined and the schema does "
                                     "not allow additional properties."});
  EXPECT_EQ(problems(json::parse(R"({"a":1,"b":"x"})"),
                     R"({"properties":{"a":{}},"additionalProperties":{"type":"integer"}})"),
            std::vector<std::string>{"b: Invalid type. Expected Integer but got String."});
  EXPECT_TRUE(problems(json::value("red"), R"({"enum":["red","green"]})").empty());
  EXPECT_EQ(problems(json::value("blue"), R"({"enum":["red","green"]})"),
            std::vector<std::string>{": Value \"blue\" is not defined in enum."});
}

TEST(JsonSchema, StopsAtTheErrorCap) {
  json::array many(500, json::value("not a number"));
  auto errors = validate_schema(many, json::parse(R"({"items":{"type":"integer"}})"));
  EXPECT_EQ(errors.size(), kMaxSchemaErrors);
  ActionResult r = parse_json(
      json::object{{"content", many}, {"schema", json::parse(R"({"items":{"type":"integer"}})")}});
  EXPECT_NE(r.error->message.find("(and 90 more)"), std::string::npos) << r.error->message;
}
