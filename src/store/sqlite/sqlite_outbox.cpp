// The SQLite implementation of OutboxStore. It shares the store's one connection and its mutex:
// a transaction on a shared connection would otherwise swallow other threads' statements.
#include "store/sqlite/sqlite_outbox.hpp"

#include <algorithm>

namespace mailflow::store::sqlite {
namespace {

constexpr const char* kSelectMessage =
    "SELECT id, connection, message_id, status, created_ms, updated_ms, next_attempt_ms, "
    "expires_ms, synchronous, mail_from, flags FROM messages";
constexpr const char* kSelectMessageWithData =
    "SELECT data, id, connection, message_id, status, created_ms, updated_ms, next_attempt_ms, "
    "expires_ms, synchronous, mail_from, flags FROM messages";

// Reads kSelectMessage's columns, starting at column `at` (1 when `data` comes first).
MessageRecord read_message(const Statement& st, int at = 0) {
  MessageRecord m;
  m.id = st.text(at + 0);
  m.connection = st.text(at + 1);
  m.message_id = st.text(at + 2);
  m.status = st.text(at + 3);
  m.created_ms = st.integer(at + 4);
  m.updated_ms = st.integer(at + 5);
  m.next_attempt_ms = st.integer(at + 6);
  m.expires_ms = st.integer(at + 7);
  m.synchronous = st.integer(at + 8) != 0;
  m.mail_from = st.text(at + 9);
  auto flags = st.integer(at + 10);
  m.smtputf8 = flags & 1;
  m.eight_bit = flags & 2;
  m.dsn = flags & 4;
  return m;
}

std::int64_t flags_of(const MessageRecord& m) {
  return (m.smtputf8 ? 1 : 0) | (m.eight_bit ? 2 : 0) | (m.dsn ? 4 : 0);
}

// Runs `fn` inside SAVEPOINT w; rolls the savepoint back when fn fails, so one write's failure
// leaves the others of the batch intact.
template <class Fn>
core::Status in_savepoint(Database& db, Fn fn) {
  if (auto s = db.exec("SAVEPOINT w"); !s) return s;
  core::Status st = fn();
  if (st) return db.exec("RELEASE w");
  (void)db.exec("ROLLBACK TO w");
  (void)db.exec("RELEASE w");
  return st;
}
}  // namespace

// --- writes ------------------------------------------------------------------------------------

core::Status SqliteOutbox::write_recipients(const std::string& id,
                                            const std::vector<RecipientState>& rs) {
  for (std::size_t i = 0; i < rs.size(); ++i) {
    Statement st(db_.handle(),
                 "INSERT INTO recipients(message, idx, address, status, reply, enhanced, text) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(message, idx) DO UPDATE SET "
                 "status = excluded.status, reply = excluded.reply, "
                 "enhanced = excluded.enhanced, text = excluded.text");
    const auto& r = rs[i];
    st.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, r.address).bind(4, r.status);
    st.bind(5, static_cast<std::int64_t>(r.reply)).bind(6, r.enhanced).bind(7, r.text);
    if (auto s = st.run(); !s) return s;
  }
  return core::ok();
}

