// Deploy-time validation: each kind of problem, reported at its exact JSON path, all at once.
#include "workflow/validate.hpp"

#include <gtest/gtest.h>

#include "workflow_test_helpers.hpp"

using namespace mailflow::workflow;
using mailflow::workflow::test::at;
using mailflow::workflow::test::dump;
namespace json = boost::json;

namespace {

// Checks a Consumption body around `definition` (with an "smtp" $connections entry).
CheckedWorkflow check(std::string_view definition) {
  json::object body;
  body["definition"] = json::parse(definition);
  body["parameters"] = json::parse(
      R"J({"$connections": {"value": {"smtp": {"connectionId": "/x/connections/smtp"}}}})J");
  return check_workflow(body);
}

// Expects a problem at `path` whose message contains `words`.
void expect_problem(const CheckedWorkflow& c, const std::string& path, const std::string& words) {
  const Problem* p = at(c.problems, path);
  ASSERT_NE(p, nullptr) << "no problem at " << path << "; got:\n" << dump(c.problems);
  EXPECT_NE(p->message.find(words), std::string::npos) << path << ": " << p->message;
}

}  // namespace

TEST(Validate, AMinimalWorkflowIsValid) {
  auto c = check(R"J({"triggers": {"manual": {"type": "Request", "kind": "Http"}},
                      "actions": {"A": {"type": "Compose", "inputs": "@triggerBody()", "runAfter": {}}}})J");
  EXPECT_TRUE(c.ok()) << dump(c.problems);
}

TEST(Validate, UnknownTypes) {
  auto c = check(R"J({"triggers": {"t": {"type": "ApiConnectionWebhook"}},
                      "actions": {"A": {"type": "Function", "inputs": {}},
                                  "B": {"inputs": 1}}})J");
  expect_problem(c, "definition.triggers.t.type", "unknown trigger type 'ApiConnectionWebhook'");
  expect_problem(c, "definition.actions.A.type",
                 "unknown action type 'Function' (supported: ApiConnection");
  expect_problem(c, "definition.actions.B.type", "is required");
}

TEST(Validate, RunAfterMustNameASibling) {
  auto c = check(R"J({"actions": {
      "Scope": {"type": "Scope", "actions": {"Inner": {"type": "Compose", "inputs": 1}}},
      "Send_mail": {"type": "Compose", "inputs": 1, "runAfter": {"Missing": ["Succeeded"]}},
      "Outer_ref": {"type": "Compose", "inputs": 1, "runAfter": {"Inner": ["Succeeded"]}}}})J");
  expect_problem(c, "definition.actions.Send_mail.runAfter.Missing", "no action named 'Missing'");
  expect_problem(c, "definition.actions.Outer_ref.runAfter.Inner",
                 "same scope; 'Inner' is at definition.actions.Scope.actions.Inner");
  EXPECT_EQ(c.problems.size(), 2u) << dump(c.problems);
}

TEST(Validate, RunAfterInsideAScopeMayNotReachOut) {
  auto c = check(R"J({"actions": {
      "A": {"type": "Compose", "inputs": 1},
      "S": {"type": "Scope", "runAfter": {"A": ["Succeeded"]},
            "actions": {"B": {"type": "Compose", "inputs": 1, "runAfter": {"A": ["Succeeded"]}}}}}})J");
  expect_problem(c, "definition.actions.S.actions.B.runAfter.A",
                 "same scope; 'A' is at definition.actions.A");
}

TEST(Validate, RunAfterCycles) {
  auto c = check(R"J({"actions": {
      "A": {"type": "Compose", "inputs": 1, "runAfter": {"C": ["Succeeded"]}},
      "B": {"type": "Compose", "inputs": 1, "runAfter": {"A": ["Succeeded"]}},
      "C": {"type": "Compose", "inputs": 1, "runAfter": {"B": ["Succeeded"]}},
      "Self": {"type": "Compose", "inputs": 1, "runAfter": {"Self": ["Failed"]}},
      "Fine": {"type": "Compose", "inputs": 1, "runAfter": {"B": ["Succeeded"]}}}})J");
  expect_problem(c, "definition.actions.A.runAfter", "runAfter forms a cycle: A → C → B → A");
  expect_problem(c, "definition.actions.Self.runAfter", "cycle: Self → Self");
  EXPECT_EQ(c.problems.size(), 2u) << dump(c.problems);  // each cycle once
}

