// WorkflowStore: the persistence of the workflow runtime — deployed workflows with every version,
// runs, each action's record (so that a run interrupted by a crash resumes where it stood), and
// each trigger's state (a recurrence's last firing, a polling trigger's cursor).
// Action keys name an action's place in a run: "Send_mail", or inside loops "Loop/3/Send_mail"
// (the iteration index after each loop's name). Records are JSON text, written by the engine.
// Times are milliseconds since the epoch. Calls block on disk: see store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace mailflow::store {

struct WorkflowRecord {
  std::string name;
  int version = 0;
  bool enabled = true;
  std::string body_json;  // the deploy body of this version (definition, parameters, kind)
  std::int64_t created_ms = 0, updated_ms = 0;
};

struct RunRecord {
  std::string id;  // ULID
  std::string workflow;
  int version = 0;
  std::string trigger_name;
  std::string status = "Running";  // Running, Succeeded, Failed, Cancelled, TimedOut, Aborted
  std::int64_t start_ms = 0, end_ms = 0;
  std::string trigger_json = "{}";    // {"name", "status", "startTime", "outputs": {...}}
  std::string error_json;             // {"code", "message"} or empty
  std::string variables_json = "{}";  // the variables as they stand
  std::string response_json;          // a Response action's answer (Request trigger), or empty
};

struct ActionRow {
  std::string run;
  std::string key;   // "Send_mail", "Loop/3/Send_mail"
  std::string name;  // the action's name
  std::string status;
  std::int64_t start_ms = 0, end_ms = 0;
  std::string record_json;  // {"inputs", "outputs", "error", "retryHistory", ...}
};

struct RunFilter {
  std::string workflow;
  std::optional<std::string> status;
  std::optional<std::string> before;  // a run id (the cursor)
  int limit = 50;
};

class WorkflowStore {
 public:
  virtual ~WorkflowStore() = default;

  // Stores a new version (1 for a new workflow) and makes it current; keeps `enabled`.
  virtual core::Result<WorkflowRecord> put_workflow(const std::string& name, const std::string& body_json,
                                                    std::int64_t now_ms) = 0;
  // The current version, or the given one.
  virtual core::Result<std::optional<WorkflowRecord>> get_workflow(const std::string& name,
                                                                   std::optional<int> version = {}) = 0;
  virtual core::Result<std::vector<WorkflowRecord>> list_workflows() = 0;
  // Deletes the workflow, its versions, runs and trigger state. false: absent.
  virtual core::Result<bool> delete_workflow(const std::string& name) = 0;
  virtual core::Result<bool> set_enabled(const std::string& name, bool enabled, std::int64_t now_ms) = 0;

  virtual core::Status create_run(const RunRecord& r) = 0;
  // Status, end, error, variables and response of an existing run.
  virtual core::Status update_run(const RunRecord& r) = 0;
  // One action's record and, in the same transaction, the run's variables (when given).
  virtual core::Status save_action(const ActionRow& a, const std::optional<std::string>& variables_json) = 0;
  virtual core::Result<std::optional<RunRecord>> get_run(const std::string& id) = 0;
  virtual core::Result<std::vector<RunRecord>> list_runs(const RunFilter& f) = 0;
  virtual core::Result<std::vector<ActionRow>> list_actions(const std::string& run) = 0;
  virtual core::Result<std::vector<RunRecord>> unfinished_runs() = 0;  // status Running

  virtual core::Result<std::optional<std::string>> trigger_state(const std::string& workflow,
                                                                 const std::string& trigger) = 0;
  virtual core::Status put_trigger_state(const std::string& workflow, const std::string& trigger,
                                         const std::string& state_json) = 0;

  // Deletes finished runs that ended before the cut; returns how many.
  virtual core::Result<std::int64_t> purge_runs(std::int64_t ended_before_ms) = 0;
};

}  // namespace mailflow::store