core::Status SqliteOutbox::write_attempt(const std::string& id, const AttemptRecord& a) {
  Statement st(db_.handle(),
               "INSERT INTO attempts(message, at_ms, result, stage, reply, enhanced, text, error, "
               "duration_ms, code) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, id).bind(2, a.at_ms).bind(3, a.result).bind(4, a.stage);
  st.bind(5, static_cast<std::int64_t>(a.reply)).bind(6, a.enhanced).bind(7, a.text);
  st.bind(8, a.error).bind(9, a.duration_ms).bind(10, a.code);
  return st.run();
}

core::Status SqliteOutbox::write_idempotency(const IdempotencyRecord& r, bool replace) {
  Statement st(db_.handle(),
               replace ? "INSERT INTO idempotency_keys(scope, key, body_hash, status, response, "
                         "created_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(scope, key) DO "
                         "UPDATE SET status = excluded.status, response = excluded.response"
                       : "INSERT INTO idempotency_keys(scope, key, body_hash, status, response, "
                         "created_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
  st.bind(1, r.scope).bind(2, r.key).bind(3, r.body_hash);
  st.bind(4, static_cast<std::int64_t>(r.status)).bind(5, r.response).bind(6, r.created_ms);
  if (auto s = st.run(); !s) return s;
  if (!replace && db_.changes() == 0)
    return core::Error(core::Code::Conflict, "the idempotency key is already in use");
  return core::ok();
}

core::Status SqliteOutbox::insert(const InsertMessage& w) {
  const auto& m = w.message;
  if (w.idempotency)  // first: a replay must not leave a second message behind
    if (auto s = write_idempotency(*w.idempotency, w.replace_idempotency); !s) return s;
  Statement st(db_.handle(),
               "INSERT INTO messages(id, connection, message_id, status, created_ms, updated_ms, "
               "next_attempt_ms, expires_ms, synchronous, mail_from, flags, data) "
               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  st.bind(1, m.id).bind(2, m.connection).bind(3, m.message_id).bind(4, m.status);
  st.bind(5, m.created_ms).bind(6, m.updated_ms).bind(7, m.next_attempt_ms).bind(8, m.expires_ms);
  st.bind(9, std::int64_t{m.synchronous}).bind(10, m.mail_from).bind(11, flags_of(m));
  st.bind(12, m.data);
  if (auto s = st.run(); !s) return s;
  if (auto s = write_recipients(m.id, m.recipients); !s) return s;
  for (const auto& a : m.attempts)
    if (auto s = write_attempt(m.id, a); !s) return s;
  return core::ok();
}

core::Status SqliteOutbox::finish(const FinishAttempt& w) {
  Statement st(db_.handle(),
               "UPDATE messages SET status = ?3, next_attempt_ms = ?4, updated_ms = ?5, "
               "lease_owner = NULL, lease_until_ms = NULL "
               "WHERE id = ?1 AND lease_owner = ?2 AND status = 'sending'");
  st.bind(1, w.id).bind(2, w.owner).bind(3, w.status).bind(4, w.next_attempt_ms);
  st.bind(5, w.attempt.at_ms + w.attempt.duration_ms);
  if (auto s = st.run(); !s) return s;
  if (db_.changes() == 0)
    return core::Error(core::Code::NotFound, "message " + w.id + " is no longer leased to " + w.owner);
  if (auto s = write_recipients(w.id, w.recipients); !s) return s;
  return write_attempt(w.id, w.attempt);
}

core::Status SqliteOutbox::defer(const Defer& w) {
  // Back to what it was before the claim: 'retrying' when it has attempts, else 'queued'.
  Statement st(db_.handle(),
               "UPDATE messages SET status = CASE WHEN EXISTS (SELECT 1 FROM attempts WHERE "
               "message = ?1) THEN 'retrying' ELSE 'queued' END, next_attempt_ms = ?3, "
               "lease_owner = NULL, lease_until_ms = NULL "
               "WHERE id = ?1 AND lease_owner = ?2 AND status = 'sending'");
  st.bind(1, w.id).bind(2, w.owner).bind(3, w.next_attempt_ms);
  if (auto s = st.run(); !s) return s;
  if (db_.changes() == 0)
    return core::Error(core::Code::NotFound, "message " + w.id + " is no longer leased to " + w.owner);
  return core::ok();
}

core::Result<std::vector<core::Status>> SqliteOutbox::apply(std::vector<OutboxWrite>& writes) {
  std::lock_guard lock(mu_);
  if (auto s = db_.exec("BEGIN IMMEDIATE"); !s) return std::move(s).error();
  std::vector<core::Status> out;
  out.reserve(writes.size());
  for (const auto& w : writes) {
    core::Status st = in_savepoint(db_, [&] {
      return std::visit(
          [&](const auto& x) -> core::Status {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, InsertMessage>) return insert(x);
            if constexpr (std::is_same_v<T, FinishAttempt>) return finish(x);
            if constexpr (std::is_same_v<T, Defer>) return defer(x);
          },
          w);
    });
    // Some errors (SQLITE_FULL, IOERR) make SQLite roll the whole transaction back on its own:
    // then nothing of the batch is written, and every caller must hear so.
    if (!st && sqlite3_get_autocommit(db_.handle())) return std::move(st).error();
    out.push_back(std::move(st));
  }
  if (auto s = db_.exec("COMMIT"); !s) {
    (void)db_.exec("ROLLBACK");
    return std::move(s).error();
  }
  return out;
}

// --- dispatch ----------------------------------------------------------------------------------

core::Result<std::vector<std::string>> SqliteOutbox::lease(const char* where, const std::string& owner,
                                                           std::int64_t now_ms, std::int64_t lease_ms,
                                                           int limit) {
  std::vector<std::string> ids;
  if (limit <= 0) return ids;
  Statement st(db_.handle(),
               std::string("UPDATE messages SET status = 'sending', lease_owner = ?1, "
                           "lease_until_ms = ?2 WHERE id IN (SELECT id FROM messages WHERE ") +
                   where + " ORDER BY next_attempt_ms LIMIT ?4) RETURNING id");
  st.bind(1, owner).bind(2, now_ms + lease_ms).bind(3, now_ms).bind(4, std::int64_t{limit});
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return ids;
    ids.push_back(st.text(0));
  }
}

core::Status SqliteOutbox::load_recipients(MessageRecord& m) {
  Statement st(db_.handle(),
               "SELECT address, status, reply, enhanced, text FROM recipients WHERE message = ?1 "
               "ORDER BY idx");
  st.bind(1, m.id);
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return core::ok();
    m.recipients.push_back({st.text(0), st.text(1), static_cast<int>(st.integer(2)), st.text(3),
                            st.text(4)});
  }
}

