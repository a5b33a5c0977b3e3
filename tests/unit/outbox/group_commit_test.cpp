// GroupCommit over the real SQLite outbox: concurrent writers from coroutines on a two-thread
// io_context share commits, each gets its own result, and each resumes on its own executor.
#include "outbox/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <thread>

#include "../store/temp_dir.hpp"
#include "store/secret_box.hpp"
#include "store/store.hpp"

using namespace mailflow;
using outbox::GroupCommit;
namespace asio = boost::asio;
using namespace std::chrono;

namespace {
store::MessageRecord message(const std::string& id) {
  store::MessageRecord m;
  m.id = id;
  m.connection = "dev";
  m.message_id = "<" + id + "@test>";
  m.mail_from = "a@x.test";
  m.data = "Subject: x\r\n\r\nx\r\n";
  m.recipients.push_back({"b@x.test", "pending", 0, "", ""});
  return m;
}

std::string id_of(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "m%04d", i);
  return buf;
}

// Forwards to the real store; its first apply() waits until `started` writers have begun, so
// every later writer finds a commit in flight and must queue behind it.
class GatedStore final : public store::OutboxStore {
 public:
  GatedStore(store::OutboxStore& real, std::atomic<int>& started, int wait_for)
      : real_(real), started_(started), wait_for_(wait_for) {}

  core::Result<std::vector<core::Status>> apply(std::vector<store::OutboxWrite>& w) override {
    if (first_.exchange(false)) {
      const auto deadline = steady_clock::now() + seconds(20);
      while (started_.load() < wait_for_ && steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(1));
    }
    if (fail_) return core::Error(core::Code::Unavailable, "database error: disk full");
    return real_.apply(w);
  }
  core::Result<std::vector<store::MessageRecord>> claim(const std::string& o, std::int64_t n,
                                                        std::int64_t l, int f, int r) override {
    return real_.claim(o, n, l, f, r);
  }
  core::Result<int> reclaim(const std::string& o, std::int64_t n) override {
    return real_.reclaim(o, n);
  }
  core::Result<std::optional<store::MessageRecord>> get_message(const std::string& id) override {
    return real_.get_message(id);
  }
  core::Result<std::vector<store::MessageRecord>> list_messages(
      const store::MessageFilter& f) override {
    return real_.list_messages(f);
  }
  core::Result<std::string> retry_message(const std::string& id, std::int64_t n,
                                          std::int64_t e) override {
    return real_.retry_message(id, n, e);
  }
  core::Result<std::string> cancel_message(const std::string& id, std::int64_t n) override {
    return real_.cancel_message(id, n);
  }
  core::Result<std::optional<store::IdempotencyRecord>> find_idempotency(
      const std::string& s, const std::string& k) override {
    return real_.find_idempotency(s, k);
  }
  core::Result<bool> reserve_idempotency(const store::IdempotencyRecord& r) override {
    return real_.reserve_idempotency(r);
  }
  core::Status release_idempotency(const std::string& s, const std::string& k) override {
    return real_.release_idempotency(s, k);
  }
  core::Result<store::OutboxStats> stats() override { return real_.stats(); }
  core::Result<std::int64_t> purge(std::int64_t m, std::int64_t k) override {
    return real_.purge(m, k);
  }

  bool fail_ = false;

 private:
  store::OutboxStore& real_;
  std::atomic<int>& started_;
  const int wait_for_;
  std::atomic<bool> first_{true};
};

struct Tally {
  std::atomic<int> started{0}, done{0}, ok{0}, off_io_thread{0};
  std::mutex mu;
  std::map<std::string, core::Code> errors;
};

asio::awaitable<void> write_one(GroupCommit& gc, asio::io_context& io, Tally& t,
                                store::OutboxWrite w, std::string id) {
  auto op = gc.write(std::move(w));
  ++t.started;
  auto st = co_await std::move(op);
  if (!io.get_executor().running_in_this_thread()) ++t.off_io_thread;
  if (st) {
    ++t.ok;
  } else {
    std::lock_guard lock(t.mu);
    t.errors[id] = st.error().code;
  }
  ++t.done;
}

struct GroupCommitTest : ::testing::Test {
  TempDir dir;
  std::unique_ptr<store::SecretBox> box = store::SecretBox::open("test-key", dir.str()).value();
  std::unique_ptr<store::Store> db =
      store::open_store("sqlite:" + dir.str() + "/m.db", *box).value();
  asio::io_context io;
  asio::thread_pool pool{2};
  Tally tally;

