// offload(): run a blocking function (SQLite, file I/O) on a thread pool and resume the calling
// coroutine on its own executor with the result, so no I/O thread ever blocks on disk.
//
// Use it in two statements — `auto op = offload(pool, [..]{..}); auto r = co_await std::move(op);`
// — never `co_await offload(pool, [captures]{..})`: g++ 12 destroys a capturing lambda
// temporary twice when it lives in a co_await full-expression (a double free under ASan).
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <type_traits>
#include <utility>

namespace mailflow {

template <class F>
auto offload(boost::asio::thread_pool& pool, F f) {
  using R = std::invoke_result_t<F&>;
  namespace asio = boost::asio;
  // async_initiate with a plain void(R) signature: R need not be default-constructible.
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(R)>(
      [&pool](auto handler, F fn) {
        asio::post(pool, [h = std::move(handler), fn = std::move(fn)]() mutable {
          R r = fn();
          auto ex = asio::get_associated_executor(h);
          asio::dispatch(ex, [h = std::move(h), r = std::move(r)]() mutable {
            std::move(h)(std::move(r));
          });
        });
      },
      asio::use_awaitable, std::move(f));
}

}  // namespace mailflow
