#include "core/error_json.hpp"

namespace mailflow::core {

boost::json::object to_json(const SmtpDetail& d) {
  boost::json::object o;
  o["stage"] = d.stage;
  if (d.reply) o["reply"] = d.reply;
  if (!d.enhanced.empty()) o["enhanced"] = d.enhanced;
  if (!d.text.empty()) o["text"] = d.text;
  if (!d.mailbox.empty()) o["mailbox"] = d.mailbox;
  return o;
}

boost::json::object to_json(const Error& e) {
  boost::json::object inner;
  inner["status"] = e.status();
  inner["code"] = code_name(e.code);
  inner["message"] = e.message;
  if (!e.field.empty()) inner["field"] = e.field;
  if (e.smtp) inner["smtp"] = to_json(*e.smtp);
  boost::json::object o;
  o["error"] = std::move(inner);
  return o;
}

}  // namespace mailflow::core
