// /apim/smtp/{connection}/SendEmail, /SendEmailV2, /SendEmailV3: the connector's runtime URL, so a
// client written for Azure's managed connector sends here unchanged.
// Synchronous by default: 200 only after the SMTP server's 250 to the end of DATA.
// `Prefer: respond-async`: 202 once the message is durable in the outbox, Location to its status.
// `Idempotency-Key`: the same key and body within 24 h answers the first answer again.
#include "connectors/smtp/connection_spec.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {
using boost::asio::awaitable;

namespace {
bool wants_async(const Request& req) {
  const std::string* p = req.header("prefer");
  return p && p->find("respond-async") != std::string::npos;
}

// Printable ASCII, 1–255 characters: what Stripe-style clients send (UUIDs, hashes).
core::Status check_idempotency_key(const std::string& k) {
  bool ok = !k.empty() && k.size() <= 255;
  for (unsigned char c : k) ok = ok && c >= 0x21 && c <= 0x7e;
  if (ok) return core::ok();
  core::Error e(core::Code::InvalidRequest,
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
  e.field = "Idempotency-Key";
  return e;
}

const char* op_name(mail::Operation op) {
  switch (op) {
    case mail::Operation::SendEmailV1: return "SendEmail";
    case mail::Operation::SendEmailV2: return "SendEmailV2";
    case mail::Operation::SendEmailV3: return "SendEmailV3";
    default: return "other";
  }
}

awaitable<Response> send(Services& s, Request& req, mail::Operation op) {
  connectors::smtp::SendRequest sr;
  sr.connection = req.param("connection");
  if (auto ok = connectors::smtp::validate_connection_name(sr.connection); !ok)
    co_return error_response(ok.error());
  if (const std::string* k = req.header("idempotency-key")) {
    if (auto ok = check_idempotency_key(*k); !ok) co_return error_response(ok.error());
    sr.idempotency_key = *k;
    sr.idempotency_scope = req.principal.key_id + "/" + sr.connection;
    // The mode and operation are part of "the same request": a replay must answer the same way.
    sr.body_hash = sha256_hex(std::string(op_name(op)) + (wants_async(req) ? "/async\n" : "/sync\n") + req.body);
  }
  auto body = parse_json_body(req);
  if (!body) co_return error_response(body.error());
  sr.body = std::move(*body);
  sr.op = op;
  sr.async = wants_async(req);
  auto send_op = s.smtp.send(std::move(sr));  // arguments outside co_await: g++ 12
  auto result = co_await std::move(send_op);
  if (!result) co_return error_response(result.error());
  Response resp = json_response(result->status, result->body);
  if (result->status == 202)
    if (const auto* id = result->body.if_contains("id"); id && id->is_string())
      resp.headers.emplace_back("Location", "/api/messages/" + std::string(id->as_string()));
  if (result->status == 202) resp.headers.emplace_back("Preference-Applied", "respond-async");
  if (result->replayed) resp.headers.emplace_back("Idempotent-Replayed", "true");
  co_return resp;
}
}  // namespace

void add_send_routes(Router& r, Services& s) {
  auto route = [&](const char* path, mail::Operation op) {
    r.add("POST", std::string("/apim/smtp/{connection}/") + path, Scope::Send,
          [&s, op](Request& req) -> awaitable<Response> { return send(s, req, op); });
  };
  route("SendEmail", mail::Operation::SendEmailV1);
  route("SendEmailV2", mail::Operation::SendEmailV2);
  route("SendEmailV3", mail::Operation::SendEmailV3);
}

}  // namespace mailflow::http
