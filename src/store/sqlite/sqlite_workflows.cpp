// The SQLite implementation of WorkflowStore; shares the store's connection and mutex.
#include "store/sqlite/sqlite_workflows.hpp"

#include <functional>

namespace mailflow::store::sqlite {
namespace {
constexpr const char* kSelectWorkflow =
    "SELECT w.name, v.version, w.enabled, v.body, w.created_ms, w.updated_ms "
    "FROM workflows w JOIN workflow_versions v ON v.workflow = w.name";
constexpr const char* kSelectRun =
    "SELECT id, workflow, version, trigger_name, status, start_ms, end_ms, trigger, error, "
    "variables, response FROM runs";

WorkflowRecord read_workflow(const Statement& st) {
  return {st.text(0), static_cast<int>(st.integer(1)), st.integer(2) != 0, st.text(3), st.integer(4),
          st.integer(5)};
}

RunRecord read_run(const Statement& st) {
  RunRecord r;
  r.id = st.text(0);
  r.workflow = st.text(1);
  r.version = static_cast<int>(st.integer(2));
  r.trigger_name = st.text(3);
  r.status = st.text(4);
  r.start_ms = st.integer(5);
  r.end_ms = st.integer(6);
  r.trigger_json = st.text(7);
  r.error_json = st.text(8);
  r.variables_json = st.text(9);
  r.response_json = st.text(10);
  return r;
}

// BEGIN IMMEDIATE … COMMIT around fn; ROLLBACK when anything fails.
template <class Fn>
auto in_transaction(Database& db, Fn fn) -> decltype(fn()) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return std::move(s).error();
  auto r = fn();
  if (r) {
    if (auto c = db.exec("COMMIT"); !c) r = std::move(c).error();
  }
  if (!r) (void)db.exec("ROLLBACK");
  return r;
}
}  // namespace

core::Result<WorkflowRecord> SqliteWorkflows::put_workflow(const std::string& name, const std::string& body_json,
                                                           std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return in_transaction(db_, [&]() -> core::Result<WorkflowRecord> {
    Statement up(db_.handle(),
                 "INSERT INTO workflows(name, version, enabled, created_ms, updated_ms) "
                 "VALUES(?1, 1, 1, ?2, ?2) ON CONFLICT(name) DO UPDATE SET "
                 "version = version + 1, updated_ms = excluded.updated_ms "
                 "RETURNING version, enabled, created_ms");
    up.bind(1, name).bind(2, now_ms);
    auto row = up.step();
    if (!row) return std::move(row).error();
    WorkflowRecord w{name, static_cast<int>(up.integer(0)), up.integer(1) != 0, body_json, up.integer(2), now_ms};
    Statement v(db_.handle(),
                "INSERT INTO workflow_versions(workflow, version, body, created_ms) VALUES(?1, ?2, ?3, ?4)");
    v.bind(1, name).bind(2, std::int64_t{w.version}).bind(3, body_json).bind(4, now_ms);
    if (auto s = v.run(); !s) return std::move(s).error();
    return w;
  });
}

core::Result<std::optional<WorkflowRecord>> SqliteWorkflows::get_workflow(const std::string& name,
                                                                          std::optional<int> version) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), std::string(kSelectWorkflow) +
                                 " WHERE w.name = ?1 AND v.version = coalesce(?2, w.version)");
  st.bind(1, name);
  if (version) st.bind(2, std::int64_t{*version});
  else st.bind_null(2);
  auto r = st.step();
  if (!r) return std::move(r).error();
  if (!*r) return std::optional<WorkflowRecord>{};
  return std::optional<WorkflowRecord>(read_workflow(st));
}

core::Result<std::vector<WorkflowRecord>> SqliteWorkflows::list_workflows() {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), std::string(kSelectWorkflow) + " WHERE v.version = w.version ORDER BY w.name");
  std::vector<WorkflowRecord> out;
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return out;
    out.push_back(read_workflow(st));
  }
}

core::Result<bool> SqliteWorkflows::delete_workflow(const std::string& name) {
  std::lock_guard lock(mu_);
  return in_transaction(db_, [&]() -> core::Result<bool> {
    for (const char* sql : {"DELETE FROM runs WHERE workflow = ?1", "DELETE FROM workflow_versions WHERE workflow = ?1",
                            "DELETE FROM trigger_state WHERE workflow = ?1"}) {
      Statement st(db_.handle(), sql);
      st.bind(1, name);
      if (auto s = st.run(); !s) return std::move(s).error();
    }
    Statement st(db_.handle(), "DELETE FROM workflows WHERE name = ?1");
    st.bind(1, name);
    if (auto s = st.run(); !s) return std::move(s).error();
    return db_.changes() > 0;
  });
}

core::Result<bool> SqliteWorkflows::set_enabled(const std::string& name, bool enabled, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), "UPDATE workflows SET enabled = ?2, updated_ms = ?3 WHERE name = ?1");
  st.bind(1, name).bind(2, std::int64_t{enabled}).bind(3, now_ms);
  if (auto s = st.run(); !s) return std::move(s).error();
  return db_.changes() > 0;
}