core::Status SqliteOutbox::load_attempts(MessageRecord& m) {
  Statement st(db_.handle(),
               "SELECT at_ms, result, stage, reply, enhanced, text, error, duration_ms, code FROM "
               "attempts WHERE message = ?1 ORDER BY at_ms, rowid");
  st.bind(1, m.id);
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) return core::ok();
    m.attempts.push_back({st.integer(0), st.text(1), st.text(2), static_cast<int>(st.integer(3)),
                          st.text(4), st.text(5), st.text(6), st.integer(7), st.text(8)});
  }
}

core::Result<std::vector<MessageRecord>> SqliteOutbox::claim(const std::string& owner,
                                                             std::int64_t now_ms, std::int64_t lease_ms,
                                                             int fresh, int retries) {
  static constexpr const char* kRetrying =
      "synchronous = 0 AND ((status = 'retrying' AND next_attempt_ms <= ?3) OR "
      "(status = 'sending' AND lease_until_ms < ?3))";
  static constexpr const char* kQueued =
      "status = 'queued' AND next_attempt_ms <= ?3 AND synchronous = 0";
  std::lock_guard lock(mu_);
  // A lease need not survive a crash: a lost one leaves the message as it was (queued or
  // retrying), and it is taken again. So the claim's commit skips its fsync; the next durable
  // commit syncs these WAL frames with its own. (One fsync fewer per dispatch batch.)
  struct RelaxedSync {
    Database& db;
    explicit RelaxedSync(Database& d) : db(d) { (void)db.exec("PRAGMA synchronous=NORMAL"); }
    ~RelaxedSync() { (void)db.exec("PRAGMA synchronous=FULL"); }
  } relaxed(db_);
  if (auto s = db_.exec("BEGIN IMMEDIATE"); !s) return std::move(s).error();
  std::vector<std::string> ids;
  auto take = [&](const char* where, int limit) -> core::Status {
    auto got = lease(where, owner, now_ms, lease_ms, limit);
    if (!got) return std::move(got).error();
    ids.insert(ids.end(), got->begin(), got->end());
    return core::ok();
  };
  // Retries get their share first, so a flood of new mail cannot starve them; new mail then
  // fills the batch, so a backlog of retries cannot starve it; leftover room goes to retries.
  core::Status s = take(kRetrying, std::min(retries, fresh + retries));
  if (s) s = take(kQueued, fresh + retries - static_cast<int>(ids.size()));
  if (s) s = take(kRetrying, fresh + retries - static_cast<int>(ids.size()));
  if (!s) {
    (void)db_.exec("ROLLBACK");
    return std::move(s).error();
  }
  std::vector<MessageRecord> out;
  for (const auto& id : ids) {
    Statement st(db_.handle(), std::string(kSelectMessageWithData) + " WHERE id = ?1");
    st.bind(1, id);
    auto r = st.step();
    if (!r || !*r) continue;
    out.push_back(read_message(st, 1));
    out.back().data = st.text(0);
    if (auto l = load_recipients(out.back()); !l) s = std::move(l);
    if (auto l = load_attempts(out.back()); !l) s = std::move(l);
  }
  if (s) s = db_.exec("COMMIT");
  if (!s) {
    (void)db_.exec("ROLLBACK");
    return std::move(s).error();
  }
  return out;
}

