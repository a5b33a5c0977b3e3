// /api/messages: the outbox seen from outside — a message's status with every recipient and
// attempt, the list (newest first, with a cursor), retry now and cancel. /metrics: Prometheus.
#include <boost/json/array.hpp>
#include <chrono>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {
json::value time_json(std::int64_t ms) {
  if (ms <= 0) return nullptr;
  return json::string(core::to_rfc3339(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms))));
}

json::object message_json(const store::MessageRecord& m, bool with_attempts) {
  json::array recipients;
  for (const auto& r : m.recipients)
    recipients.emplace_back(json::object{{"address", r.address}, {"status", r.status}, {"reply", r.reply},
                                         {"enhanced", r.enhanced}, {"text", r.text}});
  const bool waiting = m.status == "queued" || m.status == "retrying";
  json::object out{{"id", m.id},
                   {"connection", m.connection},
                   {"messageId", m.message_id},
                   {"status", m.status},
                   {"synchronous", m.synchronous},
                   {"createdAt", time_json(m.created_ms)},
                   {"updatedAt", time_json(m.updated_ms)},
                   {"nextAttemptAt", waiting ? time_json(m.next_attempt_ms) : json::value(nullptr)},
                   {"expiresAt", m.synchronous ? json::value(nullptr) : time_json(m.expires_ms)},
                   {"recipients", std::move(recipients)}};
  if (!with_attempts) return out;
  json::array attempts;
  for (const auto& a : m.attempts)
    attempts.emplace_back(json::object{{"at", time_json(a.at_ms)}, {"result", a.result}, {"stage", a.stage},
                                       {"reply", a.reply}, {"enhanced", a.enhanced}, {"text", a.text},
                                       {"error", a.error}, {"durationMs", a.duration_ms}});
  out["attempts"] = std::move(attempts);
  return out;
}

core::Error bad_query(const std::string& field, std::string message) {
  core::Error e(core::Code::InvalidRequest, std::move(message));
  e.field = field;
  return e;
}

// ?status=&connection=&limit=&before= → a filter, or the first bad parameter.
core::Result<store::MessageFilter> parse_filter(const Request& req) {
  store::MessageFilter f;
  if (auto it = req.query.find("status"); it != req.query.end()) {
    static const char* known[] = {"queued", "sending", "retrying", "sent", "failed", "expired", "cancelled"};
    if (std::find(std::begin(known), std::end(known), it->second) == std::end(known))
      return bad_query("status", "status must be one of queued, sending, retrying, sent, failed, expired, cancelled");
    f.status = it->second;
  }
  if (auto it = req.query.find("connection"); it != req.query.end()) f.connection = it->second;
  if (auto it = req.query.find("limit"); it != req.query.end()) {
    char* end = nullptr;
    long n = std::strtol(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end || n < 1 || n > 500) return bad_query("limit", "limit must be a number from 1 to 500");
    f.limit = static_cast<int>(n);
  }
  if (auto it = req.query.find("before"); it != req.query.end()) {
    bool ok = it->second.size() == 26;
    for (char c : it->second) ok = ok && std::isalnum(static_cast<unsigned char>(c));
    if (!ok) return bad_query("before", "before must be a message id (the nextLink of a previous page)");
    f.before = it->second;
  }
  return f;
}

awaitable<Response> list_messages(Services& s, Request& req) {
  auto f = parse_filter(req);
  if (!f) co_return error_response(f.error());
  auto op = offload(s.blocking, [&s, f = *f] { return s.store.outbox().list_messages(f); });
  auto got = co_await std::move(op);
  if (!got) co_return error_response(got.error());
  json::array value;
  for (const auto& m : *got) value.emplace_back(message_json(m, false));
  json::value next = nullptr;
  if (static_cast<int>(got->size()) == f->limit) {
    std::string link = "/api/messages?limit=" + std::to_string(f->limit) + "&before=" + got->back().id;
    if (f->status) link += "&status=" + *f->status;
    if (f->connection) link += "&connection=" + *f->connection;
    next = json::string(link);
  }
  co_return json_response(200, json::object{{"value", std::move(value)}, {"nextLink", next}});
}

awaitable<Response> get_message(Services& s, Request& req) {
  std::string id = req.param("id");
  auto op = offload(s.blocking, [&s, id] { return s.store.outbox().get_message(id); });
  auto got = co_await std::move(op);
  if (!got) co_return error_response(got.error());
  if (!*got) co_return error_response(core::Error(core::Code::NotFound, "there is no message with id '" + id + "'"));
  co_return json_response(200, message_json(**got, true));
}

awaitable<Response> retry_message(Services& s, Request& req) {
  auto op = s.outbox.retry(req.param("id"));
  auto done = co_await std::move(op);
  if (!done) co_return error_response(done.error());
  co_return co_await get_message(s, req);
}

awaitable<Response> cancel_message(Services& s, Request& req) {
  auto op = s.outbox.cancel(req.param("id"));
  auto done = co_await std::move(op);
  if (!done) co_return error_response(done.error());
  co_return co_await get_message(s, req);
}

awaitable<Response> metrics(Services& s, Request&) {
  auto op = offload(s.blocking, [&s] { return s.metrics.render(); });
  Response r;
  r.body = co_await std::move(op);
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  co_return r;
}
}  // namespace

void add_message_routes(Router& r, Services& s) {
  r.add("GET", "/api/messages", Scope::Read, with_services(s, list_messages));
  r.add("GET", "/api/messages/{id}", Scope::Read, with_services(s, get_message));
  r.add("POST", "/api/messages/{id}/retry", Scope::Send, with_services(s, retry_message));
  r.add("DELETE", "/api/messages/{id}", Scope::Send, with_services(s, cancel_message));
  r.add("GET", "/metrics", Scope::Read, with_services(s, metrics));
}

}  // namespace mailflow::http
