// smtp::Pool — the sessions of one named connection. Sessions stay open and authenticated and
// are reused (RSET first); at most settings.max_connections are open at once, and a send that
// finds none free waits without blocking a thread. A pooled session found dead at RSET is
// replaced once, transparently (nothing was sent on it yet, so this cannot duplicate mail).
// Safe to call from many coroutines on a multi-threaded io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "smtp/envelope.hpp"
#include "smtp/settings.hpp"

namespace mailflow::smtp {

class Pool {
 public:
  Pool(boost::asio::any_io_executor ex, Settings s);
  ~Pool();  // close()
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // `message` is the RFC 5322 message with CRLF line ends, NOT dot-stuffed (the client stuffs).
  boost::asio::awaitable<core::Result<SendResult>> send(Envelope env, std::string message);
  void close();  // QUIT idle sessions; later sends fail fast
  struct Stats {
    int open, idle;
  };
  Stats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// Connect, TLS, EHLO, AUTH, QUIT; sends no mail. What `POST /api/connections/{name}/test` shows.
boost::asio::awaitable<core::Result<ProbeResult>> probe(boost::asio::any_io_executor ex,
                                                        Settings s);

}  // namespace mailflow::smtp
