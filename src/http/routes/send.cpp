// /apim/smtp/{connection}/SendEmail, /SendEmailV2, /SendEmailV3: the connector's runtime URL, so a
// client written for Azure's managed connector sends here unchanged. Synchronous: 200 only after
// the SMTP server's 250 to the end of DATA.
#include "connectors/smtp/connection_spec.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {
using boost::asio::awaitable;

namespace {
bool wants_async(const Request& req) {
  const std::string* p = req.header("prefer");
  return p && p->find("respond-async") != std::string::npos;
}

awaitable<Response> send(Services& s, Request& req, mail::Operation op) {
  const std::string& name = req.param("connection");
  if (auto ok = connectors::smtp::validate_connection_name(name); !ok)
    co_return error_response(ok.error());
  if (wants_async(req))
    co_return error_response(core::Error(
        core::Code::NotImplemented,
        "'Prefer: respond-async' is not available yet (the durable outbox is not built); "
        "send without it for a synchronous answer"));
  auto body = parse_json_body(req);
  if (!body) co_return error_response(body.error());
  auto send_op = s.smtp.send(name, std::move(*body), op);  // arguments outside co_await: g++ 12
  auto result = co_await std::move(send_op);
  if (!result) co_return error_response(result.error());
  co_return json_response(200, *result);
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
