// Store: the persistence interface of mailflow (connections, API keys, the outbox (outbox_store.hpp),
// workflows and runs (workflow_store.hpp)). Implementations: sqlite/ (embedded default), postgres/ (shared, later).
// Calls are synchronous and may block on disk: callers on an I/O thread go through
// asio/offload.hpp, never call them directly. Implementations are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/outbox_store.hpp"
#include "store/workflow_store.hpp"

namespace mailflow::store {

// A named SMTP connection. `settings` is the connection's JSON without the password (serialized
// text); the password is kept sealed on disk and handed out decrypted only to the sender.
struct ConnectionRecord {
  std::string name;
  std::string settings_json;
  std::optional<std::string> password;  // plaintext in memory; nullopt = none stored
  std::string created_at, updated_at;   // RFC 3339 UTC
};

struct ApiKeyRecord {
  std::string id;                   // ULID
  std::string name;
  std::vector<std::string> scopes;  // "admin", "send", "read"
  std::string prefix;               // the first characters of the key, to recognise it
  std::string created_at;
};

class Store {
 public:
  virtual ~Store() = default;

  // true when created, false when replaced.
  virtual core::Result<bool> put_connection(const ConnectionRecord& c) = 0;
  virtual core::Result<std::optional<ConnectionRecord>> get_connection(const std::string& name) = 0;
  virtual core::Result<std::vector<ConnectionRecord>> list_connections() = 0;
  virtual core::Result<bool> delete_connection(const std::string& name) = 0;  // false: absent

  // key_hash: hex SHA-256 of the full key (the key itself is never stored).
  virtual core::Status create_api_key(const ApiKeyRecord& k, const std::string& key_hash) = 0;
  virtual core::Result<std::optional<ApiKeyRecord>> find_api_key(const std::string& key_hash) = 0;
  virtual core::Result<std::vector<ApiKeyRecord>> list_api_keys() = 0;
  virtual core::Result<bool> delete_api_key(const std::string& id) = 0;
  virtual core::Result<int> count_api_keys() = 0;

  // Readiness: a cheap write-and-rollback that fails when the database is not writable.
  virtual core::Status check_writable() = 0;

  virtual OutboxStore& outbox() = 0;
  virtual WorkflowStore& workflows() = 0;
};

class SecretBox;
// "sqlite:PATH" or a bare path. Creates the file and runs migrations.
core::Result<std::unique_ptr<Store>> open_store(const std::string& url, const SecretBox& secrets);

}  // namespace mailflow::store
