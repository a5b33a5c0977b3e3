// Parsing the action tree of a definition (see definition.hpp): each action's common properties,
// then its children by type (If: actions + else.actions; Switch: cases + default.actions;
// Foreach, Until, Scope: actions).
#include "workflow/definition.hpp"
#include "workflow/json_access.hpp"

namespace mailflow::workflow {
namespace json = boost::json;
using detail::integer_at;
using detail::kind_name;
using detail::member;
using detail::object_at;
using detail::string_at;

Actions parse_actions(const json::object& actions, const std::string& path, Problems& problems);

// operationOptions: Azure writes one comma-separated string ("DisableAsyncPattern, Sequential");
// an array of strings is accepted too.
std::vector<std::string> parse_operation_options(const json::object& o, const std::string& path,
                                                 Problems& problems) {
  std::vector<std::string> out;
  const json::value* v = member(o, "operationOptions");
  auto add_list = [&](std::string_view s) {
    while (!s.empty()) {
      auto comma = s.find(',');
      std::string_view item = s.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) out.emplace_back(item);
      s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    }
  };
  if (!v) return out;
  if (v->is_string()) {
    add_list(v->get_string());
  } else if (v->is_array()) {
    for (const auto& item : v->get_array())
      if (item.is_string()) add_list(item.get_string());
  } else {
    problems.push_back({join_path(path, "operationOptions"), "must be a string"});
  }
  return out;
}

namespace {

RunAfter parse_run_after(const json::object& o, const std::string& path, Problems& problems) {
  RunAfter out;
  for (const auto& kv : o) {
    std::string at = join_path(path, kv.key());
    auto& statuses = out[std::string(kv.key())];
    if (!kv.value().is_array()) {
      problems.push_back({at, "must be an array of statuses such as [\"Succeeded\"]"});
      continue;
    }
    const auto& a = kv.value().get_array();
    if (a.empty()) problems.push_back({at, "lists no status (use [\"Succeeded\"])"});
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto s = a[i].is_string() ? parse_status(a[i].get_string()) : std::nullopt;
      if (s && is_run_after_status(*s))
        statuses.insert(*s);
      else
        problems.push_back(
            {index_path(at, i),
             "is not a runAfter status (use Succeeded, Failed, Skipped or TimedOut)"});
    }
  }
  return out;
}

void parse_runtime_configuration(Action& a, const json::object& rc, const std::string& path,
                                 Problems& problems) {
  if (auto* sd = object_at(rc, "secureData", path, problems)) {
    const json::value* props = member(*sd, "properties");
    if (props && props->is_array()) {
      for (const auto& p : props->get_array()) {
        if (p.is_string() && iequals(p.get_string(), "inputs")) a.secure_inputs = true;
        if (p.is_string() && iequals(p.get_string(), "outputs")) a.secure_outputs = true;
      }
    } else if (props) {
      problems.push_back({join_path(join_path(path, "secureData"), "properties"),
                          "must be an array such as [\"inputs\", \"outputs\"]"});
    }
  }
  if (auto* c = object_at(rc, "concurrency", path, problems))
    a.repetitions = integer_at(*c, "repetitions", join_path(path, "concurrency"), problems);
}

// Children of `o` at member `key` (an object {"actions": {...}} scope); absent = none.
Actions parse_child_actions(const json::object& o, const std::string& path, Problems& problems) {
  if (auto* acts = object_at(o, "actions", path, problems))
    return parse_actions(*acts, join_path(path, "actions"), problems);
  return {};
}

void parse_switch(Action& a, const json::object& o, Problems& problems) {
  std::string cases_path = join_path(a.path, "cases");
  if (auto* cases = object_at(o, "cases", a.path, problems)) {
    for (const auto& kv : *cases) {
      SwitchCase c;
      c.name = kv.key();
      c.path = join_path(cases_path, kv.key());
      if (!kv.value().is_object()) {
        problems.push_back(
            {c.path, std::string("must be an object, not ") + kind_name(kv.value())});
        continue;
      }
      const auto& co = kv.value().get_object();
      if (auto* v = member(co, "case"))
        c.value = *v;
      else
        problems.push_back({join_path(c.path, "case"), "is required"});
      c.actions = parse_child_actions(co, c.path, problems);
      a.cases.push_back(std::move(c));
    }
  }
  if (auto* def = object_at(o, "default", a.path, problems))
    a.default_actions = parse_child_actions(*def, join_path(a.path, "default"), problems);
}