core::Result<int> SqliteOutbox::reclaim(const std::string& owner, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(),
               "UPDATE messages SET status = CASE WHEN EXISTS (SELECT 1 FROM attempts WHERE "
               "message = messages.id) THEN 'retrying' ELSE 'queued' END, next_attempt_ms = ?2, "
               "lease_owner = NULL, lease_until_ms = NULL "
               "WHERE status = 'sending' AND lease_owner = ?1 AND synchronous = 0");
  st.bind(1, owner).bind(2, now_ms);
  if (auto s = st.run(); !s) return std::move(s).error();
  return static_cast<int>(db_.changes());
}

// --- reads and commands --------------------------------------------------------------------------

core::Result<std::optional<MessageRecord>> SqliteOutbox::get_message(const std::string& id) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), std::string(kSelectMessage) + " WHERE id = ?1");
  st.bind(1, id);
  auto r = st.step();
  if (!r) return std::move(r).error();
  if (!*r) return std::optional<MessageRecord>{};
  auto m = read_message(st);
  if (auto s = load_recipients(m); !s) return std::move(s).error();
  if (auto s = load_attempts(m); !s) return std::move(s).error();
  return std::optional<MessageRecord>(std::move(m));
}

core::Result<std::vector<MessageRecord>> SqliteOutbox::list_messages(const MessageFilter& f) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), std::string(kSelectMessage) +
                                 " WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR "
                                 "connection = ?2) AND (?3 IS NULL OR id < ?3) "
                                 "ORDER BY id DESC LIMIT ?4");
  st.bind_opt(1, f.status).bind_opt(2, f.connection).bind_opt(3, f.before);
  st.bind(4, std::int64_t{f.limit});
  std::vector<MessageRecord> out;
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) break;
    out.push_back(read_message(st));
  }
  for (auto& m : out)
    if (auto s = load_recipients(m); !s) return std::move(s).error();
  return out;
}

core::Result<std::string> SqliteOutbox::status_of(const std::string& id) {
  Statement st(db_.handle(), "SELECT status FROM messages WHERE id = ?1");
  st.bind(1, id);
  auto r = st.step();
  if (!r) return std::move(r).error();
  if (!*r) return core::Error(core::Code::NotFound, "there is no message with id '" + id + "'");
  return st.text(0);
}

core::Result<std::string> SqliteOutbox::retry_message(const std::string& id, std::int64_t now_ms,
                                                      std::int64_t expires_ms) {
  std::lock_guard lock(mu_);
  if (auto s = db_.exec("BEGIN IMMEDIATE"); !s) return std::move(s).error();
  auto before = status_of(id);
  core::Status s = before ? core::ok() : core::Status(before.error());
  if (s && (*before == "queued" || *before == "retrying")) {
    Statement st(db_.handle(), "UPDATE messages SET next_attempt_ms = ?2, updated_ms = ?2 WHERE id = ?1");
    st.bind(1, id).bind(2, now_ms);
    s = st.run();
  } else if (s && (*before == "failed" || *before == "expired" || *before == "cancelled")) {
    Statement st(db_.handle(),
                 "UPDATE messages SET status = 'retrying', next_attempt_ms = ?2, updated_ms = ?2, "
                 "expires_ms = ?3 WHERE id = ?1");
    st.bind(1, id).bind(2, now_ms).bind(3, expires_ms);
    s = st.run();
    if (s) {
      Statement r(db_.handle(),
                  "UPDATE recipients SET status = 'pending' WHERE message = ?1 AND status <> 'sent'");
      r.bind(1, id);
      s = r.run();
    }
  }
  if (s) s = db_.exec("COMMIT");
  if (!s) {
    (void)db_.exec("ROLLBACK");
    return std::move(s).error();
  }
  return before;
}

