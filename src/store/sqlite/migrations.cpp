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
    // 3: the outbox. Times are integer milliseconds since the epoch, so due-ness is an index scan.
    R"sql(
CREATE TABLE messages (
  id              TEXT PRIMARY KEY,   -- ULID
  connection      TEXT NOT NULL,
  message_id      TEXT NOT NULL,      -- the Message-ID header
  status          TEXT NOT NULL,      -- queued sending retrying sent failed expired cancelled
  created_ms      INTEGER NOT NULL,
  updated_ms      INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  expires_ms      INTEGER NOT NULL,
  synchronous     INTEGER NOT NULL,
  lease_owner     TEXT,
  lease_until_ms  INTEGER,
  mail_from       TEXT NOT NULL,
  flags           INTEGER NOT NULL,   -- 1 SMTPUTF8, 2 8BITMIME, 4 DSN
  data            BLOB NOT NULL
);
CREATE INDEX messages_due ON messages(status, next_attempt_ms);
CREATE INDEX messages_connection ON messages(connection, id);
CREATE INDEX messages_status_id ON messages(status, id);
CREATE TABLE recipients (
  message  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  idx      INTEGER NOT NULL,
  address  TEXT NOT NULL,
  status   TEXT NOT NULL,             -- pending sent deferred failed expired
  reply    INTEGER NOT NULL,
  enhanced TEXT NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (message, idx)
) WITHOUT ROWID;
CREATE TABLE attempts (
  message     TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  at_ms       INTEGER NOT NULL,
  result      TEXT NOT NULL,
  stage       TEXT NOT NULL,
  reply       INTEGER NOT NULL,
  enhanced    TEXT NOT NULL,
  text        TEXT NOT NULL,
  error       TEXT NOT NULL,
  code        TEXT NOT NULL,          -- the error code of a failed attempt ("SmtpRejected"), else ''
  duration_ms INTEGER NOT NULL
);
CREATE INDEX attempts_message ON attempts(message, at_ms);
CREATE TABLE idempotency_keys (
  scope      TEXT NOT NULL,
  key        TEXT NOT NULL,
  body_hash  TEXT NOT NULL,
  status     INTEGER NOT NULL,        -- 0 while the first request is in progress
  response   TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
)sql",
    // 4: the workflow runtime: workflows and their versions, runs, action records, trigger state.
    R"sql(
CREATE TABLE workflows (
  name       TEXT PRIMARY KEY,
  version    INTEGER NOT NULL,        -- the current version
  enabled    INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE workflow_versions (
  workflow   TEXT NOT NULL,
  version    INTEGER NOT NULL,
  body       TEXT NOT NULL,           -- the deploy body (JSON)
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (workflow, version)
) WITHOUT ROWID;
CREATE TABLE runs (
  id           TEXT PRIMARY KEY,      -- ULID
  workflow     TEXT NOT NULL,
  version      INTEGER NOT NULL,
  trigger_name TEXT NOT NULL,
  status       TEXT NOT NULL,
  start_ms     INTEGER NOT NULL,
  end_ms       INTEGER NOT NULL,
  trigger      TEXT NOT NULL,
  error        TEXT NOT NULL,
  variables    TEXT NOT NULL,
  response     TEXT NOT NULL
);
CREATE INDEX runs_workflow ON runs(workflow, id);
CREATE INDEX runs_status ON runs(status);
CREATE TABLE run_actions (
  run      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key      TEXT NOT NULL,
  name     TEXT NOT NULL,
  status   TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms   INTEGER NOT NULL,
  record   TEXT NOT NULL,
  PRIMARY KEY (run, key)
) WITHOUT ROWID;
CREATE TABLE trigger_state (
  workflow TEXT NOT NULL,
  trigger  TEXT NOT NULL,
  state    TEXT NOT NULL,
  PRIMARY KEY (workflow, trigger)
) WITHOUT ROWID;
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
