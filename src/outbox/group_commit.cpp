#include "outbox/group_commit.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mailflow::outbox {
namespace asio = boost::asio;

asio::awaitable<core::Status> GroupCommit::write(store::OutboxWrite w) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(core::Status)>(
      [this](auto handler, store::OutboxWrite w) {
        auto ex = asio::get_associated_executor(handler);
        enqueue(Pending{std::move(w), std::move(handler), ex});
      },
      asio::use_awaitable, std::move(w));
}

void GroupCommit::enqueue(Pending p) {
  std::lock_guard lock(mu_);
  queue_.push_back(std::move(p));
  if (flushing_) return;  // the running flush picks it up on its next round
  flushing_ = true;
  asio::post(blocking_, [this] { flush(); });
}

void GroupCommit::flush() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::lock_guard lock(mu_);
      if (queue_.empty()) {
        flushing_ = false;
        return;
      }
      batch.swap(queue_);
    }
    std::vector<store::OutboxWrite> writes;
    writes.reserve(batch.size());
    for (auto& p : batch) writes.push_back(std::move(p.write));
    auto results = store_.apply(writes);
    commits_ += 1;
    writes_ += batch.size();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      core::Status st = results ? std::move((*results)[i]) : core::Status(results.error());
      // Resume each caller on its own executor, never on this store thread.
      auto h = std::move(batch[i].done);
      asio::post(batch[i].ex, [h = std::move(h), st = std::move(st)]() mutable { std::move(h)(std::move(st)); });
    }
  }
}

}  // namespace mailflow::outbox
