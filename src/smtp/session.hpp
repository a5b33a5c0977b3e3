// smtp::Session — one open SMTP session: connected, greeted, EHLO'd, TLS as the mode asks,
// authenticated. open() succeeds only when the session is ready for MAIL FROM; it fails with
// the mapped error of the first step that went wrong (and QUITs politely when it can).
// Contract: run every operation on the session's strand (on_strand()); a session whose stream
// is broken is never reused.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "smtp/capabilities.hpp"
#include "smtp/envelope.hpp"
#include "smtp/settings.hpp"
#include "smtp/stream.hpp"

namespace mailflow::smtp {

class Session {
  struct Key {
    explicit Key() = default;
  };

 public:
  Session(Key, std::shared_ptr<Stream> s, Settings settings)
      : stream_(std::move(s)), settings_(std::move(settings)) {}

  // Must itself run on `strand` (see on_strand).
  static boost::asio::awaitable<core::Result<std::shared_ptr<Session>>> open(
      boost::asio::any_io_executor strand, Settings settings,
      std::shared_ptr<boost::asio::ssl::context> tls);

  boost::asio::awaitable<core::Status> reset();  // RSET → 250; anything else: not reusable
  boost::asio::awaitable<void> quit();           // QUIT → 221, then close; never fails

  Stream& stream() { return *stream_; }
  const Capabilities& capabilities() const { return caps_; }
  const Settings& settings() const { return settings_; }
  bool usable() const { return !stream_->broken(); }
  boost::asio::any_io_executor executor() const { return stream_->executor(); }
  ProbeResult describe();  // what probe() reports
  // Logs a failure with the session transcript (AUTH redacted) at debug level, for diagnosis.
  void log_failure(const core::Error&);

 private:
  boost::asio::awaitable<core::Status> handshake_all();
  boost::asio::awaitable<core::Status> ehlo();
  boost::asio::awaitable<core::Status> starttls();
  boost::asio::awaitable<core::Status> authenticate();
  boost::asio::awaitable<core::Result<Reply>> command(std::string_view line, Step,
                                                     bool redact = false);

  std::shared_ptr<Stream> stream_;
  Settings settings_;
  Capabilities caps_;
  std::string greeting_;
  std::string auth_used_ = "none";
};

// Runs `op` on `strand` and returns its result to the caller's executor. Everything touching a
// session goes through this, so its socket and watchdog timer are never used concurrently.
template <class T>
boost::asio::awaitable<T> on_strand(boost::asio::any_io_executor strand,
                                    boost::asio::awaitable<T> op) {
  std::optional<T> out;  // co_spawn needs a default-constructible T; Result<T> is not
  co_await boost::asio::co_spawn(
      strand, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await std::move(op)); },
      boost::asio::use_awaitable);
  co_return std::move(*out);
}
inline boost::asio::awaitable<void> on_strand(boost::asio::any_io_executor strand,
                                              boost::asio::awaitable<void> op) {
  co_await boost::asio::co_spawn(strand, std::move(op), boost::asio::use_awaitable);
}

}  // namespace mailflow::smtp
