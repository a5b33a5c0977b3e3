#include "connectors/smtp/smtp_connector.hpp"

#include <unistd.h>

#include <boost/json/array.hpp>

#include "asio/offload.hpp"
#include "connectors/smtp/connection_spec.hpp"
#include "mail/compose.hpp"
#include "mail/envelope.hpp"
#include "smtp/pool.hpp"

namespace mailflow::connectors::smtp {
namespace json = boost::json;
namespace msmtp = mailflow::smtp;
using boost::asio::awaitable;

namespace {
std::string machine_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  return buf;
}

json::object reply_json(const std::string& address, const msmtp::Reply& r) {
  return {{"address", address}, {"reply", r.code}, {"enhanced", r.enhanced}, {"text", r.text()}};
}

json::object result_json(const std::string& message_id, const msmtp::SendResult& r) {
  json::array accepted, rejected, warnings;
  for (const auto& a : r.accepted) accepted.emplace_back(a);
  for (const auto& x : r.rejected) rejected.emplace_back(reply_json(x.address, x.reply));
  for (const auto& w : r.warnings) warnings.emplace_back(w);
  return {{"messageId", message_id},
          {"accepted", std::move(accepted)},
          {"rejected", std::move(rejected)},
          {"warnings", std::move(warnings)}};
}
}  // namespace

SmtpConnector::SmtpConnector(boost::asio::any_io_executor ex, store::Store& store,
                             boost::asio::thread_pool& blocking, ConnectorOptions opts)
    : ex_(std::move(ex)), store_(store), blocking_(blocking), opts_(std::move(opts)) {
  if (opts_.hostname.empty()) opts_.hostname = machine_name();
}

SmtpConnector::~SmtpConnector() { close_all(); }

awaitable<core::Result<std::shared_ptr<msmtp::Pool>>> SmtpConnector::pool_for(
    const std::string& name) {
  {
    std::lock_guard lock(mu_);
    if (auto it = pools_.find(name); it != pools_.end()) co_return it->second;
  }
  auto rec_op = offload(blocking_, [this, name] { return store_.get_connection(name); });
  auto rec = co_await std::move(rec_op);
  if (!rec) co_return std::move(rec).error();
  if (!rec->has_value())
    co_return core::Error(core::Code::NotFound, "there is no connection named '" + name + "'");
  auto settings = to_settings(**rec);
  if (!settings) co_return std::move(settings).error();
  std::lock_guard lock(mu_);
  auto& slot = pools_[name];  // another coroutine may have made it meanwhile: keep the first
  if (!slot) slot = std::make_shared<msmtp::Pool>(ex_, std::move(*settings));
  co_return slot;
}

awaitable<core::Result<json::object>> SmtpConnector::send(std::string connection, json::value body,
                                                          mail::Operation op) {
  auto pool = co_await pool_for(connection);  // an unknown connection is 404 whatever the body
  if (!pool) co_return std::move(pool).error();
  auto msg = mail::from_connector_json(body, op, opts_.limits);
  if (!msg) co_return std::move(msg).error();
  auto composed = mail::compose(*msg, {opts_.hostname, std::chrono::system_clock::now()});
  if (!composed) co_return std::move(composed).error();
  auto env = mail::envelope_of(*msg);
  msmtp::Envelope senv{env.mail_from, std::move(env.recipients), env.smtputf8 || composed->smtputf8,
                       composed->eight_bit, msg->delivery_receipt.has_value(), ""};
  auto send_op = (*pool)->send(std::move(senv), std::move(composed->data));
  auto sent = co_await std::move(send_op);
  if (!sent) co_return std::move(sent).error();
  co_return result_json(composed->message_id, *sent);
}

awaitable<core::Result<json::object>> SmtpConnector::test(std::string connection) {
  auto rec_op = offload(blocking_, [this, connection] { return store_.get_connection(connection); });
  auto rec = co_await std::move(rec_op);
  if (!rec) co_return std::move(rec).error();
  if (!rec->has_value())
    co_return core::Error(core::Code::NotFound, "there is no connection named '" + connection + "'");
  auto settings = to_settings(**rec);
  if (!settings) co_return std::move(settings).error();
  auto probe_op = msmtp::probe(ex_, std::move(*settings));
  auto p = co_await std::move(probe_op);
  if (!p) co_return std::move(p).error();
  json::array caps;
  for (const auto& c : p->capabilities) caps.emplace_back(c);
  co_return json::object{{"ok", true},
                         {"tls", msmtp::to_string(p->tls)},
                         {"tlsVersion", p->tls_version},
                         {"auth", p->auth},
                         {"capabilities", std::move(caps)},
                         {"greeting", p->greeting}};
}

void SmtpConnector::forget(const std::string& connection) {
  std::shared_ptr<msmtp::Pool> old;
  {
    std::lock_guard lock(mu_);
    auto it = pools_.find(connection);
    if (it == pools_.end()) return;
    old = std::move(it->second);
    pools_.erase(it);
  }
  old->close();  // sends in flight keep their shared_ptr and finish
}

void SmtpConnector::close_all() {
  std::map<std::string, std::shared_ptr<msmtp::Pool>> all;
  {
    std::lock_guard lock(mu_);
    all.swap(pools_);
  }
  for (auto& [name, p] : all) p->close();
}

}  // namespace mailflow::connectors::smtp
