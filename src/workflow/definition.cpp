// Parsing a deploy body and a definition's parameters and triggers (actions: action_parse.cpp).
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
std::vector<std::string> parse_operation_options(const json::object& o, const std::string& path,
                                                 Problems& problems);

namespace {

constexpr std::string_view kParameterTypes[] = {"Array",  "Bool",         "Float",        "Int",
                                                "Object", "SecureObject", "SecureString", "String"};

Parameter parse_parameter(const std::string& name, const json::value& v, const std::string& path,
                          Problems& problems) {
  Parameter p;
  p.name = name;
  if (!v.is_object()) {
    problems.push_back({path, std::string("must be an object, not ") + kind_name(v)});
    return p;
  }
  const auto& o = v.get_object();
  p.type = string_at(o, "type", path, problems, true).value_or("");
  bool known = false;
  for (auto t : kParameterTypes) known = known || iequals(t, p.type);
  if (!p.type.empty() && !known)
    problems.push_back({join_path(path, "type"),
                        "unknown parameter type '" + p.type +
                            "' (supported: Array, Bool, Float, Int, Object, SecureObject, "
                            "SecureString, String)"});
  p.secure = iequals(p.type, "SecureString") || iequals(p.type, "SecureObject");
  if (auto* d = member(o, "defaultValue")) p.default_value = *d;
  return p;
}

std::vector<std::string> parse_conditions(const json::value& v, const std::string& path,
                                          Problems& problems) {
  std::vector<std::string> out;
  if (!v.is_array()) {
    problems.push_back({path, std::string("must be an array, not ") + kind_name(v)});
    return out;
  }
  const auto& a = v.get_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string at = index_path(path, i);
    if (!a[i].is_object()) {
      problems.push_back({at, "must be an object {\"expression\": \"@...\"}"});
      continue;
    }
    if (auto e = string_at(a[i].get_object(), "expression", at, problems, true)) out.push_back(*e);
  }
  return out;
}

void parse_trigger_options(Trigger& t, const json::object& o, Problems& problems) {
  if (auto* c = member(o, "conditions"))
    t.conditions = parse_conditions(*c, join_path(t.path, "conditions"), problems);
  t.split_on = string_at(o, "splitOn", t.path, problems);
  t.operation_options = parse_operation_options(o, t.path, problems);
  std::string rc = join_path(t.path, "runtimeConfiguration");
  if (auto* r = object_at(o, "runtimeConfiguration", t.path, problems))
    if (auto* c = object_at(*r, "concurrency", rc, problems))
      t.concurrency_runs = integer_at(*c, "runs", join_path(rc, "concurrency"), problems);
}

std::optional<Trigger> parse_trigger(const std::string& name, const json::value& v,
                                     const std::string& path, Problems& problems) {
  auto typed = detail::typed_object(v, path, problems, &parse_trigger_type, "trigger", supported_trigger_types());
  if (!typed) return std::nullopt;
  const auto& o = *typed->object;
  Trigger t;
  t.name = name;
  t.path = path;
  t.type = typed->type;
  t.kind = string_at(o, "kind", path, problems).value_or("");
  if (auto* in = member(o, "inputs")) t.inputs = *in;
  if (auto* r = member(o, "recurrence")) t.recurrence = *r;
  parse_trigger_options(t, o, problems);
  return t;
}

template <class Item, class Parse>
std::vector<Item> parse_named(const json::object& o, const std::string& path, Problems& problems,
                              Parse parse_one) {
  std::vector<Item> out;
  for (const auto& kv : o) {
    std::string name(kv.key());
    if (auto item = parse_one(name, kv.value(), join_path(path, name), problems))
      out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

Definition parse_definition(const json::value& v, const std::string& path, Problems& problems) {
  Definition d;
  d.path = path;
  if (!v.is_object()) {
    problems.push_back({path, std::string("must be an object, not ") + kind_name(v)});
    return d;
  }
  const auto& o = v.get_object();
  d.content_version = string_at(o, "contentVersion", path, problems).value_or("");
  if (auto* p = object_at(o, "parameters", path, problems))
    d.parameters = parse_named<Parameter>(
        *p, join_path(path, "parameters"), problems,
        [](const std::string& n, const json::value& pv, const std::string& at, Problems& pr) {
          return std::optional<Parameter>(parse_parameter(n, pv, at, pr));
        });
  if (auto* t = object_at(o, "triggers", path, problems))
    d.triggers = parse_named<Trigger>(*t, join_path(path, "triggers"), problems, parse_trigger);
  if (auto* a = object_at(o, "actions", path, problems))
    d.actions = parse_actions(*a, join_path(path, "actions"), problems);
  if (auto* out = member(o, "outputs")) d.outputs = *out;
  return d;
}

WorkflowBody parse_workflow_body(const json::value& body, Problems& problems) {
  WorkflowBody w;
  if (!body.is_object()) {
    problems.push_back({"", std::string("the body must be a JSON object, not ") + kind_name(body)});
    return w;
  }
  const json::object* o = &body.get_object();
  std::string prefix;
  // An exported ARM resource ({"properties": {"definition": ...}}) deploys as it is.
  if (!member(*o, "definition")) {
    if (auto* props = member(*o, "properties"); props && member(props, "definition")) {
      o = &props->get_object();
      prefix = "properties";
    }
  }
  if (auto kind = string_at(*o, "kind", prefix, problems)) {
    w.flavor = Flavor::Standard;
    w.kind = *kind;
    if (!iequals(*kind, "Stateful") && !iequals(*kind, "Stateless"))
      problems.push_back({join_path(prefix, "kind"), "must be Stateful or Stateless"});
  }
  if (auto* p = object_at(*o, "parameters", prefix, problems)) w.parameters = *p;
  const json::value* def = member(*o, "definition");
  if (!def) {
    problems.push_back({join_path(prefix, "definition"), "is required"});
    return w;
  }
  w.definition = parse_definition(*def, join_path(prefix, "definition"), problems);
  return w;
}

const Parameter* Definition::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (p.name == name) return &p;
  return nullptr;
}

const Trigger* Definition::trigger(std::string_view name) const {
  for (const auto& t : triggers)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace mailflow::workflow
