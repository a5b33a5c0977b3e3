// The typed model of a Logic Apps workflow definition, and the parser that builds it from the JSON
// of a deploy request (Consumption `{"definition", "parameters"}`, Standard `{"definition",
// "kind"}`, or an exported ARM resource with both inside `properties`).
//
// The model keeps every value that holds expressions raw (boost::json, unevaluated): the engine
// evaluates them per run. Parsing never stops at the first problem: it records each one with its
// JSON path in `problems` and carries on, so a deploy reports everything at once; semantic checks
// (runAfter targets, cycles, expressions, required inputs) are in validate.hpp.
// Property names match case-insensitively, as Azure's deserializer does.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/problem.hpp"
#include "workflow/status.hpp"
#include "workflow/types.hpp"

namespace mailflow::workflow {

struct Parameter {
  std::string name;
  std::string type;  // as written: "String", "SecureString", "Object", "Array", ...
  std::optional<boost::json::value> default_value;
  bool secure = false;  // SecureString / SecureObject: never shown in history or logs
};

struct Trigger {
  std::string name;
  std::string path;  // "definition.triggers.manual"
  TriggerType type = TriggerType::Request;
  std::string kind;                              // Request: "Http"; may be empty
  boost::json::value inputs;                     // raw; null when absent
  std::optional<boost::json::value> recurrence;  // raw; read by workflow/recurrence
  std::vector<std::string> conditions;           // each condition's `expression`
  std::optional<std::string> split_on;           // "@triggerBody()?['value']"
  std::optional<std::int64_t> concurrency_runs;  // runtimeConfiguration.concurrency.runs
  std::vector<std::string> operation_options;
};

// runAfter: predecessor (a sibling action) → the statuses it may end with. Empty = runs first.
using RunAfter = std::map<std::string, std::set<Status>>;

struct Action;
using Actions = std::vector<Action>;  // in the order the definition lists them

struct SwitchCase {
  std::string name;
  std::string path;          // "definition.actions.Switch.cases.Case_1"
  boost::json::value value;  // the `case` value: a string or a number
  Actions actions;
};

struct Action {
  std::string name;
  std::string path;  // "definition.actions.Scope.actions.Send_mail"
  ActionType type = ActionType::Compose;
  boost::json::value inputs;  // raw; null when absent
  RunAfter run_after;
  std::optional<boost::json::value> retry_policy;  // inputs.retryPolicy; absent = default policy
  std::string retry_policy_path;
  std::optional<std::string> timeout;          // limit.timeout (ISO 8601); Until: the loop's
  std::optional<std::int64_t> limit_count;     // Until: limit.count
  std::vector<std::string> operation_options;  // "Sequential", "DisableAsyncPattern", ...
  bool secure_inputs = false;                  // runtimeConfiguration.secureData.properties
  bool secure_outputs = false;
  std::optional<std::int64_t> repetitions;  // runtimeConfiguration.concurrency.repetitions
  boost::json::value expression;            // If (string or condition object), Switch, Until
  std::optional<std::string> foreach;       // Foreach: the collection expression
  Actions actions;                          // If (true branch), Foreach, Until, Scope
  Actions else_actions;                     // If: else.actions
  std::vector<SwitchCase> cases;            // Switch
  Actions default_actions;                  // Switch: default.actions

  bool has_option(std::string_view option) const;  // operationOptions, case-insensitive
  bool sequential() const { return has_option("Sequential"); }
};

struct Definition {
  std::string path = "definition";    // its JSON path in the body
  std::vector<Parameter> parameters;  // in the order listed
  std::vector<Trigger> triggers;
  Actions actions;
  boost::json::value outputs;  // raw; null when absent
  std::string content_version;

  const Parameter* parameter(std::string_view name) const;
  const Trigger* trigger(std::string_view name) const;
};

enum class Flavor { Consumption, Standard };

// A deploy request's body.
struct WorkflowBody {
  Definition definition;
  Flavor flavor = Flavor::Consumption;
  std::string kind;                // Standard: "Stateful" or "Stateless"
  boost::json::object parameters;  // Consumption: parameter values {"$connections": {"value": ...}}
};

WorkflowBody parse_workflow_body(const boost::json::value& body, Problems& problems);
// `path` is the definition's own path ("definition"), the prefix of every problem's path.
Definition parse_definition(const boost::json::value& definition, const std::string& path,
                            Problems& problems);

// Every action of the tree, depth first in definition order (containers before their children).
void for_each_action(const Actions& actions, const std::function<void(const Action&)>& visit);
// An action anywhere in the tree (names are unique across a definition).
const Action* find_action(const Actions& actions, std::string_view name);
// The child scopes of a container: If → [actions, else.actions], Switch → [case..., default],
// others → [actions]; empty for a plain action.
std::vector<const Actions*> child_scopes(const Action& action);

}  // namespace mailflow::workflow
