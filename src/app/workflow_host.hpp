// WorkflowHost: the workflow engine's Host — mail actions go through the SMTP connector into the
// outbox (async, with the action attempt's idempotency key, one SMTP attempt: the action's own
// retry policy decides the rest) and the action waits for the message's outcome; @appsetting()
// reads local.settings.json's Values (from `serve --app`), then the environment.
#pragma once

#include <map>
#include <string>

#include "connectors/smtp/smtp_connector.hpp"
#include "outbox/outbox.hpp"
#include "workflow/engine/host.hpp"

namespace mailflow::app {

class WorkflowHost final : public workflow::Host {
 public:
  WorkflowHost(connectors::smtp::SmtpConnector& smtp, outbox::Outbox& outbox,
               std::map<std::string, std::string> settings = {})
      : smtp_(smtp), outbox_(outbox), settings_(std::move(settings)) {}

  boost::asio::awaitable<workflow::ActionResult> send_mail(workflow::MailRequest request) override;
  std::optional<std::string> appsetting(std::string_view name) const override;
  void set_settings(std::map<std::string, std::string> s) { settings_ = std::move(s); }

 private:
  connectors::smtp::SmtpConnector& smtp_;
  outbox::Outbox& outbox_;
  std::map<std::string, std::string> settings_;
};

}  // namespace mailflow::app
