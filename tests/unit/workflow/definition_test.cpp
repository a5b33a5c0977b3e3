// The model built from real exported workflows: Consumption with $connections and SendEmailV3,
// Standard with ServiceProvider sendEmail, and an ARM-exported polling workflow.
#include "workflow/definition.hpp"

#include <gtest/gtest.h>

#include "workflow/validate.hpp"
#include "workflow_test_helpers.hpp"

using namespace mailflow::workflow;
using mailflow::workflow::test::dump;
using mailflow::workflow::test::fixture;
namespace json = boost::json;

TEST(Definition, ConsumptionContactForm) {
  auto checked = check_workflow(fixture("consumption_contact_form.json"));
  ASSERT_TRUE(checked.ok()) << dump(checked.problems);
  const WorkflowBody& w = checked.body;
  EXPECT_EQ(w.flavor, Flavor::Consumption);
  const Definition& d = w.definition;

  ASSERT_EQ(d.triggers.size(), 1u);
  EXPECT_EQ(d.triggers[0].name, "manual");
  EXPECT_EQ(d.triggers[0].type, TriggerType::Request);
  EXPECT_EQ(d.triggers[0].kind, "Http");
  EXPECT_EQ(d.triggers[0].inputs.at("method"), "POST");

  ASSERT_NE(d.parameter("smtpPassword"), nullptr);
  EXPECT_TRUE(d.parameter("smtpPassword")->secure);
  EXPECT_FALSE(d.parameter("$connections")->secure);

  // Top level in definition order, children nested under their containers.
  std::vector<std::string> top;
  for (const auto& a : d.actions) top.push_back(a.name);
  EXPECT_EQ(top,
            (std::vector<std::string>{"Parse_JSON", "Initialize_recipient", "Switch_on_topic",
                                      "Condition_has_message", "Response_ok", "Response_error"}));
  const Action* sw = find_action(d.actions, "Switch_on_topic");
  ASSERT_NE(sw, nullptr);
  EXPECT_EQ(sw->type, ActionType::Switch);
  ASSERT_EQ(sw->cases.size(), 2u);
  EXPECT_EQ(sw->cases[0].name, "Case_sales");
  EXPECT_EQ(sw->cases[0].value, "sales");
  EXPECT_EQ(sw->cases[1].actions.at(0).name, "Set_support");
  EXPECT_TRUE(sw->default_actions.empty());

  const Action* cond = find_action(d.actions, "Condition_has_message");
  EXPECT_TRUE(cond->expression.is_object());  // the designer's condition object, kept raw
  EXPECT_EQ(cond->actions.at(0).name, "Send_an_email_(V3)");
  EXPECT_EQ(cond->else_actions.at(0).type, ActionType::Terminate);
  EXPECT_EQ(cond->run_after.at("Switch_on_topic"), std::set<Status>{Status::Succeeded});

  const Action* send = find_action(d.actions, "Send_an_email_(V3)");
  EXPECT_EQ(send->path, "definition.actions.Condition_has_message.actions.Send_an_email_(V3)");
  ASSERT_TRUE(send->retry_policy.has_value());
  EXPECT_EQ(
      send->retry_policy_path,
      "definition.actions.Condition_has_message.actions.Send_an_email_(V3).inputs.retryPolicy");
  EXPECT_TRUE(send->run_after.empty());

  const Action* err = find_action(d.actions, "Response_error");
  EXPECT_EQ(err->run_after.at("Condition_has_message"),
            (std::set<Status>{Status::Failed, Status::TimedOut}));

  ASSERT_EQ(checked.connections.size(), 1u);
  const auto& c = checked.connections[0];
  EXPECT_EQ(c.kind, ConnectionKind::ConnectionsParameter);
  EXPECT_EQ(c.name, "smtp");
  EXPECT_EQ(c.owner, "Send_an_email_(V3)");
  EXPECT_EQ(c.path, send->path + ".inputs.host.connection.name");
  EXPECT_EQ(resolve_connection_name(w, c), "smtp-office");  // connectionName wins
}

