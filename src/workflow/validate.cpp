// Deploy-time validation: orchestration, unique names, runAfter targets and cycles (see
// validate.hpp). Expressions: validate_expressions.cpp; per-type fields: validate_inputs.cpp.
#include "workflow/validate.hpp"

#include <map>

namespace mailflow::workflow {
namespace {

void check_unique_names(const Definition& d, Problems& problems) {
  std::map<std::string, std::string> seen;  // name → path of its first definition
  for_each_action(d.actions, [&](const Action& a) {
    auto [it, inserted] = seen.emplace(a.name, a.path);
    if (!inserted)
      problems.push_back({a.path, "the action name '" + a.name + "' is already used at " +
                                      it->second + " (names must be unique in a workflow)"});
  });
}

// Depth-first search over one scope's runAfter edges; reports each cycle once.
class CycleFinder {
 public:
  CycleFinder(const Actions& scope, Problems& problems) : problems_(problems) {
    for (const auto& a : scope) index_.emplace(a.name, &a);
  }
  void run() {
    for (const auto& [name, action] : index_) visit(action);
  }

 private:
  enum class Mark { Unvisited, Active, Done };
  void visit(const Action* a) {
    Mark& mark = marks_[a->name];
    if (mark == Mark::Done) return;
    if (mark == Mark::Active) {
      report(a);
      return;
    }
    mark = Mark::Active;
    stack_.push_back(a);
    for (const auto& [pred, statuses] : a->run_after)
      if (auto it = index_.find(pred); it != index_.end()) visit(it->second);
    stack_.pop_back();
    marks_[a->name] = Mark::Done;
  }
  void report(const Action* start) {
    std::string cycle;
    bool on = false;
    for (const Action* s : stack_) {
      on = on || s == start;
      if (on) cycle += s->name + " → ";
    }
    problems_.push_back(
        {join_path(start->path, "runAfter"), "runAfter forms a cycle: " + cycle + start->name});
  }

  Problems& problems_;
  std::map<std::string, const Action*> index_;
  std::map<std::string, Mark> marks_;
  std::vector<const Action*> stack_;
};

void validate_scopes(const Actions& scope, const Actions& root, Problems& problems) {
  validate_run_after(scope, root, problems);
  for (const auto& a : scope) {
    validate_inputs(a, problems);
    for (const Actions* child : child_scopes(a)) validate_scopes(*child, root, problems);
  }
}

}  // namespace

void validate_run_after(const Actions& scope, const Actions& root, Problems& problems) {
  for (const auto& a : scope) {
    for (const auto& [pred, statuses] : a.run_after) {
      bool sibling = false;
      for (const auto& s : scope) sibling = sibling || s.name == pred;
      if (sibling) continue;
      std::string at = join_path(join_path(a.path, "runAfter"), pred);
      if (const Action* elsewhere = find_action(root, pred))
        problems.push_back({at, "runAfter may only name actions of the same scope; '" + pred +
                                    "' is at " + elsewhere->path});
      else
        problems.push_back({at, "no action named '" + pred + "' in the same scope"});
    }
  }
  CycleFinder(scope, problems).run();
}

void validate_definition(const Definition& d, Problems& problems) {
  check_unique_names(d, problems);
  for (const auto& t : d.triggers) validate_trigger(t, problems);
  validate_scopes(d.actions, d.actions, problems);
  validate_expressions(d, problems);
}

CheckedWorkflow check_workflow(const boost::json::value& body) {
  CheckedWorkflow out;
  out.body = parse_workflow_body(body, out.problems);
  validate_definition(out.body.definition, out.problems);
  out.connections = collect_connections(out.body.definition, out.problems);
  if (out.body.flavor == Flavor::Consumption)
    for (const auto& c : out.connections)
      if (c.kind == ConnectionKind::ConnectionsParameter && !resolve_connection_name(out.body, c))
        out.problems.push_back({c.path, "the $connections parameter has no entry '" + c.name +
                                            "' (parameters.$connections.value." + c.name + ")"});
  return out;
}

}  // namespace mailflow::workflow
