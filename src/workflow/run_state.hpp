// workflow::ScopeState — the run-scheduling rules of one scope (the top level of a run, or the
// children of an If branch, a Switch case, one Foreach iteration, one Until pass, a Scope), as a
// deterministic state machine: no threads, no clocks. The executor asks ready(), runs those
// actions (in parallel where it likes), reports each with complete(), and stops when done().
//
// Rules (Microsoft, "Handle errors and exceptions in Azure Logic Apps", "Manage the run after
// behavior" and "Evaluate actions with scopes"; "Schema reference ... runAfter"):
//   - an action runs once every predecessor in its runAfter has finished with one of the listed
//     statuses (all predecessors must be satisfied); runAfter {} runs at once;
//   - as soon as one predecessor finishes with a status not listed, the action can never run and
//     is Skipped; a Skipped action is a finished predecessor like any other, so skips propagate
//     down a chain unless a successor lists "Skipped";
//   - the scope's status when done is decided by its leaves (actions no sibling runs after): a
//     branch that ends in a Skipped action takes the status of that action's predecessors
//     (recursively; the worst of them); Failed if any branch ends Failed, TimedOut or Aborted;
//     else Cancelled if any ends Cancelled; else Succeeded (all skipped or empty → Succeeded);
//     so a failure that a later action handled (ran after it with "Failed") does not fail the run;
//   - terminate(status) (a Terminate action, or a cancel) starts nothing more; the scope's status
//     is the given one once nothing is Running. Actions that never started stay without status.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "workflow/definition.hpp"
#include "workflow/status.hpp"

namespace mailflow::workflow {

struct Step {
  std::string name;
  RunAfter run_after;
};

// The steps of one scope of the model, in definition order.
std::vector<Step> steps_of(const Actions& scope);

class ScopeState {
 public:
  // Predecessors that are not steps of this scope are ignored (validation rejects them).
  explicit ScopeState(std::vector<Step> steps);
  explicit ScopeState(const Actions& scope) : ScopeState(steps_of(scope)) {}

  // The actions that may start now, in definition order; each is returned once and is Running
  // from then on.
  std::vector<std::string> ready();

  // Records how an action finished (a terminal status). Returns the actions that became Skipped
  // because of it (transitively), in definition order. An action not yet started may be completed
  // (resuming a persisted run); completing a finished action again with the same status is a
  // no-op. Errors (Code::Internal, a bug of the caller): unknown action, a non-terminal status,
  // a different status for a finished action.
  core::Result<std::vector<std::string>> complete(std::string_view name, Status status);

  // No action starts after this; status() is `status` once nothing is Running.
  void terminate(Status status);

  bool done() const;
  // Running until done(); then the scope's status by the rules above.
  Status status() const;

  std::optional<Status> status_of(std::string_view name) const;  // nullopt: not started
  std::vector<std::string> running() const;
  std::vector<std::string> not_started() const;
  bool terminated() const { return terminated_.has_value(); }

 private:
  enum class Phase { Pending, Running, Finished };
  struct Entry {
    Step step;
    Phase phase = Phase::Pending;
    Status status = Status::Running;
    std::vector<std::size_t> predecessors;  // indexes, in runAfter order
    bool has_successor = false;
  };
  enum class Verdict { Wait, Run, Skip };
  Verdict verdict(const Entry& e) const;
  std::vector<std::string> propagate_skips();
  Status branch_status(std::size_t i, std::map<std::size_t, Status>& memo) const;
  const Entry* find(std::string_view name) const;

  std::vector<Entry> entries_;
  std::optional<Status> terminated_;
};

// A Foreach's status from its iterations' scope statuses (and an Until's from its passes'):
// Failed if any ended Failed, TimedOut or Aborted; else Cancelled if any was; else Succeeded.
Status iterations_status(const std::vector<Status>& iterations);

}  // namespace mailflow::workflow