  void spawn(GroupCommit& gc, store::OutboxWrite w, std::string id) {
    asio::co_spawn(io, write_one(gc, io, tally, std::move(w), std::move(id)), asio::detached);
  }
  // Runs the io_context on two threads until `n` writers are done (or a deadline passes).
  void run_until_done(int n) {
    auto work = asio::make_work_guard(io);
    std::thread a([&] { io.run(); }), b([&] { io.run(); });
    const auto deadline = steady_clock::now() + seconds(60);
    while (tally.done.load() < n && steady_clock::now() < deadline)
      std::this_thread::sleep_for(milliseconds(5));
    work.reset();
    if (tally.done.load() < n) io.stop();
    a.join();
    b.join();
    ASSERT_EQ(tally.done.load(), n) << "writers still waiting at the deadline";
  }
  std::size_t messages() {
    store::MessageFilter f;
    f.limit = 10'000;
    return db->outbox().list_messages(f)->size();
  }
};
}  // namespace

TEST_F(GroupCommitTest, ConcurrentWritesAllCommitAndShareCommits) {
  constexpr int kWriters = 200;
  GatedStore gated(db->outbox(), tally.started, kWriters);
  GroupCommit gc(gated, pool);
  for (int i = 0; i < kWriters; ++i)
    spawn(gc, store::InsertMessage{message(id_of(i)), std::nullopt, false}, id_of(i));
  run_until_done(kWriters);
  EXPECT_EQ(tally.ok.load(), kWriters);
  EXPECT_TRUE(tally.errors.empty());
  EXPECT_EQ(tally.off_io_thread.load(), 0) << "a writer resumed on the store's thread";
  EXPECT_EQ(messages(), static_cast<std::size_t>(kWriters));
  EXPECT_EQ(gc.writes(), static_cast<std::uint64_t>(kWriters));
  // The first commit is held until every writer has begun, so the rest queue behind it: one
  // commit for the first write(s), one for the queue, and at most a couple more for the writers
  // each io thread was between "started" and enqueue() at the release.
  EXPECT_LT(gc.commits(), gc.writes());
  EXPECT_LE(gc.commits(), 4u);
}

TEST_F(GroupCommitTest, UngatedConcurrentWritesAllCommit) {
  // Without the gate, how writes group depends on timing: only commits <= writes is certain.
  constexpr int kWriters = 200;
  GroupCommit gc(db->outbox(), pool);
  for (int i = 0; i < kWriters; ++i)
    spawn(gc, store::InsertMessage{message(id_of(i)), std::nullopt, false}, id_of(i));
  run_until_done(kWriters);
  EXPECT_EQ(tally.ok.load(), kWriters);
  EXPECT_EQ(messages(), static_cast<std::size_t>(kWriters));
  EXPECT_EQ(gc.writes(), static_cast<std::uint64_t>(kWriters));
  EXPECT_LE(gc.commits(), gc.writes());
  EXPECT_GE(gc.commits(), 1u);
}

TEST_F(GroupCommitTest, EachWriterGetsItsOwnResult) {
  std::vector<store::OutboxWrite> first{
      store::InsertMessage{message("taken"), std::nullopt, false}};
  ASSERT_TRUE(db->outbox().apply(first).ok());
  GatedStore gated(db->outbox(), tally.started, 4);
  GroupCommit gc(gated, pool);
  spawn(gc, store::InsertMessage{message("a"), std::nullopt, false}, "a");
  spawn(gc, store::InsertMessage{message("taken"), std::nullopt, false}, "taken");
  spawn(gc, store::Defer{"a", "nobody", 0}, "defer");
  spawn(gc, store::InsertMessage{message("b"), std::nullopt, false}, "b");
  run_until_done(4);
  EXPECT_EQ(tally.ok.load(), 2);
  ASSERT_EQ(tally.errors.size(), 2u);
  EXPECT_TRUE(tally.errors.count("taken"));
  EXPECT_EQ(tally.errors["defer"], core::Code::NotFound);
  EXPECT_EQ(messages(), 3u);
}

TEST_F(GroupCommitTest, AFailedCommitFailsEveryWriterOfTheBatch) {
  GatedStore gated(db->outbox(), tally.started, 3);
  gated.fail_ = true;
  GroupCommit gc(gated, pool);
  for (int i = 0; i < 3; ++i)
    spawn(gc, store::InsertMessage{message(id_of(i)), std::nullopt, false}, id_of(i));
  run_until_done(3);
  EXPECT_EQ(tally.ok.load(), 0);
  ASSERT_EQ(tally.errors.size(), 3u);
  for (auto& [id, code] : tally.errors) EXPECT_EQ(code, core::Code::Unavailable) << id;
  EXPECT_EQ(messages(), 0u);
}
