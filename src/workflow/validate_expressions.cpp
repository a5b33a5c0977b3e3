// Deploy-time parse of every expression-bearing string (see validate.hpp): each string of an
// action's inputs and expression, foreach, a trigger's inputs, splitOn and conditions, and the
// definition's outputs. Literal strings parse too (as literals), so walking everything is safe.
#include <boost/json.hpp>

#include "wdl/template.hpp"
#include "workflow/validate.hpp"

namespace mailflow::workflow {
namespace json = boost::json;

namespace {

void check_string(std::string_view text, const std::string& path, Problems& problems) {
  if (text.find('@') == std::string_view::npos) return;  // cannot hold an expression
  auto parsed = wdl::Template::parse(text);
  if (!parsed.ok())
    problems.push_back({path, "the expression does not parse: " + parsed.error().message});
}

void check_value(const json::value& v, const std::string& path, Problems& problems) {
  switch (v.kind()) {
    case json::kind::string:
      check_string(v.get_string(), path, problems);
      break;
    case json::kind::object:
      for (const auto& kv : v.get_object())
        check_value(kv.value(), join_path(path, kv.key()), problems);
      break;
    case json::kind::array: {
      const auto& a = v.get_array();
      for (std::size_t i = 0; i < a.size(); ++i) check_value(a[i], index_path(path, i), problems);
      break;
    }
    default:
      break;
  }
}

void check_action(const Action& a, Problems& problems) {
  check_value(a.inputs, join_path(a.path, "inputs"), problems);
  check_value(a.expression, join_path(a.path, "expression"), problems);
  if (a.foreach) check_string(*a.foreach, join_path(a.path, "foreach"), problems);
}

void check_trigger(const Trigger& t, Problems& problems) {
  check_value(t.inputs, join_path(t.path, "inputs"), problems);
  if (t.split_on) check_string(*t.split_on, join_path(t.path, "splitOn"), problems);
  for (std::size_t i = 0; i < t.conditions.size(); ++i)
    check_string(t.conditions[i],
                 join_path(index_path(join_path(t.path, "conditions"), i), "expression"), problems);
}

}  // namespace

void validate_expressions(const Definition& d, Problems& problems) {
  for (const auto& t : d.triggers) check_trigger(t, problems);
  for_each_action(d.actions, [&](const Action& a) { check_action(a, problems); });
  check_value(d.outputs, join_path(d.path, "outputs"), problems);
}

}  // namespace mailflow::workflow
