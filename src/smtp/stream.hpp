// smtp::Stream — one connection's byte stream, plain TCP or TLS after a handshake, with a
// deadline on every operation and reply reading on top (wire.hpp, reply.hpp). Every operation
// returns its failure as a core::Error already mapped by policy.cpp for the step it served.
// Contract: use it from one coroutine at a time on the stream's strand (its executor); any error
// leaves it broken() (a session with a broken stream is never reused).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "smtp/policy.hpp"
#include "smtp/reply.hpp"
#include "smtp/wire.hpp"

namespace mailflow::smtp {

class Stream : public std::enable_shared_from_this<Stream> {
 public:
  using ms = std::chrono::milliseconds;
  Stream(boost::asio::any_io_executor strand, std::shared_ptr<boost::asio::ssl::context> tls,
         ReplyLimits limits = {});
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // connect.cpp: resolve host, try every address (IPv6 and IPv4); the deadline covers each try.
  boost::asio::awaitable<core::Status> connect(std::string host, int port, ms timeout);
  // tls.cpp: client handshake, SNI and certificate + host name verification when verify.
  boost::asio::awaitable<core::Status> handshake(std::string host, bool verify, ms timeout);

  boost::asio::awaitable<core::Result<Reply>> read_reply(Step, ms timeout);
  // One command line (CRLF added). redact: the transcript shows "<redacted>" (AUTH payloads).
  boost::asio::awaitable<core::Status> write_line(std::string_view line, Step, ms timeout,
                                                  bool redact = false);
  // Raw bytes (a pipelined batch already in the transcript, the message body).
  boost::asio::awaitable<core::Status> write_raw(std::string_view bytes, Step, ms timeout);

  bool tls_active() const { return tls_active_; }
  std::string tls_version();  // "TLSv1.3", or empty in clear text
  bool broken() const { return broken_; }
  void mark_broken() { broken_ = true; }
  void close();
  Transcript& transcript() { return transcript_; }
  boost::asio::any_io_executor executor() const { return strand_; }
  boost::asio::ip::tcp::socket& socket() { return ssl_.next_layer(); }

 private:
  void arm(ms timeout);
  void disarm();
  core::Error fail(core::Error e);  // marks broken, closes
  boost::asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some(char* p,
                                                                                       std::size_t n);

  boost::asio::any_io_executor strand_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> ssl_;
  boost::asio::steady_timer timer_;
  ReplyLimits limits_;
  LineBuffer lines_;
  Transcript transcript_;
  bool tls_active_ = false, broken_ = false, timed_out_ = false;
};

}  // namespace mailflow::smtp
