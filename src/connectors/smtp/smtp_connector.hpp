// SmtpConnector: the Send Email operations of the Logic Apps SMTP connector on top of named
// connections. Turns a connector body into a composed message, sends it through the connection's
// session pool and answers {messageId, accepted, rejected, warnings} — or the mapped error.
// Pools are created on first use and dropped when their connection is replaced or deleted.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/error.hpp"
#include "mail/connector_json.hpp"
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

class SmtpConnector {
 public:
  SmtpConnector(boost::asio::any_io_executor ex, store::Store& store,
                boost::asio::thread_pool& blocking, ConnectorOptions opts);
  ~SmtpConnector();

  // 200 body on success. Errors: the input's 4xx, NotFound for the connection, the SMTP mapping.
  boost::asio::awaitable<core::Result<boost::json::object>> send(std::string connection,
                                                                 boost::json::value body,
                                                                 mail::Operation op);
  // Connect, TLS, EHLO, AUTH, QUIT; no mail. Body for POST /api/connections/{name}/test.
  boost::asio::awaitable<core::Result<boost::json::object>> test(std::string connection);

  void forget(const std::string& connection);  // after PUT or DELETE of that connection
  void close_all();                            // at shutdown

 private:
  boost::asio::awaitable<core::Result<std::shared_ptr<mailflow::smtp::Pool>>> pool_for(
      const std::string& name);

  boost::asio::any_io_executor ex_;
  store::Store& store_;
  boost::asio::thread_pool& blocking_;
  ConnectorOptions opts_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<mailflow::smtp::Pool>> pools_;
};

}  // namespace mailflow::connectors::smtp
