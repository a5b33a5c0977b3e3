// Versioned schema migrations for the SQLite store. Each migration runs once, in order, inside a
// transaction together with the bump of PRAGMA user_version; never edit a released one, add one.
#pragma once

#include "core/error.hpp"
#include "store/sqlite/database.hpp"

namespace mailflow::store::sqlite {
core::Status migrate(Database& db);
int schema_version(Database& db);
}  // namespace mailflow::store::sqlite
