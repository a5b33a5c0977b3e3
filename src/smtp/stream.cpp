// Stream: deadlines by a watchdog timer on the same strand (it cancels the socket's pending
// operation), reply reading line by line, writes with transcript.
#include "smtp/stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>

namespace mailflow::smtp {
namespace asio = boost::asio;
using boost::system::error_code;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

Stream::Stream(asio::any_io_executor strand, std::shared_ptr<asio::ssl::context> tls,
               ReplyLimits limits)
    : strand_(strand),
      tls_(std::move(tls)),
      ssl_(strand, *tls_),
      timer_(strand),
      limits_(limits),
      lines_(limits.max_line) {}

void Stream::arm(ms timeout) {
  timed_out_ = false;
  timer_.expires_after(timeout);
  timer_.async_wait([w = weak_from_this()](error_code ec) {
    auto self = w.lock();
    // A wait completed just before disarm() may still be queued: check the expiry again.
    if (ec || !self || self->timer_.expiry() > std::chrono::steady_clock::now()) return;
    self->timed_out_ = true;
    error_code ignored;
    self->socket().cancel(ignored);
  });
}

void Stream::disarm() { timer_.expires_at(std::chrono::steady_clock::time_point::max()); }

void Stream::close() {
  broken_ = true;
  disarm();
  error_code ignored;
  socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
}

core::Error Stream::fail(core::Error e) {
  close();
  if (e.smtp) transcript_.note(e.message);
  return e;
}

std::string Stream::tls_version() {
  if (!tls_active_) return {};
  return SSL_get_version(ssl_.native_handle());
}

asio::awaitable<std::pair<error_code, std::size_t>> Stream::read_some(char* p, std::size_t n) {
  auto buf = asio::buffer(p, n);
  // (No co_await inside ?: — g++ 12 mishandles the temporaries of both arms.)
  if (tls_active_) {
    auto [ec, got] = co_await ssl_.async_read_some(buf, kTuple);
    co_return std::pair{ec, got};
  }
  auto [ec, got] = co_await socket().async_read_some(buf, kTuple);
  co_return std::pair{ec, got};
}

asio::awaitable<core::Result<Reply>> Stream::read_reply(Step step, ms timeout) {
  if (broken_) co_return fail(transport_error(step, asio::error::not_connected));
  ReplyParser parser(limits_);
  std::string line;
  std::array<char, 4096> buf;
  arm(timeout);
  for (;;) {
    auto st = lines_.next(line);
    if (st == LineBuffer::Status::TooLong)
      co_return fail(protocol_error(step, "a reply line is longer than " +
                                              std::to_string(limits_.max_line) + " octets"));
    if (st == LineBuffer::Status::Line) {
      transcript_.server(line);
      auto ps = parser.add_line(line);
      if (ps == ReplyParser::Status::Bad) co_return fail(protocol_error(step, parser.error()));
      if (ps == ReplyParser::Status::More) continue;
      disarm();
      Reply r = parser.take();
      if (r.code == 421) broken_ = true;  // RFC 5321 §3.8: the server is closing the channel
      co_return r;
    }
    auto [ec, n] = co_await read_some(buf.data(), buf.size());
    if (timed_out_) co_return fail(timeout_error(step, timeout));
    if (ec) co_return fail(transport_error(step, ec));
    lines_.append(std::string_view(buf.data(), n));
  }
}

asio::awaitable<core::Status> Stream::write_line(std::string_view line, Step step, ms timeout,
                                                 bool redact) {
  if (!redact) {
    transcript_.client(line);
  } else if (line.rfind("AUTH ", 0) == 0) {  // keep the verb and mechanism, never the payload
    auto sp = line.find(' ', 5);
    transcript_.client(sp == std::string_view::npos ? std::string(line)
                                                    : std::string(line.substr(0, sp)) + " <redacted>");
  } else {
    transcript_.client("<redacted>");
  }
  std::string bytes(line);
  bytes += "\r\n";
  co_return co_await write_raw(bytes, step, timeout);
}

asio::awaitable<core::Status> Stream::write_raw(std::string_view bytes, Step step, ms timeout) {
  if (broken_) co_return fail(transport_error(step, asio::error::not_connected));
  arm(timeout);
  auto buf = asio::buffer(bytes.data(), bytes.size());
  boost::system::error_code ec;
  if (tls_active_)
    std::tie(ec, std::ignore) = co_await asio::async_write(ssl_, buf, kTuple);
  else
    std::tie(ec, std::ignore) = co_await asio::async_write(socket(), buf, kTuple);
  disarm();
  if (timed_out_) co_return fail(timeout_error(step, timeout));
  if (ec) co_return fail(transport_error(step, ec));
  co_return core::ok();
}

}  // namespace mailflow::smtp
