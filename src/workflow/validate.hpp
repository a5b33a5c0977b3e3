// Deploy-time validation of a workflow: everything that can be checked before a run, each problem
// naming the JSON path of the offending value. Checks:
//   - the body's shape and every trigger/action type (parse_workflow_body, definition.hpp);
//   - action names unique across the whole definition (Logic Apps requires it);
//   - runAfter: names a sibling in the same scope, lists valid statuses, forms no cycle;
//   - every string in inputs, expression, foreach, splitOn, conditions and outputs parses as an
//     expression (wdl::Template::parse; the message carries the expression's error position);
//   - the fields each type requires (validate_inputs.cpp), limit.timeout, Until limits,
//   concurrency;
//   - retryPolicy (type none|fixed|exponential, count 1–90, ISO 8601 intervals);
//   - connection references are well-formed and, for Consumption, present in $connections.
// Whether each referenced connection exists is the caller's check (`connections`, with paths).
//
// Errors: a list of Problem {path, message}; to_error() (problem.hpp) makes the one 400 core::Error
// (Code::InvalidRequest, `field` = the first path, the message listing all).
#pragma once

#include <boost/json/value.hpp>
#include <vector>

#include "workflow/connections.hpp"
#include "workflow/definition.hpp"
#include "workflow/problem.hpp"

namespace mailflow::workflow {

struct CheckedWorkflow {
  WorkflowBody body;
  Problems problems;  // empty = deployable (once the caller finds every connection)
  std::vector<ConnectionReference> connections;
  bool ok() const { return problems.empty(); }
};

// Parses and validates a deploy request's body (Consumption, Standard or ARM-exported).
CheckedWorkflow check_workflow(const boost::json::value& body);

// The semantic checks on an already parsed definition; appends to `problems`.
void validate_definition(const Definition& definition, Problems& problems);

// Internal pieces, exposed for the tests and the engine:
// One scope's runAfter (not recursive); `root` is the whole tree, to say where a non-sibling is.
void validate_run_after(const Actions& scope, const Actions& root, Problems& problems);
void validate_expressions(const Definition& definition, Problems& problems);
void validate_inputs(const Action& action, Problems& problems);  // required fields per type
void validate_trigger(const Trigger& trigger, Problems& problems);

}  // namespace mailflow::workflow
