// SqliteWorkflows: WorkflowStore over the store's SQLite connection (see sqlite_workflows.cpp).
#pragma once

#include <functional>
#include <mutex>

#include "store/sqlite/database.hpp"
#include "store/workflow_store.hpp"

namespace mailflow::store::sqlite {

class SqliteWorkflows final : public WorkflowStore {
 public:
  // `mu` serializes every use of `db` (the store's own calls take it too).
  SqliteWorkflows(Database& db, std::mutex& mu) : db_(db), mu_(mu) {}

  core::Result<WorkflowRecord> put_workflow(const std::string& name, const std::string& body_json,
                                            std::int64_t now_ms) override;
  core::Result<std::optional<WorkflowRecord>> get_workflow(const std::string& name,
                                                           std::optional<int> version) override;
  core::Result<std::vector<WorkflowRecord>> list_workflows() override;
  core::Result<bool> delete_workflow(const std::string& name) override;
  core::Result<bool> set_enabled(const std::string& name, bool enabled, std::int64_t now_ms) override;
  core::Status create_run(const RunRecord& r) override;
  core::Status update_run(const RunRecord& r) override;
  core::Status save_action(const ActionRow& a, const std::optional<std::string>& variables_json) override;
  core::Result<std::optional<RunRecord>> get_run(const std::string& id) override;
  core::Result<std::vector<RunRecord>> list_runs(const RunFilter& f) override;
  core::Result<std::vector<ActionRow>> list_actions(const std::string& run) override;
  core::Result<std::vector<RunRecord>> unfinished_runs() override;
  core::Result<std::optional<std::string>> trigger_state(const std::string& workflow,
                                                         const std::string& trigger) override;
  core::Status put_trigger_state(const std::string& workflow, const std::string& trigger,
                                 const std::string& state_json) override;
  core::Result<std::int64_t> purge_runs(std::int64_t ended_before_ms) override;

 private:
  core::Result<std::vector<RunRecord>> runs_where(const std::string& where,
                                                  const std::function<void(Statement&)>& bind);
  Database& db_;
  std::mutex& mu_;
};

}  // namespace mailflow::store::sqlite
