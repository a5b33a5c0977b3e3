// OutboxStore over a real SQLite file: batched writes with savepoints, idempotency keys, leases
// and the retry share of claim(), the retry/cancel commands, listing, stats and purge.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

#include "store/secret_box.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_outbox.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

using namespace mailflow;
using namespace mailflow::store;

namespace {
constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr std::int64_t kLease = 60'000;

MessageRecord message(const std::string& id, const std::string& status = "queued",
                      std::vector<std::string> rcpts = {"a@example.com"}) {
  MessageRecord m;
  m.id = id;
  m.connection = "dev";
  m.message_id = "<" + id + "@mailflow.test>";
  m.status = status;
  m.created_ms = m.updated_ms = m.next_attempt_ms = kNow - 1000;
  m.expires_ms = kNow + 3'600'000;
  m.mail_from = "from@example.com";
  m.data = "Subject: " + id + "\r\n\r\nbody of " + id + "\r\n";
  for (auto& r : rcpts) m.recipients.push_back({r, "pending", 0, "", ""});
  return m;
}

AttemptRecord attempt(std::int64_t at, const std::string& result = "deferred") {
  return {at, result, "RCPT", 451, "4.3.0", "try later", "a recipient was deferred", 120, "SmtpRejected"};
}

std::vector<std::string> ids_of(const std::vector<MessageRecord>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.id);
  return out;
}

struct OutboxStoreTest : ::testing::Test {
  TempDir dir;
  std::unique_ptr<SecretBox> box = SecretBox::open("test-key", dir.str()).value();
  std::string db_path = dir.str() + "/mailflow.db";
  std::unique_ptr<Store> store = open_store("sqlite:" + db_path, *box).value();
  OutboxStore& ob = store->outbox();

  std::vector<core::Status> apply(std::vector<OutboxWrite> ws) {
    auto r = ob.apply(ws);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r ? std::move(*r) : std::vector<core::Status>{};
  }
  void put(MessageRecord m) {
    auto r = apply({InsertMessage{std::move(m), std::nullopt, false}});
    ASSERT_EQ(r.size(), 1u);
    ASSERT_TRUE(r[0].ok()) << r[0].error().message;
  }
  MessageRecord get(const std::string& id) {
    auto r = ob.get_message(id);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.ok() && r->has_value()) << id;
    return r.ok() && r->has_value() ? **r : MessageRecord{};
  }
  bool exists(const std::string& id) {
    auto r = ob.get_message(id);
    return r.ok() && r->has_value();
  }
  std::vector<MessageRecord> claim(const std::string& owner, std::int64_t now, int fresh = 10,
                                   int retries = 2, std::int64_t lease = kLease) {
    auto r = ob.claim(owner, now, lease, fresh, retries);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r ? std::move(*r) : std::vector<MessageRecord>{};
  }
  // Counts rows through a second, read-only connection: what is really in the file.
  std::int64_t count(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  FinishAttempt finish(const MessageRecord& m, const std::string& owner, const std::string& status,
                       std::int64_t next, const std::string& rcpt_status, std::int64_t at) {
    FinishAttempt f{m.id, owner, status, next, m.recipients, attempt(at)};
    for (auto& r : f.recipients) r = {r.address, rcpt_status, 451, "4.3.0", "try later"};
    return f;
  }
};
}  // namespace

// --- apply -------------------------------------------------------------------------------------