TEST(Validate, RunAfterStatuses) {
  auto c = check(R"J({"actions": {
      "A": {"type": "Compose", "inputs": 1},
      "B": {"type": "Compose", "inputs": 1, "runAfter": {"A": ["Succeeded", "Done", 3]}},
      "C": {"type": "Compose", "inputs": 1, "runAfter": {"A": []}},
      "D": {"type": "Compose", "inputs": 1, "runAfter": {"A": ["Cancelled"]}},
      "E": {"type": "Compose", "inputs": 1, "runAfter": {"A": "Succeeded"}}}})J");
  expect_problem(c, "definition.actions.B.runAfter.A[1]", "not a runAfter status");
  expect_problem(c, "definition.actions.B.runAfter.A[2]", "not a runAfter status");
  expect_problem(c, "definition.actions.C.runAfter.A", "lists no status");
  expect_problem(c, "definition.actions.D.runAfter.A[0]", "Succeeded, Failed, Skipped or TimedOut");
  expect_problem(c, "definition.actions.E.runAfter.A", "must be an array");
  EXPECT_EQ(at(c.problems, "definition.actions.B.runAfter.A[0]"), nullptr);
}

TEST(Validate, ExpressionsThatDoNotParseNameTheirPathAndPosition) {
  auto c = check(R"J({
    "triggers": {"t": {"type": "Request", "splitOn": "@triggerBody()?['value'",
                       "conditions": [{"expression": "@equals(1)"}]}},
    "actions": {
      "Send": {"type": "Compose", "inputs": {"body": {"Subject": "Hi @{triggerBody()?['name']"}}},
      "Loop": {"type": "Foreach", "foreach": "@noSuchFunction()", "actions": {}},
      "If": {"type": "If", "expression": {"and": [{"equals": ["@body('x'", 1]}]}},
      "Ok": {"type": "Compose", "inputs": ["a @ b", "@@literal", "@{'fine'}"]}}})J");
  expect_problem(c, "definition.triggers.t.splitOn", "does not parse");
  expect_problem(c, "definition.triggers.t.conditions[0].expression", "expects");
  expect_problem(c, "definition.actions.Send.inputs.body.Subject", "(at position");
  expect_problem(c, "definition.actions.Loop.foreach", "unknown function 'noSuchFunction'");
  expect_problem(c, "definition.actions.If.expression.and[0].equals[0]", "does not parse");
  EXPECT_EQ(c.problems.size(), 5u) << dump(c.problems);
}

TEST(Validate, RequiredFieldsPerType) {
  auto c = check(R"J({"actions": {
      "Loop": {"type": "Foreach", "actions": {}},
      "Cond": {"type": "If", "actions": {}},
      "Sw": {"type": "Switch", "cases": {"One": {"actions": {}}}},
      "Init": {"type": "InitializeVariable", "inputs": {"variables": [{"type": "string"}]}},
      "Init2": {"type": "InitializeVariable", "inputs": {"variables": [{"name": "n", "type": "text"}]}},
      "Set": {"type": "SetVariable", "inputs": {"name": "n"}},
      "Http": {"type": "Http", "inputs": {"method": "FETCH"}},
      "Sp": {"type": "ServiceProvider", "inputs": {"parameters": {}, "serviceProviderConfiguration": {"connectionName": "Smtp"}}},
      "Stop": {"type": "Terminate", "inputs": {"runStatus": "Aborted"}},
      "Reply": {"type": "Response"},
      "Pause": {"type": "Wait", "inputs": {}}}})J");
  expect_problem(c, "definition.actions.Loop.foreach", "is required");
  expect_problem(c, "definition.actions.Cond.expression", "is required for If");
  expect_problem(c, "definition.actions.Sw.expression", "is required for Switch");
  expect_problem(c, "definition.actions.Sw.cases.One.case", "is required");
  expect_problem(c, "definition.actions.Init.inputs.variables[0].name", "is required");
  expect_problem(c, "definition.actions.Init2.inputs.variables[0].type", "must be Array, Boolean");
  expect_problem(c, "definition.actions.Set.inputs.value", "is required");
  expect_problem(c, "definition.actions.Http.inputs.uri", "is required");
  expect_problem(c, "definition.actions.Http.inputs.method", "not an HTTP method");
  expect_problem(c, "definition.actions.Sp.inputs.serviceProviderConfiguration.operationId",
                 "is required");
  expect_problem(c, "definition.actions.Stop.inputs.runStatus", "Succeeded, Failed or Cancelled");
  expect_problem(c, "definition.actions.Reply.inputs", "is required for a Response action");
  expect_problem(c, "definition.actions.Pause.inputs.interval", "is required");
}

