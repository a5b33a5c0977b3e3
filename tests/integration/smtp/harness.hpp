// Shared set-up for the SMTP client integration tests: run a coroutine to completion on an
// io_context, settings for a local test server with short timeouts, a sample message.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <optional>
#include <string>

#include "smtp/smtp.hpp"
#include "smtp_server.hpp"

namespace mailflow::smtp::itest {

// Runs `make(executor)`'s awaitable on a fresh io_context until it finishes.
template <class F>
auto run(F make) {
  boost::asio::io_context io;
  using T = typename decltype(make(io.get_executor()))::value_type;
  std::optional<T> out;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await make(io.get_executor())); },
      boost::asio::detached);
  io.run();
  return std::move(*out);
}

inline Settings local(int port, TlsMode tls = TlsMode::None) {
  Settings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.tls = tls;
  s.client_hostname = "client.test";
  s.timeouts.connect = std::chrono::seconds(10);
  s.timeouts.greeting = std::chrono::seconds(10);
  s.timeouts.command = std::chrono::seconds(10);
  s.timeouts.data = std::chrono::seconds(20);
  return s;
}

inline Envelope envelope(std::vector<std::string> to, std::string from = "sender@example.org") {
  Envelope e;
  e.mail_from = std::move(from);
  e.recipients = std::move(to);
  return e;
}

// One recipient, no braced list: g++ 12 fails on initializer lists in co_await expressions.
inline Envelope to(std::string rcpt) { return envelope(std::vector<std::string>{std::move(rcpt)}); }

inline std::string sample_message(std::string_view subject = "hello") {
  return "From: sender@example.org\r\nTo: rcpt@example.org\r\nSubject: " + std::string(subject) +
         "\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two dots\r\n.\r\nlast\r\n";
}

// One send through a one-off pool.
inline core::Result<SendResult> send_once(const Settings& s, Envelope env, std::string message) {
  return run([&](boost::asio::any_io_executor ex) -> boost::asio::awaitable<core::Result<SendResult>> {
    Pool pool(ex, s);
    auto r = co_await pool.send(std::move(env), std::move(message));
    pool.close();
    co_return r;
  });
}

inline std::string str(const boost::json::value& v, std::string_view key) {
  return std::string(v.at(key).as_string());
}

}  // namespace mailflow::smtp::itest
