// The SQLite implementation of Store. One connection in serialized mode; SQLite's own mutex makes
// it thread-safe, and the WAL keeps readers off the writer's back.
#include <memory>
#include <mutex>
#include <sstream>

#include "core/clock.hpp"
#include "store/secret_box.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_outbox.hpp"
#include "store/sqlite/sqlite_workflows.hpp"
#include "store/store.hpp"

namespace mailflow::store {
namespace {
using sqlite::Statement;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}
std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, ',');)
    if (!part.empty()) out.push_back(part);
  return out;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<sqlite::Database> db, const SecretBox& secrets)
      : db_(std::move(db)), secrets_(secrets), outbox_(*db_, mu_), workflows_(*db_, mu_) {}

  OutboxStore& outbox() override { return outbox_; }
  WorkflowStore& workflows() override { return workflows_; }

  core::Result<bool> put_connection(const ConnectionRecord& c) override {
    std::lock_guard lock(mu_);
    auto now = core::now_rfc3339();
    std::optional<std::string> sealed;
    if (c.password) sealed = secrets_.seal(*c.password);
    Statement st(db_->handle(),
                 "INSERT INTO connections(name, settings, secret, created_at, updated_at) "
                 "VALUES(?1, ?2, ?3, ?4, ?4) ON CONFLICT(name) DO UPDATE SET "
                 "settings = excluded.settings, secret = excluded.secret, "
                 "updated_at = excluded.updated_at RETURNING created_at = updated_at");
    st.bind(1, c.name).bind(2, c.settings_json).bind_opt(3, sealed).bind(4, now);
    auto r = st.step();
    if (!r) return std::move(r).error();
    return st.integer(0) != 0;
  }

  core::Result<std::optional<ConnectionRecord>> get_connection(const std::string& name) override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), std::string(kSelectConnection) + " WHERE name = ?1");
    st.bind(1, name);
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return std::optional<ConnectionRecord>{};
    auto c = read_connection(st);
    if (!c) return std::move(c).error();
    return std::optional<ConnectionRecord>(std::move(*c));
  }

  core::Result<std::vector<ConnectionRecord>> list_connections() override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), std::string(kSelectConnection) + " ORDER BY name");
    std::vector<ConnectionRecord> out;
    for (;;) {
      auto r = st.step();
      if (!r) return std::move(r).error();
      if (!*r) return out;
      auto c = read_connection(st);
      if (!c) return std::move(c).error();
      out.push_back(std::move(*c));
    }
  }

  core::Result<bool> delete_connection(const std::string& name) override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), "DELETE FROM connections WHERE name = ?1");
    st.bind(1, name);
    if (auto s = st.run(); !s) return std::move(s).error();
    return db_->changes() > 0;
  }

  core::Status create_api_key(const ApiKeyRecord& k, const std::string& key_hash) override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(),
                 "INSERT INTO api_keys(id, name, scopes, key_hash, prefix, created_at) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, k.id).bind(2, k.name).bind(3, join(k.scopes)).bind(4, key_hash);
    st.bind(5, k.prefix).bind(6, k.created_at);
    return st.run();
  }

  core::Result<std::optional<ApiKeyRecord>> find_api_key(const std::string& key_hash) override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), std::string(kSelectKey) + " WHERE key_hash = ?1");
    st.bind(1, key_hash);
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return std::optional<ApiKeyRecord>{};
    return std::optional<ApiKeyRecord>(read_key(st));
  }

  core::Result<std::vector<ApiKeyRecord>> list_api_keys() override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), std::string(kSelectKey) + " ORDER BY id");
    std::vector<ApiKeyRecord> out;
    for (;;) {
      auto r = st.step();
      if (!r) return std::move(r).error();
      if (!*r) return out;
      out.push_back(read_key(st));
    }
  }

  core::Result<bool> delete_api_key(const std::string& id) override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), "DELETE FROM api_keys WHERE id = ?1");
    st.bind(1, id);
    if (auto s = st.run(); !s) return std::move(s).error();
    return db_->changes() > 0;
  }

  core::Result<int> count_api_keys() override {
    std::lock_guard lock(mu_);
    Statement st(db_->handle(), "SELECT count(*) FROM api_keys");
    auto r = st.step();
    if (!r) return std::move(r).error();
    return static_cast<int>(st.integer(0));
  }

  core::Status check_writable() override {
    std::lock_guard lock(mu_);
    if (auto s = db_->exec("BEGIN IMMEDIATE"); !s) return s;
    return db_->exec("ROLLBACK");
  }

 private:
  static constexpr const char* kSelectConnection =
      "SELECT name, settings, secret, created_at, updated_at FROM connections";
  static constexpr const char* kSelectKey =
      "SELECT id, name, scopes, prefix, created_at FROM api_keys";

  core::Result<ConnectionRecord> read_connection(const Statement& st) {
    ConnectionRecord c{st.text(0), st.text(1), std::nullopt, st.text(3), st.text(4)};
    if (auto sealed = st.opt_text(2)) {
      auto plain = secrets_.open_sealed(*sealed);
      if (!plain) return std::move(plain).error();
      c.password = std::move(*plain);
    }
    return c;
  }

  static ApiKeyRecord read_key(const Statement& st) {
    return ApiKeyRecord{st.text(0), st.text(1), split(st.text(2)), st.text(3), st.text(4)};
  }

  std::unique_ptr<sqlite::Database> db_;
  const SecretBox& secrets_;
  std::mutex mu_;  // one connection: a transaction must not take in other threads' statements
  sqlite::SqliteOutbox outbox_;
  sqlite::SqliteWorkflows workflows_;
};
// The first open seals a known value; later opens must be able to open it again.
core::Status check_master_key(sqlite::Database& db, const SecretBox& secrets) {
  Statement get(db.handle(), "SELECT value FROM meta WHERE key = 'key_check'");
  auto row = get.step();
  if (!row) return std::move(row).error();
  if (!*row) {
    Statement put(db.handle(), "INSERT INTO meta(key, value) VALUES('key_check', ?1)");
    put.bind(1, secrets.seal("mailflow"));
    return put.run();
  }
  auto plain = secrets.open_sealed(get.text(0));
  if (!plain || *plain != "mailflow")
    return core::Error(core::Code::Internal,
                       "the master key does not match the one this database was created with: "
                       "restore DATA_DIR/master.key (or MAILFLOW_MASTER_KEY) from your backup; "
                       "stored SMTP passwords cannot be read without it");
  return core::ok();
}
}  // namespace

core::Result<std::unique_ptr<Store>> open_store(const std::string& url, const SecretBox& secrets) {
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (path.rfind("postgres", 0) == 0)
    return core::Error(core::Code::NotImplemented,
                       "PostgreSQL storage is not built yet; use sqlite:PATH");
  auto db = sqlite::Database::open(path);
  if (!db) return std::move(db).error();
  if (auto s = sqlite::migrate(**db); !s) return std::move(s).error();
  if (auto s = check_master_key(**db, secrets); !s) return std::move(s).error();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(*db), secrets));
}

}  // namespace mailflow::store
