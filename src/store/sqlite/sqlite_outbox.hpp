// SqliteOutbox: OutboxStore over the store's SQLite connection (see sqlite_outbox.cpp).
#pragma once

#include <mutex>

#include "store/outbox_store.hpp"
#include "store/sqlite/database.hpp"

namespace mailflow::store::sqlite {

class SqliteOutbox final : public OutboxStore {
 public:
  // `mu` serializes every use of `db` (the store's own calls take it too).
  SqliteOutbox(Database& db, std::mutex& mu) : db_(db), mu_(mu) {}

  core::Result<std::vector<core::Status>> apply(std::vector<OutboxWrite>& writes) override;
  core::Result<std::vector<MessageRecord>> claim(const std::string& owner, std::int64_t now_ms,
                                                 std::int64_t lease_ms, int fresh,
                                                 int retries) override;
  core::Result<int> reclaim(const std::string& owner, std::int64_t now_ms) override;
  core::Result<std::optional<MessageRecord>> get_message(const std::string& id) override;
  core::Result<std::vector<MessageRecord>> list_messages(const MessageFilter& f) override;
  core::Result<std::string> retry_message(const std::string& id, std::int64_t now_ms,
                                          std::int64_t expires_ms) override;
  core::Result<std::string> cancel_message(const std::string& id, std::int64_t now_ms) override;
  core::Result<std::optional<IdempotencyRecord>> find_idempotency(const std::string& scope,
                                                                  const std::string& key) override;
  core::Result<bool> reserve_idempotency(const IdempotencyRecord& r) override;
  core::Status release_idempotency(const std::string& scope, const std::string& key) override;
  core::Result<OutboxStats> stats() override;
  core::Result<std::int64_t> purge(std::int64_t messages_before_ms,
                                   std::int64_t keys_before_ms) override;

 private:
  core::Status insert(const InsertMessage& w);
  core::Status finish(const FinishAttempt& w);
  core::Status defer(const Defer& w);
  core::Status write_recipients(const std::string& id, const std::vector<RecipientState>& rs);
  core::Status write_attempt(const std::string& id, const AttemptRecord& a);
  core::Status write_idempotency(const IdempotencyRecord& r, bool replace);
  core::Result<std::vector<std::string>> lease(const char* where, const std::string& owner,
                                               std::int64_t now_ms, std::int64_t lease_ms, int limit);
  core::Status load_recipients(MessageRecord& m);
  core::Status load_attempts(MessageRecord& m);
  core::Result<std::string> status_of(const std::string& id);

  Database& db_;
  std::mutex& mu_;
};

}  // namespace mailflow::store::sqlite
