// Collecting and resolving connection references (see connections.hpp).
#include "workflow/connections.hpp"

#include <cctype>

#include "workflow/json_access.hpp"

namespace mailflow::workflow {
namespace json = boost::json;
using detail::member;

namespace {

// A cursor over the text of a $connections expression.
struct Cursor {
  std::string_view s;
  void skip_space() {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  }
  bool eat(std::string_view word) {
    skip_space();
    if (s.size() < word.size() || !iequals(s.substr(0, word.size()), word)) return false;
    s.remove_prefix(word.size());
    return true;
  }
  // ?['name'] or ?.name
  std::optional<std::string> accessor() {
    eat("?");
    if (eat("[")) {
      skip_space();
      if (s.empty() || s.front() != '\'') return std::nullopt;
      auto close = s.find('\'', 1);
      if (close == std::string_view::npos) return std::nullopt;
      std::string name(s.substr(1, close - 1));
      s.remove_prefix(close + 1);
      if (!eat("]")) return std::nullopt;
      return name;
    }
    if (!eat(".")) return std::nullopt;
    std::size_t n = 0;
    while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) || s[n] == '_')) ++n;
    std::string name(s.substr(0, n));
    s.remove_prefix(n);
    return n ? std::optional<std::string>(name) : std::nullopt;
  }
};

void add_host_reference(const json::value& inputs, const std::string& inputs_path,
                        const std::string& owner, std::vector<ConnectionReference>& out,
                        Problems& problems) {
  const json::value* conn = member(member(&inputs, "host"), "connection");
  std::string conn_path = join_path(join_path(inputs_path, "host"), "connection");
  if (!conn || !conn->is_object()) {
    problems.push_back({conn_path,
                        "is required: {\"name\": \"@parameters('$connections')['smtp']"
                        "['connectionId']\"} or {\"referenceName\": \"smtp\"}"});
    return;
  }
  if (auto* ref = member(conn, "referenceName"); ref && ref->is_string()) {
    out.push_back({ConnectionKind::ManagedReference, std::string(ref->get_string()),
                   join_path(conn_path, "referenceName"), owner});
    return;
  }
  const json::value* name = member(conn, "name");
  std::optional<std::string> key;
  if (name && name->is_string()) key = connections_parameter_key(name->get_string());
  if (!key) {
    problems.push_back({join_path(conn_path, name ? "name" : "referenceName"),
                        "must name a connection: \"name\": \"@parameters('$connections')['<key>']"
                        "['connectionId']\" or \"referenceName\": \"<connection>\""});
    return;
  }
  out.push_back({ConnectionKind::ConnectionsParameter, *key, join_path(conn_path, "name"), owner});
}

void add_service_provider(const Action& a, std::vector<ConnectionReference>& out) {
  std::string cfg_path = join_path(join_path(a.path, "inputs"), "serviceProviderConfiguration");
  const json::value* name =
      member(member(&a.inputs, "serviceProviderConfiguration"), "connectionName");
  // A missing connectionName is reported with the other required inputs (validate_inputs.cpp).
  if (name && name->is_string())
    out.push_back({ConnectionKind::ServiceProvider, std::string(name->get_string()),
                   join_path(cfg_path, "connectionName"), a.name});
}

}  // namespace

std::optional<std::string> connections_parameter_key(std::string_view expression) {
  Cursor c{expression};
  c.skip_space();
  bool braced = c.eat("@{");
  if (!braced && !c.eat("@")) return std::nullopt;
  if (!c.eat("parameters") || !c.eat("(") || !c.eat("'$connections'") || !c.eat(")"))
    return std::nullopt;
  auto key = c.accessor();
  auto id = c.accessor();
  if (!key || key->empty() || !id || !iequals(*id, "connectionId")) return std::nullopt;
  if (braced && !c.eat("}")) return std::nullopt;
  c.skip_space();
  return c.s.empty() ? key : std::nullopt;
}

std::vector<ConnectionReference> collect_connections(const Definition& d, Problems& problems) {
  std::vector<ConnectionReference> out;
  for (const auto& t : d.triggers)
    if (t.type == TriggerType::ApiConnection)
      add_host_reference(t.inputs, join_path(t.path, "inputs"), t.name, out, problems);
  for_each_action(d.actions, [&](const Action& a) {
    if (a.type == ActionType::ApiConnection)
      add_host_reference(a.inputs, join_path(a.path, "inputs"), a.name, out, problems);
    else if (a.type == ActionType::ServiceProvider)
      add_service_provider(a, out);
  });
  return out;
}

std::optional<std::string> resolve_connection_name(const WorkflowBody& body,
                                                   const ConnectionReference& ref) {
  if (ref.kind != ConnectionKind::ConnectionsParameter) return ref.name;
  const json::value* value =
      member(member(body.parameters.if_contains("$connections"), "value"), ref.name);
  if (!value) {
    const Parameter* p = body.definition.parameter("$connections");
    if (p && p->default_value) value = member(member(&*p->default_value, "value"), ref.name);
  }
  if (!value || !value->is_object()) return std::nullopt;
  if (auto* n = member(value, "connectionName"); n && n->is_string() && !n->get_string().empty())
    return std::string(n->get_string());
  if (auto* id = member(value, "connectionId"); id && id->is_string()) {
    std::string_view s = id->get_string();
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    auto slash = s.rfind('/');
    std::string_view last = slash == std::string_view::npos ? s : s.substr(slash + 1);
    if (!last.empty()) return std::string(last);
  }
  return std::nullopt;
}

}  // namespace mailflow::workflow
