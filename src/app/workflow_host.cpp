#include "app/workflow_host.hpp"

#include <cstdlib>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "core/error_json.hpp"
#include "http/auth.hpp"

namespace mailflow::app {
namespace json = boost::json;
using boost::asio::awaitable;
using workflow::ActionResult;
using workflow::Status;

namespace {
std::optional<mail::Operation> operation_of(const std::string& name) {
  if (name == "SendEmail") return mail::Operation::SendEmailV1;
  if (name == "SendEmailV2") return mail::Operation::SendEmailV2;
  if (name == "SendEmailV3") return mail::Operation::SendEmailV3;
  if (name == "BuiltInSendEmail") return mail::Operation::BuiltInSendEmail;
  return std::nullopt;
}

ActionResult from_error(const core::Error& e, bool retryable) {
  ActionResult r = ActionResult::failed(std::string(core::code_name(e.code)), e.message);
  r.outputs = json::object{{"statusCode", e.status()}, {"headers", json::object{}}, {"body", core::to_json(e)}};
  if (retryable) r.http_status = e.status() >= 500 ? e.status() : 503;
  return r;
}

// The error a finished-but-failed message stands for, from its last attempt.
core::Error attempt_error(const store::MessageRecord& m) {
  const store::AttemptRecord* a = m.attempts.empty() ? nullptr : &m.attempts.back();
  core::Code code = core::Code::SmtpRejected;
  for (int i = 0; a && i <= static_cast<int>(core::Code::ResponseTimeout); ++i)
    if (core::code_name(static_cast<core::Code>(i)) == a->code) code = static_cast<core::Code>(i);
  core::Error e(code, a && !a->error.empty() ? a->error : "the message was " + m.status);
  if (a && !a->stage.empty()) e.smtp = core::SmtpDetail{a->stage, a->reply, a->enhanced, a->text, ""};
  return e;
}
}  // namespace

awaitable<ActionResult> WorkflowHost::send_mail(workflow::MailRequest request) {
  auto op = operation_of(request.operation);
  if (!op) co_return ActionResult::failed("NotSupported", "unknown mail operation " + request.operation);
  connectors::smtp::SendRequest sr;
  sr.connection = request.connection;
  sr.op = *op;
  sr.async = true;
  sr.idempotency_key = request.idempotency_key;
  sr.idempotency_scope = "workflow/" + request.connection;
  sr.body_hash = http::sha256_hex(request.operation + "\n" + json::serialize(request.body));
  sr.body = std::move(request.body);
  sr.lifetime = std::chrono::seconds(0);  // one SMTP attempt; the action's retry policy does the rest
  auto send_op = smtp_.send(std::move(sr));
  auto accepted = co_await std::move(send_op);
  if (!accepted) co_return from_error(accepted.error(), accepted.error().status() >= 500);
  const std::string id(accepted->body.at("id").as_string());
  auto wait_op = outbox_.wait_final(id, std::chrono::minutes(15));
  auto m = co_await std::move(wait_op);
  if (!m) co_return from_error(m.error(), true);
  if (m->status != "sent") co_return from_error(attempt_error(*m), m->status == "expired");
  json::array accepted_to, rejected;
  for (const auto& r : m->recipients) {
    if (r.status == "sent") accepted_to.emplace_back(r.address);
    else rejected.emplace_back(json::object{{"address", r.address}, {"reply", r.reply}, {"enhanced", r.enhanced}, {"text", r.text}});
  }
  const store::AttemptRecord* last = m->attempts.empty() ? nullptr : &m->attempts.back();
  json::object body{{"id", m->id}, {"messageId", m->message_id}, {"accepted", std::move(accepted_to)},
                    {"rejected", std::move(rejected)}};
  if (*op == mail::Operation::BuiltInSendEmail && last)  // the built-in connector's output shape
    body["response"] = std::to_string(last->reply) + " " + last->enhanced + " " + last->text;
  ActionResult r;
  r.status = Status::Succeeded;
  r.outputs = json::object{{"statusCode", 200}, {"headers", json::object{}}, {"body", std::move(body)}};
  co_return r;
}

std::optional<std::string> WorkflowHost::appsetting(std::string_view name) const {
  if (auto it = settings_.find(std::string(name)); it != settings_.end()) return it->second;
  if (const char* v = std::getenv(std::string(name).c_str())) return std::string(v);
  return std::nullopt;
}

}  // namespace mailflow::app
