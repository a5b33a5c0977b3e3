#include "connectors/smtp/smtp_connector.hpp"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "asio/offload.hpp"
#include "connectors/smtp/connection_spec.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "mail/compose.hpp"
#include "mail/envelope.hpp"
#include "outbox/outcome.hpp"
#include "smtp/pool.hpp"

namespace mailflow::connectors::smtp {
namespace json = boost::json;
namespace msmtp = mailflow::smtp;
using boost::asio::awaitable;
using core::Code;
using outbox::now_ms;

struct SmtpConnector::Prepared {
  std::string message_id;
  std::string data;
  msmtp::Envelope envelope;
};

namespace {
std::string machine_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  return buf;
}

json::object reply_json(const std::string& address, const msmtp::Reply& r) {
  return {{"address", address}, {"reply", r.code}, {"enhanced", r.enhanced}, {"text", r.text()}};
}

json::object result_json(const std::string& id, const std::string& message_id, const msmtp::SendResult& r) {
  json::array accepted, rejected, warnings;
  for (const auto& a : r.accepted) accepted.emplace_back(a);
  for (const auto& x : r.rejected) rejected.emplace_back(reply_json(x.address, x.reply));
  for (const auto& w : r.warnings) warnings.emplace_back(w);
  return {{"id", id},
          {"messageId", message_id},
          {"accepted", std::move(accepted)},
          {"rejected", std::move(rejected)},
          {"warnings", std::move(warnings)}};
}

// A pending idempotency key older than this belongs to a request that died (crash) mid-way.
constexpr std::int64_t kAbandonedMs = 15 * 60 * 1000;

store::MessageRecord new_record(const SendRequest& req, const std::string& id, std::int64_t now,
                                std::int64_t expires, const msmtp::Envelope& env,
                                const std::string& message_id) {
  store::MessageRecord m;
  m.id = id;
  m.connection = req.connection;
  m.message_id = message_id;
  m.created_ms = m.updated_ms = m.next_attempt_ms = now;
  m.expires_ms = expires;
  m.synchronous = !req.async;
  m.mail_from = env.mail_from;
  m.smtputf8 = env.smtputf8;
  m.eight_bit = env.eight_bit;
  m.dsn = env.dsn;
  for (const auto& r : env.recipients) {
    store::RecipientState rs;
    rs.address = r;
    m.recipients.push_back(std::move(rs));
  }
  return m;
}
}  // namespace

SmtpConnector::SmtpConnector(boost::asio::any_io_executor ex, store::Store& store,
                             boost::asio::thread_pool& blocking, outbox::Outbox& outbox,
                             core::Metrics& metrics, ConnectorOptions opts)
    : ex_(std::move(ex)), store_(store), blocking_(blocking), outbox_(outbox), metrics_(metrics),
      opts_(std::move(opts)) {
  if (opts_.hostname.empty()) opts_.hostname = machine_name();
  using T = core::Metrics::Type;
  metrics_.declare("mailflow_messages_accepted_total", T::Counter,
                   "Messages accepted for sending, by connection and mode (sync, async).");
  metrics_.declare("mailflow_smtp_pool_sessions", T::Gauge,
                   "SMTP sessions of each connection's pool, by state (open, idle).");
}

SmtpConnector::~SmtpConnector() { close_all(); }

awaitable<core::Result<SmtpConnector::Connection>> SmtpConnector::connection(const std::string& name) {
  {
    std::lock_guard lock(mu_);
    if (auto it = connections_.find(name); it != connections_.end()) co_return it->second;
  }
  auto rec_op = offload(blocking_, [this, name] { return store_.get_connection(name); });
  auto rec = co_await std::move(rec_op);
  if (!rec) co_return std::move(rec).error();
  if (!rec->has_value()) co_return core::Error(Code::NotFound, "there is no connection named '" + name + "'");
  auto settings = to_settings(**rec);
  if (!settings) co_return std::move(settings).error();
  auto policy = to_policy(**rec);
  if (!policy) co_return std::move(policy).error();
  std::lock_guard lock(mu_);
  auto& slot = connections_[name];  // another coroutine may have made it meanwhile: keep the first
  if (!slot.pool) slot = {std::make_shared<msmtp::Pool>(ex_, std::move(*settings)), std::move(*policy)};
  co_return slot;
}