core::Status SqliteWorkflows::create_run(const RunRecord& r) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(),
               "INSERT INTO runs(id, workflow, version, trigger_name, status, start_ms, end_ms, trigger, "
               "error, variables, response) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  st.bind(1, r.id).bind(2, r.workflow).bind(3, std::int64_t{r.version}).bind(4, r.trigger_name);
  st.bind(5, r.status).bind(6, r.start_ms).bind(7, r.end_ms).bind(8, r.trigger_json);
  st.bind(9, r.error_json).bind(10, r.variables_json).bind(11, r.response_json);
  return st.run();
}

core::Status SqliteWorkflows::update_run(const RunRecord& r) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(),
               "UPDATE runs SET status = ?2, end_ms = ?3, error = ?4, variables = ?5, response = ?6 "
               "WHERE id = ?1");
  st.bind(1, r.id).bind(2, r.status).bind(3, r.end_ms).bind(4, r.error_json);
  st.bind(5, r.variables_json).bind(6, r.response_json);
  return st.run();
}

core::Status SqliteWorkflows::save_action(const ActionRow& a, const std::optional<std::string>& variables_json) {
  std::lock_guard lock(mu_);
  return in_transaction(db_, [&]() -> core::Status {
    Statement st(db_.handle(),
                 "INSERT INTO run_actions(run, key, name, status, start_ms, end_ms, record) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(run, key) DO UPDATE SET "
                 "status = excluded.status, start_ms = excluded.start_ms, end_ms = excluded.end_ms, "
                 "record = excluded.record");
    st.bind(1, a.run).bind(2, a.key).bind(3, a.name).bind(4, a.status);
    st.bind(5, a.start_ms).bind(6, a.end_ms).bind(7, a.record_json);
    if (auto s = st.run(); !s) return s;
    if (!variables_json) return core::ok();
    Statement v(db_.handle(), "UPDATE runs SET variables = ?2 WHERE id = ?1");
    v.bind(1, a.run).bind(2, *variables_json);
    return v.run();
  });
}

core::Result<std::optional<RunRecord>> SqliteWorkflows::get_run(const std::string& id) {
  auto rows = runs_where("id = ?1", [&](Statement& st) { st.bind(1, id); });
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<RunRecord>{};
  return std::optional<RunRecord>(std::move(rows->front()));
}

core::Result<std::vector<RunRecord>> SqliteWorkflows::list_runs(const RunFilter& f) {
  return runs_where("workflow = ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR id < ?3) "
                    "ORDER BY id DESC LIMIT ?4",
                    [&](Statement& st) {
                      st.bind(1, f.workflow).bind_opt(2, f.status).bind_opt(3, f.before);
                      st.bind(4, std::int64_t{f.limit});
                    });
}

core::Result<std::vector<RunRecord>> SqliteWorkflows::unfinished_runs() {
  return runs_where("status = 'Running' ORDER BY id", [](Statement&) {});
}

core::Result<std::vector<RunRecord>> SqliteWorkflows::runs_where(const std::string& where,
                                                                 const std::function<void(Statement&)>& bind) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), std::string(kSelectRun) + " WHERE " + where);
  bind(st);
  std::vector<RunRecord> out;
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return out;
    out.push_back(read_run(st));
  }
}

core::Result<std::vector<ActionRow>> SqliteWorkflows::list_actions(const std::string& run) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(),
               "SELECT run, key, name, status, start_ms, end_ms, record FROM run_actions WHERE run = ?1 "
               "ORDER BY start_ms, key");
  st.bind(1, run);
  std::vector<ActionRow> out;
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return out;
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4), st.integer(5), st.text(6)});
  }
}

core::Result<std::optional<std::string>> SqliteWorkflows::trigger_state(const std::string& workflow,
                                                                        const std::string& trigger) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), "SELECT state FROM trigger_state WHERE workflow = ?1 AND trigger = ?2");
  st.bind(1, workflow).bind(2, trigger);
  auto r = st.step();
  if (!r) return std::move(r).error();
  if (!*r) return std::optional<std::string>{};
  return std::optional<std::string>(st.text(0));
}

core::Status SqliteWorkflows::put_trigger_state(const std::string& workflow, const std::string& trigger,
                                                const std::string& state_json) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(),
               "INSERT INTO trigger_state(workflow, trigger, state) VALUES(?1, ?2, ?3) "
               "ON CONFLICT(workflow, trigger) DO UPDATE SET state = excluded.state");
  st.bind(1, workflow).bind(2, trigger).bind(3, state_json);
  return st.run();
}

core::Result<std::int64_t> SqliteWorkflows::purge_runs(std::int64_t ended_before_ms) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), "DELETE FROM runs WHERE status <> 'Running' AND end_ms < ?1");
  st.bind(1, ended_before_ms);
  if (auto s = st.run(); !s) return std::move(s).error();
  return db_.changes();
}

}  // namespace mailflow::store::sqlite
