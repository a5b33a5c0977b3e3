// Server: the HTTP/1.1 listener (Boost.Beast over Asio coroutines). One coroutine per
// connection: read a request (body limit, 100-continue), dispatch through the Router with
// authentication, write the response, repeat while keep-alive. Beast stays inside server.cpp.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"

namespace mailflow::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  std::size_t body_limit = 50u << 20;                     // http.body_limit → 413 above it
  std::chrono::seconds idle_timeout{60};                  // keep-alive connection idle
  std::chrono::seconds read_timeout{60};                  // one request, header + body
  std::chrono::seconds shutdown_grace{20};                // in-flight requests at SIGTERM
  core::Metrics* metrics = nullptr;                       // requests by route and status
};

class Server {
 public:
  Server(boost::asio::io_context& io, const Router& router, Authenticator& auth, ServerOptions o);
  ~Server();

  core::Status listen();  // binds; errors (address in use) are reported here, at start
  unsigned short port() const;
  void start();
  // Stops accepting; requests in flight finish and close their connection. The caller waits for
  // in_flight() == 0 (bounded by shutdown_grace) before stopping the io_context, which drops
  // idle keep-alive connections.
  void stop();
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mailflow::http
