// A tiny in-test SMTP server that replays a scripted conversation per connection and records
// every byte the client wrote, so tests can assert the exact bytes (MailKit's approach).
// Steps: S("...") the server sends; C("...") the client must send (read exactly that many
// bytes); Close() hangs up. After the last step it reads until the client closes. Runs on its own thread.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mailflow::smtp::scripted {

struct Step {
  bool server;
  std::string bytes;
  bool close = false;
};
inline Step S(std::string b) { return {true, std::move(b)}; }
inline Step C(std::string b) { return {false, std::move(b)}; }
inline Step Close() { return {true, "", true}; }  // the server hangs up

class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<std::vector<Step>> connections)
      : scripts_(std::move(connections)),
        received_(scripts_.size()),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    boost::asio::co_spawn(io_, serve(), boost::asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ScriptedServer() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  // Waits until every scripted connection was served and closed by the client.
  void wait() {
    if (thread_.joinable()) thread_.join();
  }
  // What the client wrote on connection i, and what the script expected it to write.
  const std::string& client_bytes(std::size_t i) const { return received_.at(i); }
  std::string expected_bytes(std::size_t i) const {
    std::string out;
    for (const auto& s : scripts_.at(i))
      if (!s.server) out += s.bytes;
    return out;
  }

 private:
  boost::asio::awaitable<void> serve() {
    namespace asio = boost::asio;
    constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
    for (std::size_t i = 0; i < scripts_.size(); ++i) {
      auto [aec, sock] = co_await acceptor_.async_accept(tuple);
      if (aec) co_return;
      std::string& got = received_[i];
      bool closed = false;
      for (const auto& step : scripts_[i]) {
        if (step.close) {
          closed = true;
          break;
        }
        if (step.server) {
          auto [ec, n] = co_await asio::async_write(sock, asio::buffer(step.bytes), tuple);
          if (ec) break;
        } else {
          std::string buf(step.bytes.size(), '\0');
          auto [ec, n] = co_await asio::async_read(sock, asio::buffer(buf), tuple);
          got.append(buf, 0, n);
          if (ec) break;
        }
      }
      for (; !closed;) {  // whatever else the client sends, until it closes
        char b[1024];
        auto [ec, n] = co_await sock.async_read_some(asio::buffer(b), tuple);
        got.append(b, n);
        if (ec) break;
      }
    }
  }

  std::vector<std::vector<Step>> scripts_;
  std::vector<std::string> received_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
};

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

}  // namespace mailflow::smtp::scripted
