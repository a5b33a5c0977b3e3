#include "store/sqlite/database.hpp"

#include <memory>

namespace mailflow::store::sqlite {

core::Error to_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string("database error during ") + std::string(what) + ": " +
                    (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  bool unavailable = primary == SQLITE_FULL || primary == SQLITE_BUSY ||
                     primary == SQLITE_READONLY || primary == SQLITE_IOERR ||
                     primary == SQLITE_CANTOPEN || primary == SQLITE_LOCKED;
  return core::Error(unavailable ? core::Code::Unavailable : core::Code::Internal, std::move(msg));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc_ != SQLITE_OK) stmt_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

core::Result<bool> Statement::step() {
  if (!stmt_) return prepare_error();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return to_error(db_, rc, "step");
}

core::Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return std::move(r).error();
    if (!*r) return core::ok();
  }
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col))
           : std::string();
}
std::optional<std::string> Statement::opt_text(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return text(col);
}
std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

core::Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    auto e = to_error(db, rc, "open of " + path);
    sqlite3_close(db);
    return e;
  }
  auto d = std::make_unique<Database>(db);
  // WAL + synchronous=FULL: a committed transaction is on disk when COMMIT returns (the outbox's
  // 202 promise rests on this). busy_timeout covers other processes sharing the file.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"}) {
    if (auto s = d->exec(pragma); !s) return std::move(s).error();
  }
  return d;
}

Database::~Database() { sqlite3_close_v2(db_); }

core::Status Database::exec(std::string_view sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return core::Error(to_error(db_, rc, "exec").code, "database error: " + msg);
  }
  return core::ok();
}

}  // namespace mailflow::store::sqlite
