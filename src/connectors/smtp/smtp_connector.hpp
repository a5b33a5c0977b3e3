// SmtpConnector: the Send Email operations of the Logic Apps SMTP connector on top of named
// connections and the outbox. A send is validated and composed first (bad input: 4xx, nothing
// stored); then either
//   synchronous — sent through the connection's session pool while the caller waits (200 with
//   {id, messageId, accepted, rejected, warnings}, or the mapped error), and recorded; or
//   asynchronous — written durably to the outbox (202 with {id, messageId, status: "queued"}).
// An Idempotency-Key makes a repeated request answer what the first one did and send nothing.
// It is also the outbox's Transport: pools are created on first use and dropped when their
// connection is replaced or deleted.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <chrono>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "mail/connector_json.hpp"
#include "outbox/outbox.hpp"
#include "outbox/transport.hpp"
#include "smtp/envelope.hpp"
#include "store/store.hpp"

namespace mailflow::smtp {
class Pool;
}

namespace mailflow::connectors::smtp {

struct ConnectorOptions {
  mail::Limits limits;
  std::string hostname;  // Message-ID right-hand side; empty → the machine's name
};

struct SendRequest {
  std::string connection;
  boost::json::value body;
  mail::Operation op = mail::Operation::SendEmailV2;
  bool async = false;
  // Idempotency: scope says who may replay (API key and connection), key is the client's,
  // body_hash identifies the request's content (same key + other content → 409).
  std::optional<std::string> idempotency_key;
  std::string idempotency_scope, body_hash;
  // Async only: the message's lifetime instead of the connection's (a workflow action gives 0:
  // one attempt, its own retry policy decides the rest).
  std::optional<std::chrono::seconds> lifetime;
};

struct SendAnswer {
  int status = 200;  // 200 or 202 (a replay answers the first request's status)
  boost::json::object body;
  bool replayed = false;
};

class SmtpConnector final : public outbox::Transport {
 public:
  SmtpConnector(boost::asio::any_io_executor ex, store::Store& store,
                boost::asio::thread_pool& blocking, outbox::Outbox& outbox, core::Metrics& metrics,
                ConnectorOptions opts);
  ~SmtpConnector() override;

  // Errors: the input's 4xx, NotFound for the connection, Conflict (idempotency), RateLimited,
  // Unavailable (store), the SMTP mapping (synchronous only).
  boost::asio::awaitable<core::Result<SendAnswer>> send(SendRequest req);
  // Connect, TLS, EHLO, AUTH, QUIT; no mail. Body for POST /api/connections/{name}/test.
  boost::asio::awaitable<core::Result<boost::json::object>> test(std::string connection);

  void forget(const std::string& connection);  // after PUT or DELETE of that connection
  void close_all();                            // at shutdown
  void collect_metrics(core::Metrics& m);       // pool sessions, at scrape time

  // outbox::Transport
  boost::asio::awaitable<core::Result<outbox::ConnectionPolicy>> policy(std::string connection) override;
  boost::asio::awaitable<core::Result<mailflow::smtp::SendResult>> deliver(
      std::string connection, mailflow::smtp::Envelope env, std::string data) override;

 private:
  struct Connection {
    std::shared_ptr<mailflow::smtp::Pool> pool;
    outbox::ConnectionPolicy policy;
  };
  struct Prepared;  // a composed message and its envelope
  boost::asio::awaitable<core::Result<Connection>> connection(const std::string& name);
  boost::asio::awaitable<core::Result<SendAnswer>> replay(const SendRequest& req);
  boost::asio::awaitable<core::Result<SendAnswer>> send_now(const SendRequest& req, Connection c,
                                                            Prepared p);
  boost::asio::awaitable<void> record(store::InsertMessage w, std::string message_id);  // a sync send's
  boost::asio::awaitable<core::Result<SendAnswer>> enqueue(const SendRequest& req, Connection c,
                                                           Prepared p);

  boost::asio::any_io_executor ex_;
  store::Store& store_;
  boost::asio::thread_pool& blocking_;
  outbox::Outbox& outbox_;
  core::Metrics& metrics_;
  ConnectorOptions opts_;
  std::mutex mu_;
  std::map<std::string, Connection> connections_;
};

}  // namespace mailflow::connectors::smtp