TEST_F(OutboxStoreTest, InsertKeepsEveryFieldRecipientsAndAttempts) {
  auto m = message("m1", "sent", {"a@example.com", "b@example.com"});
  m.smtputf8 = true;
  m.dsn = true;
  m.synchronous = true;
  m.updated_ms = kNow + 5;
  m.recipients[1] = {"b@example.com", "failed", 550, "5.1.1", "no such user"};
  m.attempts.push_back(attempt(kNow, "partial"));
  put(m);
  auto got = get("m1");
  EXPECT_EQ(got.connection, "dev");
  EXPECT_EQ(got.message_id, "<m1@mailflow.test>");
  EXPECT_EQ(got.status, "sent");
  EXPECT_EQ(got.created_ms, m.created_ms);
  EXPECT_EQ(got.updated_ms, kNow + 5);
  EXPECT_EQ(got.expires_ms, m.expires_ms);
  EXPECT_TRUE(got.synchronous);
  EXPECT_TRUE(got.smtputf8);
  EXPECT_FALSE(got.eight_bit);
  EXPECT_TRUE(got.dsn);
  EXPECT_EQ(got.mail_from, "from@example.com");
  ASSERT_EQ(got.recipients.size(), 2u);
  EXPECT_EQ(got.recipients[0].address, "a@example.com");
  EXPECT_EQ(got.recipients[0].status, "pending");
  EXPECT_EQ(got.recipients[1].status, "failed");
  EXPECT_EQ(got.recipients[1].reply, 550);
  EXPECT_EQ(got.recipients[1].enhanced, "5.1.1");
  EXPECT_EQ(got.recipients[1].text, "no such user");
  ASSERT_EQ(got.attempts.size(), 1u);
  EXPECT_EQ(got.attempts[0].result, "partial");
  EXPECT_EQ(got.attempts[0].stage, "RCPT");
  EXPECT_EQ(got.attempts[0].reply, 451);
  EXPECT_EQ(got.attempts[0].duration_ms, 120);
  EXPECT_TRUE(got.data.empty());  // only claim() loads the content
  EXPECT_FALSE(exists("nope"));
}