TEST(Validate, TriggersRequiredFields) {
  auto c = check(R"J({"triggers": {
      "Every_day": {"type": "Recurrence"},
      "Poll": {"type": "Http", "inputs": {"method": "GET"}, "recurrence": {"frequency": "Minute"}},
      "Busy": {"type": "Request", "runtimeConfiguration": {"concurrency": {"runs": 0}}}}})J");
  expect_problem(c, "definition.triggers.Every_day.recurrence",
                 "is required for a Recurrence trigger");
  expect_problem(c, "definition.triggers.Poll.inputs.uri", "is required");
  expect_problem(c, "definition.triggers.Poll.recurrence.interval", "is required");
  expect_problem(c, "definition.triggers.Busy.runtimeConfiguration.concurrency.runs",
                 "from 1 to 100");
}

TEST(Validate, RetryPolicyAndLimits) {
  auto c = check(R"J({"actions": {
      "A": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x", "retryPolicy": {"type": "sometimes"}}},
      "B": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x", "retryPolicy": {"type": "fixed", "count": 91, "interval": "PT5S"}}},
      "C": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x", "retryPolicy": {"type": "exponential", "count": 2, "interval": "5 seconds"}}},
      "D": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x", "retryPolicy": {"type": "fixed", "interval": "PT5S"}}},
      "E": {"type": "Compose", "inputs": 1, "limit": {"timeout": "PT"}},
      "U": {"type": "Until", "expression": "@true", "limit": {"count": 0}, "actions": {}},
      "N": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x", "retryPolicy": {"type": "None"}}}}})J");
  expect_problem(c, "definition.actions.A.inputs.retryPolicy.type", "none, fixed, exponential");
  expect_problem(c, "definition.actions.B.inputs.retryPolicy.count", "from 1 to 90");
  expect_problem(c, "definition.actions.C.inputs.retryPolicy.interval", "ISO 8601");
  expect_problem(c, "definition.actions.D.inputs.retryPolicy.count", "is required");
  expect_problem(c, "definition.actions.E.limit.timeout", "ISO 8601");
  expect_problem(c, "definition.actions.U.limit.count", "from 1 to 5000");
  EXPECT_EQ(c.problems.size(), 6u) << dump(c.problems);
}

TEST(Validate, ConnectionReferences) {
  auto c = check(R"J({"actions": {
      "Good": {"type": "ApiConnection", "inputs": {"host": {"connection": {"name": "@parameters('$connections')['smtp']['connectionId']"}}, "method": "post", "path": "/SendEmailV3"}},
      "Unknown_key": {"type": "ApiConnection", "inputs": {"host": {"connection": {"name": "@parameters('$connections')['office']['connectionId']"}}, "method": "post", "path": "/SendEmailV3"}},
      "Odd_form": {"type": "ApiConnection", "inputs": {"host": {"connection": {"name": "smtp"}}, "method": "post", "path": "/SendEmailV3"}},
      "No_host": {"type": "ApiConnection", "inputs": {"method": "post", "path": "/SendEmailV3"}}}})J");
  expect_problem(c, "definition.actions.Unknown_key.inputs.host.connection.name",
                 "no entry 'office'");
  expect_problem(c, "definition.actions.Odd_form.inputs.host.connection.name",
                 "must name a connection");
  expect_problem(c, "definition.actions.No_host.inputs.host.connection", "is required");
  ASSERT_EQ(c.connections.size(), 2u);
  EXPECT_EQ(c.connections[0].name, "smtp");
  EXPECT_EQ(c.connections[1].name, "office");
}