awaitable<core::Result<outbox::ConnectionPolicy>> SmtpConnector::policy(std::string name) {
  auto c = co_await connection(name);
  if (!c) co_return std::move(c).error();
  co_return c->policy;
}

awaitable<core::Result<msmtp::SendResult>> SmtpConnector::deliver(std::string name, msmtp::Envelope env,
                                                                  std::string data) {
  auto c = co_await connection(name);
  if (!c) co_return std::move(c).error();
  auto op = c->pool->send(std::move(env), std::move(data));
  co_return co_await std::move(op);
}

// The first answer to this key; status 0 when there is none (or the key may be reused).
// (Not std::optional: g++ 12 warns falsely about it inside a coroutine frame.)
awaitable<core::Result<SendAnswer>> SmtpConnector::replay(const SendRequest& req) {
  if (!req.idempotency_key) co_return SendAnswer{0, {}, false};
  auto op = offload(blocking_, [this, &req] {
    return store_.outbox().find_idempotency(req.idempotency_scope, *req.idempotency_key);
  });
  auto found = co_await std::move(op);
  if (!found) co_return std::move(found).error();
  if (!*found) co_return SendAnswer{0, {}, false};
  const store::IdempotencyRecord& r = **found;
  const auto age = now_ms() - r.created_ms;
  const auto window = std::chrono::duration_cast<std::chrono::milliseconds>(
                          outbox_.options().idempotency_window).count();
  if (age > window || (r.status == 0 && age > kAbandonedMs)) {
    auto rel = offload(blocking_, [this, &req] {
      return store_.outbox().release_idempotency(req.idempotency_scope, *req.idempotency_key);
    });
    (void)co_await std::move(rel);
    co_return SendAnswer{0, {}, false};
  }
  if (r.body_hash != req.body_hash)
    co_return core::Error(Code::Conflict, "Idempotency-Key '" + *req.idempotency_key +
                                              "' was already used with a different request");
  if (r.status == 0)
    co_return core::Error(Code::Conflict, "a request with Idempotency-Key '" + *req.idempotency_key +
                                              "' is still being processed; repeat it later");
  boost::system::error_code ec;
  auto body = json::parse(r.response, ec);
  if (ec || !body.is_object()) co_return core::Error(Code::Internal, "stored idempotent answer is corrupt");
  co_return SendAnswer{r.status, std::move(body.as_object()), true};
}

awaitable<core::Result<SendAnswer>> SmtpConnector::send(SendRequest req) {
  auto c = co_await connection(req.connection);  // an unknown connection is 404 whatever the body
  if (!c) co_return std::move(c).error();
  auto first = co_await replay(req);
  if (!first) co_return std::move(first).error();
  if (first->status != 0) co_return std::move(*first);
  auto msg = mail::from_connector_json(req.body, req.op, opts_.limits);
  if (!msg) co_return std::move(msg).error();
  auto composed = mail::compose(*msg, {opts_.hostname, std::chrono::system_clock::now()});
  if (!composed) co_return std::move(composed).error();
  auto env = mail::envelope_of(*msg);
  Prepared p{composed->message_id, std::move(composed->data),
             msmtp::Envelope{env.mail_from, std::move(env.recipients), env.smtputf8 || composed->smtputf8,
                             composed->eight_bit, msg->delivery_receipt.has_value(), "", false}};
  if (req.async) {
    auto op = enqueue(req, std::move(*c), std::move(p));
    co_return co_await std::move(op);
  }
  auto op = send_now(req, std::move(*c), std::move(p));
  co_return co_await std::move(op);
}

