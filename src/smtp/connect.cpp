// Stream::connect — resolve the host and try each address in turn (IPv6 and IPv4, in the
// resolver's order) until one accepts; timeouts.connect bounds the lookup and each attempt.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "smtp/stream.hpp"

namespace mailflow::smtp {
namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<core::Status> Stream::connect(std::string host, int port, ms timeout) {
  constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
  const std::string where = host + ":" + std::to_string(port);
  tcp::resolver resolver(strand_);
  // Known wart: the lookup is not under timeouts.connect. getaddrinfo runs on Asio's resolver
  // thread and cannot be interrupted, so the system resolver's own timeout applies; an async
  // stub resolver (c-ares) would fix it. It never blocks an I/O thread.
  auto [rec, results] = co_await resolver.async_resolve(host, std::to_string(port), tuple);
  if (rec) co_return fail(transport_error(Step::Connect, rec, where));
  boost::system::error_code last = asio::error::host_not_found;
  for (const auto& entry : results) {
    boost::system::error_code ignored;
    socket().close(ignored);
    arm(timeout);
    auto [ec] = co_await socket().async_connect(entry.endpoint(), tuple);
    disarm();
    if (!ec && !timed_out_) {
      socket().set_option(tcp::no_delay(true), ignored);
      co_return core::ok();
    }
    last = ec;
    if (timed_out_) last = asio::error::timed_out;
  }
  if (last == asio::error::timed_out) co_return fail(timeout_error(Step::Connect, timeout));
  co_return fail(transport_error(Step::Connect, last, where));
}

}  // namespace mailflow::smtp