core::Result<std::string> SqliteOutbox::cancel_message(const std::string& id, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto before = status_of(id);
  if (!before) return before;
  if (*before != "queued" && *before != "retrying") return before;
  Statement st(db_.handle(),
               "UPDATE messages SET status = 'cancelled', updated_ms = ?2 WHERE id = ?1 AND "
               "status IN ('queued', 'retrying')");
  st.bind(1, id).bind(2, now_ms);
  if (auto s = st.run(); !s) return std::move(s).error();
  return before;
}

core::Result<std::optional<IdempotencyRecord>> SqliteOutbox::find_idempotency(const std::string& scope,
                                                                              const std::string& key) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(),
               "SELECT body_hash, status, response, created_ms FROM idempotency_keys "
               "WHERE scope = ?1 AND key = ?2");
  st.bind(1, scope).bind(2, key);
  auto r = st.step();
  if (!r) return std::move(r).error();
  if (!*r) return std::optional<IdempotencyRecord>{};
  return std::optional<IdempotencyRecord>(IdempotencyRecord{
      scope, key, st.text(0), static_cast<int>(st.integer(1)), st.text(2), st.integer(3)});
}

core::Result<bool> SqliteOutbox::reserve_idempotency(const IdempotencyRecord& r) {
  std::lock_guard lock(mu_);
  auto s = write_idempotency(r, false);
  if (!s && s.error().code == core::Code::Conflict) return false;
  if (!s) return std::move(s).error();
  return true;
}

core::Status SqliteOutbox::release_idempotency(const std::string& scope, const std::string& key) {
  std::lock_guard lock(mu_);
  Statement st(db_.handle(), "DELETE FROM idempotency_keys WHERE scope = ?1 AND key = ?2");
  st.bind(1, scope).bind(2, key);
  return st.run();
}

core::Result<OutboxStats> SqliteOutbox::stats() {
  std::lock_guard lock(mu_);
  OutboxStats out;
  Statement st(db_.handle(),
               "SELECT status, count(*) FROM messages WHERE status IN "
               "('queued', 'sending', 'retrying') GROUP BY status");
  for (;;) {
    auto r = st.step();
    if (!r) return std::move(r).error();
    if (!*r) break;
    out.by_status.emplace_back(st.text(0), st.integer(1));
  }
  Statement old(db_.handle(),
                "SELECT min(created_ms) FROM messages WHERE status IN ('queued', 'retrying')");
  auto r = old.step();
  if (!r) return std::move(r).error();
  if (*r) out.oldest_waiting_ms = old.integer(0);
  return out;
}

core::Result<std::int64_t> SqliteOutbox::purge(std::int64_t messages_before_ms,
                                               std::int64_t keys_before_ms) {
  std::lock_guard lock(mu_);
  Statement m(db_.handle(),
              "DELETE FROM messages WHERE status IN ('sent', 'failed', 'expired', 'cancelled') "
              "AND updated_ms < ?1");
  m.bind(1, messages_before_ms);
  if (auto s = m.run(); !s) return std::move(s).error();
  std::int64_t n = db_.changes();
  Statement k(db_.handle(), "DELETE FROM idempotency_keys WHERE created_ms < ?1 AND status <> 0");
  k.bind(1, keys_before_ms);
  if (auto s = k.run(); !s) return std::move(s).error();
  return n + db_.changes();
}

}  // namespace mailflow::store::sqlite