awaitable<core::Result<SendAnswer>> SmtpConnector::enqueue(const SendRequest& req, Connection c, Prepared p) {
  const std::string id = core::new_ulid();
  const auto now = now_ms();
  const auto lifetime =
      std::chrono::duration_cast<std::chrono::milliseconds>(req.lifetime.value_or(c.policy.retry.lifetime)).count();
  store::InsertMessage w{new_record(req, id, now, now + lifetime, p.envelope, p.message_id), {}, false};
  w.message.data = std::move(p.data);
  json::object body{{"id", id}, {"messageId", p.message_id}, {"status", "queued"}};
  if (req.idempotency_key)
    w.idempotency = store::IdempotencyRecord{req.idempotency_scope, *req.idempotency_key, req.body_hash,
                                             202, json::serialize(body), now};
  auto op = outbox_.write(std::move(w));
  auto written = co_await std::move(op);
  if (!written && written.error().code == Code::Conflict) {  // the same key, concurrently
    auto again = co_await replay(req);
    if (!again) co_return std::move(again).error();
    if (again->status != 0) co_return std::move(*again);
  }
  if (!written) co_return std::move(written).error();
  metrics_.inc("mailflow_messages_accepted_total", {{"connection", req.connection}, {"mode", "async"}});
  co_return SendAnswer{202, std::move(body), false};
}

// The synchronous send: 200 only after the server's 250 to the end of DATA; recorded either way.
awaitable<core::Result<SendAnswer>> SmtpConnector::send_now(const SendRequest& req, Connection c, Prepared p) {
  if (req.idempotency_key) {
    store::IdempotencyRecord pending{req.idempotency_scope, *req.idempotency_key, req.body_hash, 0, "", now_ms()};
    auto op = offload(blocking_, [this, pending] { return store_.outbox().reserve_idempotency(pending); });
    auto reserved = co_await std::move(op);
    if (!reserved) co_return std::move(reserved).error();
    if (!*reserved) {  // taken meanwhile: answer as the other request did, or 409
      auto again = co_await replay(req);
      if (!again) co_return std::move(again).error();
      if (again->status != 0) co_return std::move(*again);
      co_return core::Error(Code::Conflict, "Idempotency-Key '" + *req.idempotency_key + "' is in use");
    }
  }
  auto release_key = [this, &req]() -> awaitable<void> {
    if (!req.idempotency_key) co_return;
    auto op = offload(blocking_, [this, &req] {
      return store_.outbox().release_idempotency(req.idempotency_scope, *req.idempotency_key);
    });
    (void)co_await std::move(op);
  };
  if (c.policy.rate_limit) {
    auto wait = outbox_.limiter().try_take(req.connection, *c.policy.rate_limit);
    if (wait.count() > 0) {
      co_await release_key();
      core::Error e(Code::RateLimited, "connection '" + req.connection + "' allows " +
                                           std::to_string(c.policy.rate_limit->calls) + " message(s) per " +
                                           std::to_string(c.policy.rate_limit->period.count()) +
                                           " s; try again later, or send with 'Prefer: respond-async' to queue it");
      e.retry_after_seconds = static_cast<int>((wait.count() + 999) / 1000);
      co_return e;
    }
  }
  const std::string id = core::new_ulid();
  const auto started = now_ms();
  auto send_op = c.pool->send(p.envelope, p.data);
  auto result = co_await std::move(send_op);
  const auto now = now_ms();

  // The record: the same decision the outbox makes, except that nothing is retried — the caller
  // was told the outcome and decides.
  store::MessageRecord m = new_record(req, id, started, started, p.envelope, p.message_id);
  outbox::RetrySchedule no_retry;
  store::FinishAttempt f = outbox::decide({m, result, started, now, 1, no_retry, 0.0}, "");
  m.status = f.status == "expired" ? "failed" : f.status;
  for (auto& r : f.recipients)
    if (r.status == "expired" || r.status == "deferred") r.status = "failed";
  m.recipients = std::move(f.recipients);
  m.attempts.push_back(std::move(f.attempt));
  m.updated_ms = now;
  m.data = std::move(p.data);
  store::InsertMessage w{std::move(m), {}, true};
  json::object body;
  if (result) {
    body = result_json(id, p.message_id, *result);
    if (req.idempotency_key)
      w.idempotency = store::IdempotencyRecord{req.idempotency_scope, *req.idempotency_key, req.body_hash,
                                               200, json::serialize(body), started};
  }
  // The answer does not wait for the record's fsync (the mail is already with the server): the
  // record joins the next group commit. With an Idempotency-Key it does wait, so that a repeat
  // finds the stored answer rather than the "in progress" reservation.
  if (req.idempotency_key) {
    auto write_op = record(std::move(w), p.message_id);
    co_await std::move(write_op);
  } else {
    boost::asio::co_spawn(ex_, record(std::move(w), p.message_id), boost::asio::detached);
  }
  if (!result) {
    co_await release_key();  // a failed send may be repeated with the same key
    co_return std::move(result).error();
  }
  metrics_.inc("mailflow_messages_accepted_total", {{"connection", req.connection}, {"mode", "sync"}});
  metrics_.inc("mailflow_messages_finished_total", {{"connection", req.connection}, {"status", "sent"}});
  co_return SendAnswer{200, std::move(body), false};
}

