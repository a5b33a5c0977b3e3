// Host: what the workflow engine needs from the layers above it — sending mail through the SMTP
// connector (workflow sits beside the connectors, DESIGN's layers, so it asks through this
// interface), and the settings @appsetting() reads. The app implements it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "workflow/action_result.hpp"

namespace mailflow::workflow {

struct MailRequest {
  std::string connection;        // the mailflow connection's name
  boost::json::value body;       // the connector's body (V1/V2/V3) or the built-in parameters
  std::string operation;         // "SendEmail", "SendEmailV2", "SendEmailV3", "BuiltInSendEmail"
  std::string idempotency_key;   // run/action/iteration/attempt: a repeated attempt never sends twice
};

class Host {
 public:
  virtual ~Host() = default;
  // The action's result: Succeeded with outputs {statusCode: 200, headers, body: the connector's
  // answer}, or Failed with outputs {statusCode, body: {"error": {...}}} and the error; a soft
  // SMTP failure sets http_status 503 or connection_error so the retry policy retries it.
  virtual boost::asio::awaitable<ActionResult> send_mail(MailRequest request) = 0;
  // @appsetting('NAME'): the environment or local.settings.json; nullopt when not set.
  virtual std::optional<std::string> appsetting(std::string_view name) const = 0;
};

}  // namespace mailflow::workflow
