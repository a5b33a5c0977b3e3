// Thin RAII wrappers over the SQLite C API: a Database handle and a prepared Statement with
// typed binds and column reads. Errors become core::Error (Code::Internal, or Unavailable when
// the disk is full or the database is busy/read-only), always carrying SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::store::sqlite {

core::Error to_error(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool prepared() const { return stmt_ != nullptr; }
  core::Error prepare_error() const { return to_error(db_, rc_, "prepare"); }

  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, std::int64_t v);
  Statement& bind_null(int i);
  Statement& bind_opt(int i, const std::optional<std::string>& v) {
    return v ? bind(i, std::string_view(*v)) : bind_null(i);
  }

  // step(): true = a row is ready, false = done; errors as Result.
  core::Result<bool> step();
  core::Status run();  // step to completion

  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::int64_t integer(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

class Database {
 public:
  static core::Result<std::unique_ptr<Database>> open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  explicit Database(sqlite3* db) : db_(db) {}  // takes ownership
  sqlite3* handle() const { return db_; }
  core::Status exec(std::string_view sql);  // statements without results (DDL, pragmas)
  std::int64_t changes() const { return sqlite3_changes64(db_); }

 private:
  sqlite3* db_;
};

}  // namespace mailflow::store::sqlite