awaitable<void> SmtpConnector::record(store::InsertMessage w, std::string message_id) {
  const std::string id = w.message.id;
  auto op = outbox_.write(std::move(w));
  auto written = co_await std::move(op);
  if (!written)  // the mail went (or failed) anyway; only its record is missing
    spdlog::error("could not record synchronous message {} ({}): {}", id, message_id, written.error().message);
}

awaitable<core::Result<json::object>> SmtpConnector::test(std::string connection) {
  auto rec_op = offload(blocking_, [this, connection] { return store_.get_connection(connection); });
  auto rec = co_await std::move(rec_op);
  if (!rec) co_return std::move(rec).error();
  if (!rec->has_value())
    co_return core::Error(Code::NotFound, "there is no connection named '" + connection + "'");
  auto settings = to_settings(**rec);
  if (!settings) co_return std::move(settings).error();
  auto probe_op = msmtp::probe(ex_, std::move(*settings));
  auto p = co_await std::move(probe_op);
  if (!p) co_return std::move(p).error();
  json::array caps;
  for (const auto& cap : p->capabilities) caps.emplace_back(cap);
  co_return json::object{{"ok", true},
                         {"tls", msmtp::to_string(p->tls)},
                         {"tlsVersion", p->tls_version},
                         {"auth", p->auth},
                         {"capabilities", std::move(caps)},
                         {"greeting", p->greeting}};
}

void SmtpConnector::forget(const std::string& name) {
  std::shared_ptr<msmtp::Pool> old;
  {
    std::lock_guard lock(mu_);
    auto it = connections_.find(name);
    if (it == connections_.end()) return;
    old = std::move(it->second.pool);
    connections_.erase(it);
  }
  outbox_.limiter().forget(name);
  old->close();  // sends in flight keep their shared_ptr and finish
}

void SmtpConnector::close_all() {
  std::map<std::string, Connection> all;
  {
    std::lock_guard lock(mu_);
    all.swap(connections_);
  }
  for (auto& [name, c] : all) c.pool->close();
}

void SmtpConnector::collect_metrics(core::Metrics& m) {
  std::lock_guard lock(mu_);
  m.clear("mailflow_smtp_pool_sessions");
  for (const auto& [name, c] : connections_) {
    auto s = c.pool->stats();
    m.set("mailflow_smtp_pool_sessions", {{"connection", name}, {"state", "open"}}, s.open);
    m.set("mailflow_smtp_pool_sessions", {{"connection", name}, {"state", "idle"}}, s.idle);
  }
}

}  // namespace mailflow::connectors::smtp
