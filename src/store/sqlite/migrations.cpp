#include "store/sqlite/migrations.hpp"

#include <string>

namespace mailflow::store::sqlite {
namespace {
// Index i holds the SQL that takes the schema from version i to i + 1.
constexpr const char* kMigrations[] = {
    // 1: connections and API keys.
    R"sql(
CREATE TABLE connections (
  name        TEXT PRIMARY KEY,
  settings    TEXT NOT NULL,          -- JSON without secrets
  secret      TEXT,                   -- sealed password (SecretBox), NULL = none
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  scopes       TEXT NOT NULL,          -- comma-separated
  key_hash     TEXT NOT NULL UNIQUE,   -- hex SHA-256 of the key
  prefix       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT                    -- reserved: not tracked yet (a write per request)
);
)sql",
    // 2: facts about the database itself; 'key_check' is a value sealed with the master key,
    // so a different or lost key is noticed at start, not at the first send.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
};
}  // namespace

int schema_version(Database& db) {
  Statement st(db.handle(), "PRAGMA user_version");
  auto r = st.step();
  return (r && *r) ? static_cast<int>(st.integer(0)) : -1;
}

core::Status migrate(Database& db) {
  const int target = static_cast<int>(std::size(kMigrations));
  for (int v = schema_version(db); v < target; ++v) {
    if (v < 0) return core::Error(core::Code::Internal, "cannot read the schema version");
    std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[v] +
                      "PRAGMA user_version=" + std::to_string(v + 1) + ";COMMIT;";
    if (auto s = db.exec(sql); !s) {
      (void)db.exec("ROLLBACK");
      return core::Error(s.error().code,
                         "migration to schema " + std::to_string(v + 1) + " failed: " + s.error().message);
    }
  }
  if (schema_version(db) > target)
    return core::Error(core::Code::Internal,
                       "the database was written by a newer mailflow (schema " +
                           std::to_string(schema_version(db)) + ", this build knows " +
                           std::to_string(target) + ")");
  return core::ok();
}

}  // namespace mailflow::store::sqlite