void parse_children(Action& a, const json::object& o, Problems& problems) {
  switch (a.type) {
    case ActionType::If:
      a.actions = parse_child_actions(o, a.path, problems);
      if (auto* e = object_at(o, "else", a.path, problems))
        a.else_actions = parse_child_actions(*e, join_path(a.path, "else"), problems);
      break;
    case ActionType::Switch:
      parse_switch(a, o, problems);
      break;
    case ActionType::Foreach:
    case ActionType::Until:
    case ActionType::Scope:
      a.actions = parse_child_actions(o, a.path, problems);
      break;
    default:
      break;
  }
}

void parse_limit(Action& a, const json::object& o, Problems& problems) {
  auto* limit = object_at(o, "limit", a.path, problems);
  if (!limit) return;
  std::string at = join_path(a.path, "limit");
  a.timeout = string_at(*limit, "timeout", at, problems);
  a.limit_count = integer_at(*limit, "count", at, problems);
}

void parse_retry_policy_location(Action& a, const json::object& o) {
  // Azure keeps retryPolicy inside inputs (Http, ApiConnection); a top-level one is accepted too.
  if (auto* rp = member(&a.inputs, "retryPolicy")) {
    a.retry_policy = *rp;
    a.retry_policy_path = join_path(join_path(a.path, "inputs"), "retryPolicy");
  } else if (auto* top = member(o, "retryPolicy")) {
    a.retry_policy = *top;
    a.retry_policy_path = join_path(a.path, "retryPolicy");
  }
}

std::optional<Action> parse_action(const std::string& name, const json::value& v,
                                   const std::string& path, Problems& problems) {
  auto typed = detail::typed_object(v, path, problems, &parse_action_type, "action", supported_action_types());
  if (!typed) return std::nullopt;
  const auto& o = *typed->object;
  Action a;
  a.name = name;
  a.path = path;
  a.type = typed->type;
  if (auto* in = member(o, "inputs")) a.inputs = *in;
  if (auto* ra = object_at(o, "runAfter", path, problems))
    a.run_after = parse_run_after(*ra, join_path(path, "runAfter"), problems);
  parse_retry_policy_location(a, o);
  parse_limit(a, o, problems);
  a.operation_options = parse_operation_options(o, path, problems);
  if (auto* rc = object_at(o, "runtimeConfiguration", path, problems))
    parse_runtime_configuration(a, *rc, join_path(path, "runtimeConfiguration"), problems);
  if (auto* e = member(o, "expression")) a.expression = *e;
  a.foreach = string_at(o, "foreach", path, problems);
  parse_children(a, o, problems);
  return a;
}

}  // namespace

Actions parse_actions(const json::object& actions, const std::string& path, Problems& problems) {
  Actions out;
  for (const auto& kv : actions) {
    std::string name(kv.key());
    if (auto a = parse_action(name, kv.value(), join_path(path, name), problems))
      out.push_back(std::move(*a));
  }
  return out;
}

bool Action::has_option(std::string_view option) const {
  for (const auto& o : operation_options)
    if (iequals(o, option)) return true;
  return false;
}

void for_each_action(const Actions& actions, const std::function<void(const Action&)>& visit) {
  for (const auto& a : actions) {
    visit(a);
    for (const Actions* child : child_scopes(a)) for_each_action(*child, visit);
  }
}

const Action* find_action(const Actions& actions, std::string_view name) {
  const Action* found = nullptr;
  for_each_action(actions, [&](const Action& a) {
    if (!found && a.name == name) found = &a;
  });
  return found;
}

std::vector<const Actions*> child_scopes(const Action& a) {
  std::vector<const Actions*> out;
  switch (a.type) {
    case ActionType::If:
      out = {&a.actions, &a.else_actions};
      break;
    case ActionType::Switch:
      for (const auto& c : a.cases) out.push_back(&c.actions);
      out.push_back(&a.default_actions);
      break;
    case ActionType::Foreach:
    case ActionType::Until:
    case ActionType::Scope:
      out = {&a.actions};
      break;
    default:
      break;
  }
  return out;
}

}  // namespace mailflow::workflow
