// Per-type required fields and option checks (see validate.hpp). The table of required inputs
// follows Microsoft's "Schema reference for trigger and action types in Azure Logic Apps".
#include <boost/json.hpp>
#include <initializer_list>

#include "workflow/duration.hpp"
#include "workflow/json_access.hpp"
#include "workflow/retry_policy.hpp"
#include "workflow/validate.hpp"

namespace mailflow::workflow {
namespace json = boost::json;
using detail::member;

namespace {

// A required member path inside inputs: keys, where "0" indexes an array.
using Keys = std::vector<std::string_view>;

struct Required {
  ActionType type;
  std::vector<Keys> inputs;
};

// ApiConnection's host.connection is checked with the connection references (connections.cpp).
const std::vector<Required>& required_inputs() {
  static const std::vector<Required> table = {
      {ActionType::ApiConnection, {{"method"}, {"path"}}},
      {ActionType::ServiceProvider,
       {{"serviceProviderConfiguration", "connectionName"},
        {"serviceProviderConfiguration", "operationId"},
        {"serviceProviderConfiguration", "serviceProviderId"}}},
      {ActionType::Http, {{"method"}, {"uri"}}},
      {ActionType::ParseJson, {{"content"}, {"schema"}}},
      {ActionType::InitializeVariable, {{"variables", "0", "name"}, {"variables", "0", "type"}}},
      {ActionType::SetVariable, {{"name"}, {"value"}}},
      {ActionType::IncrementVariable, {{"name"}}},
      {ActionType::DecrementVariable, {{"name"}}},
      {ActionType::AppendToArrayVariable, {{"name"}, {"value"}}},
      {ActionType::AppendToStringVariable, {{"name"}, {"value"}}},
      {ActionType::Response, {{"statusCode"}}},
      {ActionType::Terminate, {{"runStatus"}}},
      {ActionType::Join, {{"from"}, {"joinWith"}}},
      {ActionType::Select, {{"from"}, {"select"}}},
      {ActionType::Query, {{"from"}, {"where"}}},
  };
  return table;
}

// Follows `keys` from `v`; on the first missing step reports "<path>.<step> is required".
const json::value* require(const json::value& v, const Keys& keys, std::string path,
                           Problems& problems) {
  const json::value* cur = &v;
  for (std::string_view key : keys) {
    bool index = !key.empty() && std::isdigit(static_cast<unsigned char>(key[0]));
    const json::value* next = nullptr;
    if (index && cur->is_array()) {
      std::size_t i = static_cast<std::size_t>(std::stoul(std::string(key)));
      if (i < cur->get_array().size()) next = &cur->get_array()[i];
    } else if (!index) {
      next = member(cur, key);
    }
    path = index ? index_path(path, std::stoul(std::string(key))) : join_path(path, key);
    if (!next || next->is_null()) {
      problems.push_back({path, "is required"});
      return nullptr;
    }
    cur = next;
  }
  return cur;
}

bool one_of(const json::value* v, std::initializer_list<std::string_view> names) {
  if (!v || !v->is_string()) return false;
  for (auto n : names)
    if (iequals(v->get_string(), n)) return true;
  return false;
}

bool is_expression(const json::value* v) {
  return v && v->is_string() && !v->get_string().empty() && v->get_string()[0] == '@';
}

void check_required_inputs(const Action& a, Problems& problems) {
  std::string inputs_path = join_path(a.path, "inputs");
  for (const auto& r : required_inputs()) {
    if (r.type != a.type) continue;
    if (a.inputs.is_null()) {
      problems.push_back(
          {inputs_path, "is required for a " + std::string(name(a.type)) + " action"});
      return;
    }
    for (const Keys& keys : r.inputs) require(a.inputs, keys, inputs_path, problems);
  }
  if (a.type == ActionType::Compose && a.inputs.is_null())
    problems.push_back({inputs_path, "is required for a Compose action"});
  if (a.type == ActionType::Wait && !member(&a.inputs, "interval") && !member(&a.inputs, "until"))
    problems.push_back(
        {join_path(inputs_path, "interval"), "is required (or inputs.until) for a Wait action"});
}

void check_values(const Action& a, Problems& problems) {
  std::string inputs_path = join_path(a.path, "inputs");
  if (a.type == ActionType::InitializeVariable) {
    const json::value* var = member(&a.inputs, "variables");
    const json::value* type = var && var->is_array() && !var->get_array().empty()
                                  ? member(&var->get_array()[0], "type")
                                  : nullptr;
    if (type && !one_of(type, {"array", "boolean", "float", "integer", "object", "string"}))
      problems.push_back({join_path(index_path(join_path(inputs_path, "variables"), 0), "type"),
                          "must be Array, Boolean, Float, Integer, Object or String"});
  }
  if (a.type == ActionType::Terminate) {
    const json::value* status = member(&a.inputs, "runStatus");
    if (status && !one_of(status, {"Succeeded", "Failed", "Cancelled"}))
      problems.push_back(
          {join_path(inputs_path, "runStatus"), "must be Succeeded, Failed or Cancelled"});
  }
  if (a.type == ActionType::Http) {
    const json::value* method = member(&a.inputs, "method");
    if (method && !is_expression(method) &&
        !one_of(method, {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}))
      problems.push_back({join_path(inputs_path, "method"), "is not an HTTP method"});
  }
}

void check_structure(const Action& a, Problems& problems) {
  bool needs_expression =
      a.type == ActionType::If || a.type == ActionType::Switch || a.type == ActionType::Until;
  if (needs_expression && a.expression.is_null())
    problems.push_back(
        {join_path(a.path, "expression"), "is required for " + std::string(name(a.type))});
  if (a.type == ActionType::Foreach && !a.foreach)
    problems.push_back({join_path(a.path, "foreach"), "is required: the array to iterate over"});
  if (a.timeout) {
    auto d = parse_duration(*a.timeout);
    if (!d.ok())
      problems.push_back({join_path(join_path(a.path, "limit"), "timeout"), d.error().message});
  }
  if (a.type == ActionType::Until && a.limit_count && (*a.limit_count < 1 || *a.limit_count > 5000))
    problems.push_back({join_path(join_path(a.path, "limit"), "count"), "must be from 1 to 5000"});
  std::string conc =
      join_path(join_path(join_path(a.path, "runtimeConfiguration"), "concurrency"), "repetitions");
  if (a.repetitions && (*a.repetitions < 1 || *a.repetitions > 50))
    problems.push_back({conc, "must be from 1 to 50"});
  if (a.retry_policy) {
    auto p = parse_retry_policy(*a.retry_policy);
    if (!p.ok())
      problems.push_back({p.error().field.empty() ? a.retry_policy_path
                                                  : join_path(a.retry_policy_path, p.error().field),
                          p.error().message});
  }
}

}  // namespace

void validate_inputs(const Action& a, Problems& problems) {
  check_required_inputs(a, problems);
  check_values(a, problems);
  check_structure(a, problems);
}

void validate_trigger(const Trigger& t, Problems& problems) {
  std::string inputs_path = join_path(t.path, "inputs");
  bool polling = t.type == TriggerType::Http || t.type == TriggerType::ApiConnection;
  if (polling || t.type == TriggerType::Recurrence) {
    if (!t.recurrence) {
      problems.push_back({join_path(t.path, "recurrence"),
                          "is required for a " + std::string(name(t.type)) + " trigger"});
    } else {
      require(*t.recurrence, {"frequency"}, join_path(t.path, "recurrence"), problems);
      require(*t.recurrence, {"interval"}, join_path(t.path, "recurrence"), problems);
    }
  }
  if (t.type == TriggerType::Http) {
    require(t.inputs, {"method"}, inputs_path, problems);
    require(t.inputs, {"uri"}, inputs_path, problems);
  }
  if (t.type == TriggerType::ApiConnection) require(t.inputs, {"path"}, inputs_path, problems);
  if (t.concurrency_runs && (*t.concurrency_runs < 1 || *t.concurrency_runs > 100))
    problems.push_back(
        {join_path(join_path(join_path(t.path, "runtimeConfiguration"), "concurrency"), "runs"),
         "must be from 1 to 100"});
}

}  // namespace mailflow::workflow
