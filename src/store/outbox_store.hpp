// OutboxStore: the persistence of the outbox — messages, their recipients and attempts, and
// idempotency keys. Writes come in batches (apply()): one transaction, one fsync, for everything
// the group committer gathered, each write in its own savepoint so one bad write fails alone.
// Times are milliseconds since the Unix epoch (UTC). Calls block on disk: see store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace mailflow::store {

// Message status: queued → sending → sent | retrying → sending … | failed | expired; cancelled
// from queued or retrying. Recipient status: pending, sent, deferred, failed, expired.
struct RecipientState {
  std::string address;
  std::string status = "pending";
  int reply = 0;  // the SMTP reply code that decided it (0: none yet, or a network fault)
  std::string enhanced, text;
};

struct AttemptRecord {
  std::int64_t at_ms = 0;
  std::string result;  // "sent", "partial", "deferred", "failed"
  std::string stage;   // SMTP stage of the last reply or fault ("RCPT", "DATA", "CONNECT"...)
  int reply = 0;
  std::string enhanced, text;
  std::string error;  // plain words; empty when the attempt succeeded
  std::int64_t duration_ms = 0;
  std::string code;  // the error's code ("SmtpRejected", "SmtpUnreachable"...); empty when sent
};

struct MessageRecord {
  std::string id;          // ULID: sorts by creation
  std::string connection;  // connection name
  std::string message_id;  // the Message-ID header, the same on every attempt
  std::string status = "queued";
  std::int64_t created_ms = 0, updated_ms = 0;
  std::int64_t next_attempt_ms = 0;  // when a dispatcher may take it (queued, retrying)
  std::int64_t expires_ms = 0;       // soft failures after this end as expired
  bool synchronous = false;          // sent while the caller waited; never dispatched
  // Envelope and content, kept until the message is purged.
  std::string mail_from;
  bool smtputf8 = false, eight_bit = false, dsn = false;
  std::string data;  // RFC 5322 text; loaded only by claim()
  std::vector<RecipientState> recipients;
  std::vector<AttemptRecord> attempts;  // oldest first; loaded by get_message()
};

// An idempotency key's record. `status` 0 = the first request is still being processed.
struct IdempotencyRecord {
  std::string scope;  // who may replay it: "<api key id>/<connection>"
  std::string key;
  std::string body_hash;
  int status = 0;
  std::string response;  // the JSON body answered the first time
  std::int64_t created_ms = 0;
};

// Batched writes.
struct InsertMessage {
  MessageRecord message;  // with recipients (and attempts for a synchronous send)
  std::optional<IdempotencyRecord> idempotency;
  bool replace_idempotency = false;  // false: fail with Conflict if the key exists (async accept)
};
struct FinishAttempt {  // a dispatcher's result; applies only while it still holds the lease
  std::string id, owner;
  std::string status;  // sent, retrying, failed, expired
  std::int64_t next_attempt_ms = 0;
  std::vector<RecipientState> recipients;  // the new state of every recipient
  AttemptRecord attempt;
};
struct Defer {  // give the message back untried (rate limit)
  std::string id, owner;
  std::int64_t next_attempt_ms = 0;
};
using OutboxWrite = std::variant<InsertMessage, FinishAttempt, Defer>;

struct MessageFilter {
  std::optional<std::string> status, connection;
  std::optional<std::string> before;  // an id: list only older ones (the cursor)
  int limit = 50;
};

struct OutboxStats {
  std::vector<std::pair<std::string, std::int64_t>> by_status;  // status → count (unfinished)
  std::int64_t oldest_waiting_ms = 0;  // created_ms of the oldest queued/retrying; 0 = none
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // One transaction. The outer Result fails when the commit itself failed (nothing written);
  // otherwise one Status per write (Conflict: the idempotency key exists; NotFound: lease lost).
  virtual core::Result<std::vector<core::Status>> apply(std::vector<OutboxWrite>& writes) = 0;

  // Lease up to `retries` due retrying messages (and expired leases), then up to `fresh` queued
  // ones, then more retries if fresh ones did not fill the batch. Returns them with data.
  virtual core::Result<std::vector<MessageRecord>> claim(const std::string& owner, std::int64_t now_ms,
                                                         std::int64_t lease_ms, int fresh,
                                                         int retries) = 0;
  // At start: this node's leases (a previous process of it crashed) become due now.
  virtual core::Result<int> reclaim(const std::string& owner, std::int64_t now_ms) = 0;

  virtual core::Result<std::optional<MessageRecord>> get_message(const std::string& id) = 0;
  virtual core::Result<std::vector<MessageRecord>> list_messages(const MessageFilter& f) = 0;
  // Retry now: queued/retrying become due; failed/expired/cancelled are re-armed (their unsent
  // recipients pending again, lifetime from now). Returns the status before, or NotFound.
  virtual core::Result<std::string> retry_message(const std::string& id, std::int64_t now_ms,
                                                  std::int64_t expires_ms) = 0;
  // Cancel a queued or retrying message. Returns the status before, or NotFound.
  virtual core::Result<std::string> cancel_message(const std::string& id, std::int64_t now_ms) = 0;

  virtual core::Result<std::optional<IdempotencyRecord>> find_idempotency(const std::string& scope,
                                                                          const std::string& key) = 0;
  // Claim a key for a synchronous request (status 0); false when it exists already.
  virtual core::Result<bool> reserve_idempotency(const IdempotencyRecord& r) = 0;
  virtual core::Status release_idempotency(const std::string& scope, const std::string& key) = 0;

  virtual core::Result<OutboxStats> stats() = 0;
  // Delete finished messages updated before `messages_before_ms` and keys created before
  // `keys_before_ms`. Returns how many rows went.
  virtual core::Result<std::int64_t> purge(std::int64_t messages_before_ms,
                                           std::int64_t keys_before_ms) = 0;
};

}  // namespace mailflow::store