TEST(Definition, StandardDailyDigestWithServiceProvider) {
  auto checked = check_workflow(fixture("standard_daily_digest.json"));
  ASSERT_TRUE(checked.ok()) << dump(checked.problems);
  EXPECT_EQ(checked.body.flavor, Flavor::Standard);
  EXPECT_EQ(checked.body.kind, "Stateful");
  const Definition& d = checked.body.definition;
  EXPECT_EQ(d.triggers.at(0).type, TriggerType::Recurrence);
  ASSERT_TRUE(d.triggers.at(0).recurrence.has_value());
  EXPECT_EQ(d.triggers.at(0).recurrence->at("frequency"), "Day");

  const Action* http = find_action(d.actions, "Get_report");
  EXPECT_EQ(http->type, ActionType::Http);
  EXPECT_EQ(http->timeout, "PT2M");
  const Action* loop = find_action(d.actions, "For_each_team");
  EXPECT_EQ(loop->foreach, "@body('Get_report')?['teams']");
  EXPECT_EQ(loop->repetitions, 5);
  EXPECT_FALSE(loop->sequential());

  ASSERT_EQ(checked.connections.size(), 2u);
  EXPECT_EQ(checked.connections[0].kind, ConnectionKind::ServiceProvider);
  EXPECT_EQ(checked.connections[0].name, "Smtp");
  EXPECT_EQ(
      checked.connections[0].path,
      "definition.actions.For_each_team.actions.Send_email.inputs.serviceProviderConfiguration"
      ".connectionName");
  EXPECT_EQ(checked.connections[1].kind, ConnectionKind::ManagedReference);
  EXPECT_EQ(checked.connections[1].name, "smtp");
  EXPECT_EQ(resolve_connection_name(checked.body, checked.connections[1]), "smtp");
}

TEST(Definition, ArmExportedPollingWorkflow) {
  auto checked = check_workflow(fixture("consumption_new_leads.json"));
  ASSERT_TRUE(checked.ok()) << dump(checked.problems);
  const Definition& d = checked.body.definition;
  EXPECT_EQ(d.path, "properties.definition");
  const Trigger& t = d.triggers.at(0);
  EXPECT_EQ(t.type, TriggerType::ApiConnection);
  EXPECT_EQ(t.split_on, "@triggerBody()?['value']");
  EXPECT_EQ(t.conditions, std::vector<std::string>{"@not(empty(triggerBody()?['Email']))"});
  EXPECT_EQ(t.concurrency_runs, 1);

  const Action* until = find_action(d.actions, "Wait_for_crm");
  EXPECT_EQ(until->limit_count, 10);
  EXPECT_EQ(until->timeout, "PT10M");
  EXPECT_EQ(until->actions.at(0).name, "Check");
  EXPECT_TRUE(find_action(d.actions, "Send_an_email")->secure_inputs);
  EXPECT_FALSE(find_action(d.actions, "Send_an_email")->secure_outputs);

  ASSERT_EQ(checked.connections.size(), 2u);
  EXPECT_EQ(checked.connections[0].owner, "When_a_record_is_created");
  // No connectionName: the last segment of connectionId (an empty connectionName counts as none).
  EXPECT_EQ(resolve_connection_name(checked.body, checked.connections[0]), "salesforce");
  EXPECT_EQ(resolve_connection_name(checked.body, checked.connections[1]), "smtp-relay");
}

TEST(Definition, TypeNamesAreCaseInsensitiveAndKeepTheCanonicalSpelling) {
  Problems problems;
  auto d = parse_definition(json::parse(R"J({"actions": {
      "Loop": {"type": "foreach", "foreach": "@createArray(1)", "operationOptions": "Sequential",
               "actions": {"C": {"type": "compose", "inputs": 1}}},
      "Cond": {"type": "IF", "expression": "@true", "runAfter": {"Loop": ["succeeded"]}}}})J"),
                            "definition", problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(d.actions[0].type, ActionType::Foreach);
  EXPECT_EQ(name(d.actions[0].type), "Foreach");
  EXPECT_TRUE(d.actions[0].sequential());
  EXPECT_EQ(d.actions[0].actions[0].type, ActionType::Compose);
  EXPECT_EQ(d.actions[1].type, ActionType::If);
  EXPECT_EQ(d.actions[1].run_after.at("Loop"), std::set<Status>{Status::Succeeded});
}

TEST(Definition, ChildScopesOfEachContainer) {
  auto checked = check_workflow(fixture("consumption_contact_form.json"));
  const auto& d = checked.body.definition;
  EXPECT_EQ(child_scopes(*find_action(d.actions, "Condition_has_message")).size(), 2u);
  EXPECT_EQ(child_scopes(*find_action(d.actions, "Switch_on_topic")).size(),
            3u);  // 2 cases + default
  EXPECT_TRUE(child_scopes(*find_action(d.actions, "Parse_JSON")).empty());
  int count = 0;
  for_each_action(d.actions, [&](const Action&) { ++count; });
  EXPECT_EQ(count, 10);
}