TEST(Validate, ConnectionsParameterKeyForms) {
  EXPECT_EQ(connections_parameter_key("@parameters('$connections')['smtp']['connectionId']"),
            "smtp");
  EXPECT_EQ(connections_parameter_key("@{parameters('$connections')?['smtp-2']?['connectionId']}"),
            "smtp-2");
  EXPECT_EQ(
      connections_parameter_key(" @ Parameters( '$connections' ) [ 'a' ] [ 'ConnectionId' ] "),
      "a");
  EXPECT_EQ(connections_parameter_key("@parameters('$connections')['smtp'].connectionId"), "smtp");
  EXPECT_FALSE(connections_parameter_key("@parameters('$connections')['smtp']['id']"));
  EXPECT_FALSE(connections_parameter_key("@parameters('other')['smtp']['connectionId']"));
  EXPECT_FALSE(connections_parameter_key("@parameters('$connections')['smtp']['connectionId'] x"));
  EXPECT_FALSE(connections_parameter_key("parameters('$connections')['smtp']['connectionId']"));
}

TEST(Validate, ActionNamesAreUniqueAcrossScopes) {
  auto c = check(R"J({"actions": {
      "Send": {"type": "Compose", "inputs": 1},
      "S": {"type": "Scope", "runAfter": {"Send": ["Succeeded"]},
            "actions": {"Send": {"type": "Compose", "inputs": 2}}}}})J");
  expect_problem(c, "definition.actions.S.actions.Send", "already used at definition.actions.Send");
}

TEST(Validate, BodyShape) {
  EXPECT_NE(at(check_workflow(json::parse("[]")).problems, ""), nullptr);
  auto no_def = check_workflow(json::parse(R"J({"kind": "Stateful"})J"));
  EXPECT_NE(at(no_def.problems, "definition"), nullptr) << dump(no_def.problems);
  auto bad_kind = check_workflow(json::parse(R"J({"kind": "Durable", "definition": {}})J"));
  EXPECT_NE(at(bad_kind.problems, "kind"), nullptr) << dump(bad_kind.problems);
  auto bad_actions = check_workflow(json::parse(R"J({"definition": {"actions": []}})J"));
  EXPECT_NE(at(bad_actions.problems, "definition.actions"), nullptr);
  auto bad_param =
      check_workflow(json::parse(R"J({"definition": {"parameters": {"p": {"type": "Money"}}}})J"));
  EXPECT_NE(at(bad_param.problems, "definition.parameters.p.type"), nullptr);
}

TEST(Validate, ToErrorNamesTheFirstPathAndListsAll) {
  auto c = check(R"J({"actions": {
      "A": {"type": "Nope"},
      "B": {"type": "Compose", "inputs": 1, "runAfter": {"Missing": ["Succeeded"]}}}})J");
  ASSERT_EQ(c.problems.size(), 2u) << dump(c.problems);
  auto e = to_error(c.problems);
  EXPECT_EQ(e.code, mailflow::core::Code::InvalidRequest);
  EXPECT_EQ(e.status(), 400);
  EXPECT_EQ(e.field, "definition.actions.A.type");
  EXPECT_NE(e.message.find("2 problems"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("definition.actions.B.runAfter.Missing: no action named"),
            std::string::npos)
      << e.message;
}

TEST(Validate, PathsQuoteAmbiguousNames) {
  EXPECT_EQ(join_path("definition.actions", "Send_an_email_(V3)"),
            "definition.actions.Send_an_email_(V3)");
  EXPECT_EQ(join_path("definition.actions", "Send mail"), "definition.actions['Send mail']");
  EXPECT_EQ(join_path("definition.actions", "a.b"), "definition.actions['a.b']");
  EXPECT_EQ(join_path("", "definition"), "definition");
  EXPECT_EQ(index_path("x", 3), "x[3]");
}