TEST_F(OutboxStoreTest, FinishAttemptRecordsTheResultAndReleasesTheLease) {
  put(message("m1", "queued", {"a@example.com", "b@example.com"}));
  auto c = claim("node-a", kNow);
  ASSERT_EQ(c.size(), 1u);
  auto f = finish(c[0], "node-a", "retrying", kNow + 60'000, "deferred", kNow);
  f.recipients[0] = {"a@example.com", "sent", 250, "2.0.0", "ok"};
  auto r = apply({f});
  ASSERT_TRUE(r[0].ok()) << r[0].error().message;
  auto got = get("m1");
  EXPECT_EQ(got.status, "retrying");
  EXPECT_EQ(got.next_attempt_ms, kNow + 60'000);
  EXPECT_EQ(got.updated_ms, kNow + 120);  // the attempt's end
  EXPECT_EQ(got.recipients[0].status, "sent");
  EXPECT_EQ(got.recipients[1].status, "deferred");
  EXPECT_EQ(got.recipients[1].reply, 451);
  ASSERT_EQ(got.attempts.size(), 1u);
  EXPECT_EQ(got.attempts[0].at_ms, kNow);
  // Not due before its next attempt; due from then on, for anyone (the lease is gone).
  EXPECT_TRUE(claim("node-b", kNow + 59'999).empty());
  EXPECT_EQ(ids_of(claim("node-b", kNow + 60'000)), std::vector<std::string>{"m1"});
}

TEST_F(OutboxStoreTest, DeferGivesTheMessageBackUntried) {
  put(message("fresh"));
  put(message("tried"));
  auto c = claim("node-a", kNow);
  ASSERT_EQ(c.size(), 2u);
  const auto& tried = c[0].id == "tried" ? c[0] : c[1];
  auto r = apply({finish(tried, "node-a", "retrying", kNow, "deferred", kNow)});
  ASSERT_TRUE(r[0].ok());
  auto again = claim("node-a", kNow + 1);
  ASSERT_EQ(ids_of(again), std::vector<std::string>{"tried"});
  r = apply({Defer{"fresh", "node-a", kNow + 5000}, Defer{"tried", "node-a", kNow + 6000},
             Defer{"fresh", "node-a", kNow + 7000}});
  EXPECT_TRUE(r[0].ok());
  EXPECT_TRUE(r[1].ok());
  ASSERT_FALSE(r[2].ok());  // no longer leased
  EXPECT_EQ(r[2].error().code, core::Code::NotFound);
  EXPECT_EQ(get("fresh").status, "queued");
  EXPECT_EQ(get("fresh").next_attempt_ms, kNow + 5000);
  EXPECT_EQ(get("fresh").attempts.size(), 0u);
  EXPECT_EQ(get("tried").status, "retrying");
  EXPECT_EQ(get("tried").next_attempt_ms, kNow + 6000);
  EXPECT_TRUE(claim("node-a", kNow + 4999).empty());
}

TEST_F(OutboxStoreTest, OneBadWriteInABatchFailsAloneAndLeavesNothingHalfWritten) {
  put(message("dup"));
  auto again = message("dup", "queued", {"x@example.com", "y@example.com"});
  IdempotencyRecord key{"k1/dev", "key-1", "hash", 202, "{}", kNow};
  auto r = apply({InsertMessage{message("a"), std::nullopt, false},
                  // Its key is written first, then the message row fails (primary key): the
                  // savepoint must take the key back too.
                  InsertMessage{again, key, false},
                  FinishAttempt{"a", "nobody", "sent", 0, {}, attempt(kNow, "sent")},
                  InsertMessage{message("b"), std::nullopt, false}});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_TRUE(r[0].ok());
  EXPECT_FALSE(r[1].ok());
  ASSERT_FALSE(r[2].ok());
  EXPECT_EQ(r[2].error().code, core::Code::NotFound);
  EXPECT_TRUE(r[3].ok());
  EXPECT_TRUE(exists("a"));
  EXPECT_TRUE(exists("b"));
  EXPECT_EQ(get("a").status, "queued");
  EXPECT_EQ(get("a").attempts.size(), 0u);
  auto dup = get("dup");
  ASSERT_EQ(dup.recipients.size(), 1u);  // the first insert's, untouched
  EXPECT_EQ(dup.recipients[0].address, "a@example.com");
  auto k = ob.find_idempotency("k1/dev", "key-1");
  ASSERT_TRUE(k.ok());
  EXPECT_FALSE(k->has_value());
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 3);
}

TEST_F(OutboxStoreTest, IdempotencyKeyConflictLeavesNoMessageBehind) {
  IdempotencyRecord key{"k1/dev", "key-1", "hash-1", 202, R"({"id":"m1"})", kNow};
  auto r = apply({InsertMessage{message("m1"), key, false}});
  ASSERT_TRUE(r[0].ok());
  IdempotencyRecord other = key;
  other.body_hash = "hash-2";
  other.response = R"({"id":"m2"})";
  r = apply({InsertMessage{message("m2"), other, false}});
  ASSERT_FALSE(r[0].ok());
  EXPECT_EQ(r[0].error().code, core::Code::Conflict);
  EXPECT_FALSE(exists("m2"));
  EXPECT_EQ(count("SELECT count(*) FROM recipients WHERE message = 'm2'"), 0);
  auto k = ob.find_idempotency("k1/dev", "key-1");
  ASSERT_TRUE(k.ok() && k->has_value());
  EXPECT_EQ((*k)->body_hash, "hash-1");
  EXPECT_EQ((*k)->response, R"({"id":"m1"})");
  EXPECT_EQ((*k)->status, 202);
  // The same key in another scope is another key.
  other.scope = "k2/dev";
  r = apply({InsertMessage{message("m3"), other, false}});
  EXPECT_TRUE(r[0].ok());
  // replace = true (a synchronous send finishing) overwrites the answer, not the body hash.
  IdempotencyRecord done = key;
  done.body_hash = "ignored";
  done.status = 200;
  done.response = R"({"id":"m4"})";
  r = apply({InsertMessage{message("m4"), done, true}});
  ASSERT_TRUE(r[0].ok());
  k = ob.find_idempotency("k1/dev", "key-1");
  EXPECT_EQ((*k)->status, 200);
  EXPECT_EQ((*k)->response, R"({"id":"m4"})");
  EXPECT_EQ((*k)->body_hash, "hash-1");
}

TEST_F(OutboxStoreTest, ReserveAndReleaseIdempotencyKeys) {
  IdempotencyRecord key{"k1/dev", "key-1", "hash-1", 0, "", kNow};
  EXPECT_TRUE(*ob.reserve_idempotency(key));
  EXPECT_FALSE(*ob.reserve_idempotency(key));
  EXPECT_EQ((*ob.find_idempotency("k1/dev", "key-1"))->status, 0);
  ASSERT_TRUE(ob.release_idempotency("k1/dev", "key-1").ok());
  EXPECT_FALSE(ob.find_idempotency("k1/dev", "key-1")->has_value());
  EXPECT_TRUE(*ob.reserve_idempotency(key));
}

// --- claim and leases --------------------------------------------------------------------------

TEST_F(OutboxStoreTest, ClaimLeasesDueMessagesOnlyWithTheirContent) {
  auto past = message("past", "queued", {"a@example.com", "b@example.com"});
  past.next_attempt_ms = kNow - 1;
  auto now = message("now");
  now.next_attempt_ms = kNow;
  auto future = message("future");
  future.next_attempt_ms = kNow + 1;
  put(past);
  put(now);
  put(future);
  auto c = claim("node-a", kNow);
  auto ids = ids_of(c);
  std::sort(ids.begin(), ids.end());
  ASSERT_EQ(ids, (std::vector<std::string>{"now", "past"}));
  for (const auto& m : c) {
    EXPECT_EQ(m.status, "sending");
    EXPECT_EQ(m.data, "Subject: " + m.id + "\r\n\r\nbody of " + m.id + "\r\n");
    EXPECT_EQ(m.mail_from, "from@example.com");
    EXPECT_EQ(m.recipients.size(), m.id == "past" ? 2u : 1u);
  }
  EXPECT_EQ(get("past").status, "sending");
  EXPECT_EQ(get("future").status, "queued");
  EXPECT_EQ(ids_of(claim("node-a", kNow + 1)), std::vector<std::string>{"future"});
}

TEST_F(OutboxStoreTest, LeasedMessagesAreNotTakenAgainUntilTheLeaseRunsOut) {
  put(message("m1"));
  ASSERT_EQ(claim("node-a", kNow, 10, 2, 1000).size(), 1u);
  EXPECT_TRUE(claim("node-b", kNow).empty());
  EXPECT_TRUE(claim("node-b", kNow + 999).empty());
  // The lease ran out (node-a crashed): node-b takes it, and node-a's late result is refused.
  auto c = claim("node-b", kNow + 1001);
  ASSERT_EQ(ids_of(c), std::vector<std::string>{"m1"});
  auto r = apply({finish(c[0], "node-a", "sent", 0, "sent", kNow + 1001)});
  ASSERT_FALSE(r[0].ok());
  EXPECT_EQ(r[0].error().code, core::Code::NotFound);
  EXPECT_EQ(get("m1").status, "sending");
  r = apply({finish(c[0], "node-b", "sent", 0, "sent", kNow + 1002)});
  EXPECT_TRUE(r[0].ok());
  EXPECT_EQ(get("m1").status, "sent");
}

TEST_F(OutboxStoreTest, FinishAttemptWithAnotherOwnerChangesNothing) {
  put(message("m1"));
  auto c = claim("node-a", kNow);
  ASSERT_EQ(c.size(), 1u);
  auto r = apply({finish(c[0], "node-b", "failed", 0, "failed", kNow)});
  ASSERT_FALSE(r[0].ok());
  EXPECT_EQ(r[0].error().code, core::Code::NotFound);
  auto got = get("m1");
  EXPECT_EQ(got.status, "sending");
  EXPECT_EQ(got.recipients[0].status, "pending");
  EXPECT_TRUE(got.attempts.empty());
  // A finished message is not leased any more either: a second result is refused.
  ASSERT_TRUE(apply({finish(c[0], "node-a", "failed", 0, "failed", kNow)})[0].ok());
  r = apply({finish(c[0], "node-a", "sent", 0, "sent", kNow + 1)});
  EXPECT_FALSE(r[0].ok());
  EXPECT_EQ(get("m1").status, "failed");
  EXPECT_EQ(get("m1").attempts.size(), 1u);
}

TEST_F(OutboxStoreTest, RetriesGetTheirShareAndFreshMailTheRest) {
  for (int i = 0; i < 10; ++i) {
    auto q = message("q" + std::to_string(i));
    auto r = message("r" + std::to_string(i), "retrying");
    r.next_attempt_ms = q.next_attempt_ms - 10'000;  // retries are older: by age alone they'd win
    put(q);
    put(r);
  }
  auto c = claim("node-a", kNow, /*fresh=*/3, /*retries=*/1);
  ASSERT_EQ(c.size(), 4u);
  auto retrying = std::count_if(c.begin(), c.end(), [](auto& m) { return m.id[0] == 'r'; });
  EXPECT_EQ(retrying, 1);
}

TEST_F(OutboxStoreTest, RetriesFillTheBatchWhenNothingIsQueued) {
  for (int i = 0; i < 10; ++i) put(message("r" + std::to_string(i), "retrying"));
  auto c = claim("node-a", kNow, 3, 1);
  EXPECT_EQ(c.size(), 4u);
}

TEST_F(OutboxStoreTest, FreshMailFillsTheBatchWhenNothingIsRetrying) {
  for (int i = 0; i < 10; ++i) put(message("q" + std::to_string(i)));
  auto c = claim("node-a", kNow, 3, 1);
  EXPECT_EQ(c.size(), 4u);
}

TEST_F(OutboxStoreTest, ReclaimReturnsOnlyThisOwnersLeases) {
  std::int64_t due = kNow - 5000;
  for (const char* id : {"fresh", "tried", "done", "other"}) {
    auto m = message(id);
    m.next_attempt_ms = due += 1000;  // claim order: fresh, tried, done, other
    put(m);
  }
  ASSERT_EQ(ids_of(claim("node-a", kNow, 3, 0)),
            (std::vector<std::string>{"fresh", "tried", "done"}));
  auto a = claim("node-b", kNow, 1, 0);
  ASSERT_EQ(ids_of(a), std::vector<std::string>{"other"});
  ASSERT_TRUE(apply({finish(get("tried"), "node-a", "retrying", kNow, "deferred", kNow)})[0].ok());
  ASSERT_TRUE(apply({finish(get("done"), "node-a", "sent", 0, "sent", kNow)})[0].ok());
  ASSERT_EQ(ids_of(claim("node-a", kNow, 0, 1)), std::vector<std::string>{"tried"});

  auto reclaimed = ob.reclaim("node-a", kNow + 500);
  ASSERT_TRUE(reclaimed.ok());
  EXPECT_EQ(*reclaimed, 2);
  EXPECT_EQ(get("fresh").status, "queued");  // never tried
  EXPECT_EQ(get("fresh").next_attempt_ms, kNow + 500);
  EXPECT_EQ(get("tried").status, "retrying");  // has an attempt
  EXPECT_EQ(get("tried").next_attempt_ms, kNow + 500);
  EXPECT_EQ(get("other").status, "sending");  // node-b's
  EXPECT_EQ(get("done").status, "sent");
  EXPECT_EQ(*ob.reclaim("node-a", kNow + 600), 0);
  // Reclaimed messages are due at once, for anyone.
  auto c = ids_of(claim("node-c", kNow + 500));
  std::sort(c.begin(), c.end());
  EXPECT_EQ(c, (std::vector<std::string>{"fresh", "tried"}));
}

TEST_F(OutboxStoreTest, SynchronousMessagesAreNeverClaimed) {
  for (const char* status : {"sent", "failed"}) {
    auto m = message(std::string("sync-") + status, status);
    m.synchronous = true;
    put(m);
  }
  EXPECT_TRUE(claim("node-a", kNow + 10'000'000).empty());
}

// Synchronous messages are never dispatched, even re-armed by the store's retry_message().
TEST_F(OutboxStoreTest, ARearmedSynchronousMessageIsStillNeverClaimed) {
  auto m = message("sync", "failed");
  m.synchronous = true;
  put(m);
  ASSERT_TRUE(ob.retry_message("sync", kNow, kNow + 3'600'000).ok());
  EXPECT_TRUE(claim("node-a", kNow + 10'000'000).empty());
}

// claim() returns the attempts made so far: the dispatcher's backoff counts them.
TEST_F(OutboxStoreTest, ClaimTellsHowManyAttemptsWereMadeSoBackoffGrows) {
  put(message("m1"));
  auto c = claim("node-a", kNow);
  ASSERT_EQ(c.size(), 1u);
  ASSERT_TRUE(apply({finish(c[0], "node-a", "retrying", kNow, "deferred", kNow)})[0].ok());
  c = claim("node-a", kNow + 1);
  ASSERT_EQ(c.size(), 1u);
  ASSERT_TRUE(apply({finish(c[0], "node-a", "retrying", kNow + 1, "deferred", kNow + 1)})[0].ok());
  c = claim("node-a", kNow + 2);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].attempts.size(), 2u);
}

// --- retry and cancel --------------------------------------------------------------------------

TEST_F(OutboxStoreTest, RetryMessageFromEveryStatus) {
  for (const char* s : {"queued", "retrying", "failed", "expired", "cancelled", "sent"}) {
    auto m = message(s, s);
    m.next_attempt_ms = kNow + 100'000;
    m.expires_ms = kNow - 5;
    put(m);
  }
  auto leased = message("sending");
  leased.next_attempt_ms = kNow - 2'000'000;
  put(leased);
  ASSERT_EQ(ids_of(claim("node-a", kNow - 1'000'000, 10, 2, 10'000'000)),
            std::vector<std::string>{"sending"});

  const std::int64_t at = kNow + 7, expires = kNow + 86'400'000;
  for (const char* s :
       {"queued", "retrying", "failed", "expired", "cancelled", "sent", "sending"}) {
    SCOPED_TRACE(s);
    auto before = ob.retry_message(s, at, expires);
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_EQ(*before, s);
    auto got = get(s);
    const std::string was = s;
    if (was == "queued" || was == "retrying") {
      EXPECT_EQ(got.status, was);
      EXPECT_EQ(got.next_attempt_ms, at);
    } else if (was == "sent" || was == "sending") {
      EXPECT_EQ(got.status, was);
    } else {
      EXPECT_EQ(got.status, "retrying");
      EXPECT_EQ(got.next_attempt_ms, at);
      EXPECT_EQ(got.expires_ms, expires);
      EXPECT_EQ(got.updated_ms, at);
    }
  }
  EXPECT_EQ(get("sent").next_attempt_ms, kNow + 100'000);
  auto missing = ob.retry_message("nope", at, expires);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::Code::NotFound);
  // Everything re-armed is due now; sent and sending are not taken.
  auto c = ids_of(claim("node-b", at, 10, 10));
  std::sort(c.begin(), c.end());
  EXPECT_EQ(c, (std::vector<std::string>{"cancelled", "expired", "failed", "queued", "retrying"}));
}

TEST_F(OutboxStoreTest, RetryOfAFailedMessageMakesItsUnsentRecipientsPendingAgain) {
  auto m = message("m1", "failed", {"a@x.test", "b@x.test", "c@x.test", "d@x.test"});
  m.recipients[0].status = "sent";
  m.recipients[0].reply = 250;
  m.recipients[1].status = "failed";
  m.recipients[2].status = "expired";
  m.recipients[3].status = "deferred";
  put(m);
  ASSERT_EQ(*ob.retry_message("m1", kNow, kNow + 1000), "failed");
  auto got = get("m1");
  std::vector<std::string> st;
  for (auto& r : got.recipients) st.push_back(r.status);
  EXPECT_EQ(st, (std::vector<std::string>{"sent", "pending", "pending", "pending"}));
  EXPECT_EQ(got.recipients[0].reply, 250);
}

TEST_F(OutboxStoreTest, CancelMessageFromEveryStatus) {
  for (const char* s : {"queued", "retrying", "failed", "expired", "cancelled", "sent"})
    put(message(s, s));
  auto leased = message("sending");
  leased.next_attempt_ms = kNow - 5000;  // the oldest queued: the one claim takes
  put(leased);
  ASSERT_EQ(ids_of(claim("node-a", kNow, 1, 0)), std::vector<std::string>{"sending"});
  for (const char* s :
       {"queued", "retrying", "failed", "expired", "cancelled", "sent", "sending"}) {
    SCOPED_TRACE(s);
    const std::string was = s;
    auto before = ob.cancel_message(s, kNow + 9);
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(*before, was);
    auto got = get(s);
    if (was == "queued" || was == "retrying") {
      EXPECT_EQ(got.status, "cancelled");
      EXPECT_EQ(got.updated_ms, kNow + 9);
    } else {
      EXPECT_EQ(got.status, was);
    }
  }
  auto missing = ob.cancel_message("nope", kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::Code::NotFound);
  EXPECT_TRUE(claim("node-b", kNow + 30'000).empty());  // cancelled mail stays put
}

// --- reads -------------------------------------------------------------------------------------

TEST_F(OutboxStoreTest, ListNewestFirstWithFiltersAndCursor) {
  for (int i = 1; i <= 5; ++i) {
    auto m = message("m" + std::to_string(i), i % 2 ? "queued" : "sent");
    m.connection = i <= 3 ? "dev" : "prod";
    put(m);
  }
  MessageFilter all;
  EXPECT_EQ(ids_of(*ob.list_messages(all)),
            (std::vector<std::string>{"m5", "m4", "m3", "m2", "m1"}));
  MessageFilter f;
  f.status = "queued";
  EXPECT_EQ(ids_of(*ob.list_messages(f)), (std::vector<std::string>{"m5", "m3", "m1"}));
  f.connection = "dev";
  EXPECT_EQ(ids_of(*ob.list_messages(f)), (std::vector<std::string>{"m3", "m1"}));
  f.status.reset();
  f.connection = "prod";
  EXPECT_EQ(ids_of(*ob.list_messages(f)), (std::vector<std::string>{"m5", "m4"}));

  MessageFilter page;
  page.limit = 2;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto got = ob.list_messages(page);
    ASSERT_TRUE(got.ok());
    if (got->empty()) break;
    EXPECT_LE(got->size(), 2u);
    for (auto& m : *got) {
      seen.push_back(m.id);
      EXPECT_EQ(m.recipients.size(), 1u);
    }
    page.before = got->back().id;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"m5", "m4", "m3", "m2", "m1"}));
}

TEST_F(OutboxStoreTest, StatsCountUnfinishedMessagesAndTheOldestWaiting) {
  auto empty = ob.stats();
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->by_status.empty());
  EXPECT_EQ(empty->oldest_waiting_ms, 0);

  auto add = [&](const std::string& id, const std::string& status, std::int64_t created) {
    auto m = message(id, status);
    m.created_ms = created;
    m.next_attempt_ms = status == "queued" && id == "lease" ? kNow : kNow + 1'000'000;
    put(m);
  };
  add("lease", "queued", 10);  // becomes sending: not waiting
  add("q1", "queued", 200);
  add("q2", "queued", 100);
  add("r1", "retrying", 50);
  add("s1", "sent", 5);
  add("f1", "failed", 6);
  ASSERT_EQ(ids_of(claim("node-a", kNow)), std::vector<std::string>{"lease"});
  auto st = ob.stats();
  ASSERT_TRUE(st.ok());
  std::map<std::string, std::int64_t> by(st->by_status.begin(), st->by_status.end());
  EXPECT_EQ(by,
            (std::map<std::string, std::int64_t>{{"queued", 2}, {"retrying", 1}, {"sending", 1}}));
  EXPECT_EQ(st->oldest_waiting_ms, 50);
}

TEST_F(OutboxStoreTest, PurgeDeletesOnlyOldFinishedMessagesAndOldAnsweredKeys) {
  auto add = [&](const std::string& id, const std::string& status, std::int64_t updated,
                 std::int64_t next = kNow + 1'000'000) {
    auto m = message(id, status, {"a@x.test", "b@x.test"});
    m.updated_ms = updated;
    m.next_attempt_ms = next;
    m.attempts.push_back(attempt(updated));
    put(m);
  };
  for (const char* s : {"sent", "failed", "expired", "cancelled", "queued", "retrying"})
    add(std::string("old-") + s, s, 100);
  add("new-sent", "sent", 1000);
  add("old-sending", "queued", 100, kNow);  // the only one due: claimed below
  ASSERT_EQ(ids_of(claim("node-a", kNow, 10, 0)), std::vector<std::string>{"old-sending"});
  for (auto [key, status, created] :
       {std::tuple{"old-done", 202, 100}, std::tuple{"old-pending", 0, 100},
        std::tuple{"new-done", 200, 1000}})
    ASSERT_TRUE(*ob.reserve_idempotency({"s", key, "h", status, "{}", created}));

  auto n = ob.purge(500, 500);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 5);  // four messages, one key
  for (const char* gone : {"old-sent", "old-failed", "old-expired", "old-cancelled"})
    EXPECT_FALSE(exists(gone)) << gone;
  for (const char* kept : {"old-queued", "old-retrying", "old-sending", "new-sent"})
    EXPECT_TRUE(exists(kept)) << kept;
  EXPECT_EQ(get("old-sending").status, "sending");
  EXPECT_FALSE(ob.find_idempotency("s", "old-done")->has_value());
  EXPECT_TRUE(ob.find_idempotency("s", "old-pending")->has_value());
  EXPECT_TRUE(ob.find_idempotency("s", "new-done")->has_value());
  // Their recipients and attempts went with them (foreign keys cascade).
  EXPECT_EQ(count("SELECT count(*) FROM recipients"), 4 * 2);
  EXPECT_EQ(count("SELECT count(*) FROM attempts"), 4);
  EXPECT_EQ(*ob.purge(500, 500), 0);
}

// A full disk, simulated with max_page_count on the outbox's own connection (the pragma is per
// connection, so these tests build the SqliteOutbox themselves instead of going through
// open_store). SQLite answers SQLITE_FULL, as on a real full disk.
struct OutboxStoreFull : ::testing::Test {
  TempDir dir;
  std::unique_ptr<sqlite::Database> db = sqlite::Database::open(dir.str() + "/full.db").value();
  std::mutex mu;
  sqlite::SqliteOutbox ob{*db, mu};
  MessageRecord big = message("big", "queued", {"a@x.test", "b@x.test"});
  IdempotencyRecord key{"s", "big-key", "h", 202, "{}", kNow};

  void SetUp() override {
    ASSERT_TRUE(sqlite::migrate(*db).ok());
    std::vector<OutboxWrite> small{InsertMessage{message("small"), std::nullopt, false}};
    ASSERT_TRUE((*ob.apply(small))[0].ok());
    sqlite::Statement pages(db->handle(), "PRAGMA page_count");
    ASSERT_TRUE(*pages.step());
    const auto used = pages.integer(0);
    ASSERT_TRUE(db->exec("PRAGMA max_page_count=" + std::to_string(used + 2)).ok());
    big.data.assign(1 << 20, 'x');  // 1 MiB: far more than two pages
  }
  bool exists(const std::string& id) { return ob.get_message(id)->has_value(); }
};

TEST_F(OutboxStoreFull, AWriteThatDoesNotFitLeavesNothingOfItselfBehind) {
  std::vector<OutboxWrite> ws{InsertMessage{big, key, false}};
  auto r = ob.apply(ws);
  EXPECT_TRUE(!r.ok() || !(*r)[0].ok());
  EXPECT_FALSE(exists("big"));
  EXPECT_FALSE(ob.find_idempotency("s", "big-key")->has_value());
  EXPECT_TRUE(exists("small"));
  // Room again: the same write goes through.
  ASSERT_TRUE(db->exec("PRAGMA max_page_count=1073741823").ok());
  std::vector<OutboxWrite> retry{InsertMessage{big, key, false}};
  auto again = ob.apply(retry);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE((*again)[0].ok());
  EXPECT_EQ(ob.get_message("big")->value().recipients.size(), 2u);
}

// On SQLITE_FULL SQLite rolls the whole transaction back itself: apply() must then report the
// whole batch as Unavailable, and nothing of it may be on disk.
TEST_F(OutboxStoreFull, AFullDiskIsUnavailableAndEachReportedResultMatchesTheFile) {
  std::vector<OutboxWrite> ws{InsertMessage{message("before"), std::nullopt, false},
                              InsertMessage{big, key, false},
                              InsertMessage{message("tiny"), std::nullopt, false}};
  auto r = ob.apply(ws);
  const std::vector<std::string> ids{"before", "big", "tiny"};
  if (!r.ok()) {
    EXPECT_EQ(r.error().code, core::Code::Unavailable) << r.error().message;
    for (const auto& id : ids)
      EXPECT_FALSE(exists(id)) << id << " is on disk after a failed commit";
    return;
  }
  ASSERT_FALSE((*r)[1].ok());
  EXPECT_EQ((*r)[1].error().code, core::Code::Unavailable);
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ((*r)[i].ok(), exists(ids[i])) << ids[i];
}
