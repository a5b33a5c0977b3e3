// GroupCommit: makes outbox writes durable together. Each caller waits for its own write; while
// one transaction is being committed (and fsync'ed), new writes gather, and the next commit takes
// them all. Under load a commit carries many messages, so durability does not cost an fsync per
// message; alone, a write commits at once (no timer, no added latency).
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/error.hpp"
#include "store/outbox_store.hpp"

namespace mailflow::outbox {

class GroupCommit {
 public:
  GroupCommit(store::OutboxStore& store, boost::asio::thread_pool& blocking)
      : store_(store), blocking_(blocking) {}

  // Resumes once the write is committed (ok) or failed (its own error, or the commit's).
  boost::asio::awaitable<core::Status> write(store::OutboxWrite w);

  std::uint64_t commits() const { return commits_.load(); }  // = fsyncs of the outbox
  std::uint64_t writes() const { return writes_.load(); }

 private:
  struct Pending {
    store::OutboxWrite write;
    boost::asio::any_completion_handler<void(core::Status)> done;
    boost::asio::any_io_executor ex;  // where `done` resumes
  };
  void enqueue(Pending p);
  void flush();  // on the blocking pool; loops until the queue is empty

  store::OutboxStore& store_;
  boost::asio::thread_pool& blocking_;
  std::mutex mu_;
  std::vector<Pending> queue_;
  bool flushing_ = false;
  std::atomic<std::uint64_t> commits_{0}, writes_{0};
};

}  // namespace mailflow::outbox
