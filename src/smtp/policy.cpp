// SMTP failure policy: what each failure means for the caller (core::Code) and for the outbox
// (transient or permanent). Every error that leaves src/smtp/ is built here.
//
// Decision table (first matching row wins):
//
//   what happened                                   | core::Code               | transient
//   ------------------------------------------------+--------------------------+----------
//   530/534/535/538 at AUTH; 530 at any stage       | SmtpAuthenticationFailed | no  (454 at AUTH:
//   row "other 4xx") enhanced 5.7.x                                  | SmtpPolicyRefused        |
//   no enhanced 5.3.4 or 5.2.3; 552 without another    | SmtpMessageTooLarge      | no
//     enhanced code (552 5.2.2 = mailbox full is    |                          |
//     a rejection); message > server's SIZE         |                          |
//   other 4xx reply                                 | SmtpRejected             | yes
//   other 5xx reply                                 | SmtpRejected             | no
//   a 2xx/3xx where the step needed another reply   | SmtpProtocolError        | yes
//   connect refused/unreachable, connection lost    | SmtpUnreachable          | yes
//   TLS handshake/certificate failure, STARTTLS     | SmtpTlsFailed            | no
//     unavailable in required mode                  |                          |
//   a step's deadline passed                        | SmtpTimeout              | yes
//   garbage, overlong line, broken framing          | SmtpProtocolError        | yes (Postfix
//   defers too) a needed extension is missing (SMTPUTF8)        | SmtpRejected             | no
//
// Messages are plain words and never contain a secret: replies to AUTH are server text only.
#include "smtp/policy.hpp"

#include <array>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

namespace mailflow::smtp {
namespace {
using core::Code;

constexpr std::array<std::string_view, 8> kStageNames{"CONNECT", "TLS",  "EHLO", "AUTH",
                                                      "MAIL",    "RCPT", "DATA", "MESSAGE"};

const StepInfo kSteps[] = {
    {Stage::Connect, "connecting", "the connection's timeouts.connectSeconds or timeoutSeconds"},
    {Stage::Connect, "waiting for the server's greeting",
     "the connection's timeouts.greetingSeconds or timeoutSeconds"},
    {Stage::Tls, "during the TLS handshake",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Ehlo, "waiting for the reply to EHLO",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Tls, "waiting for the reply to STARTTLS",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Auth, "waiting for the reply to AUTH",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Mail, "waiting for the reply to MAIL FROM",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Rcpt, "waiting for the reply to RCPT TO",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Data, "waiting for the reply to DATA",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Message, "sending the message",
     "the connection's timeouts.dataSeconds or timeoutSeconds"},
    {Stage::Message,
     "waiting for the reply to the end of the message (the message may have been delivered)",
     "the connection's timeouts.dataSeconds or timeoutSeconds"},
    {Stage::Mail, "waiting for the reply to RSET",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
    {Stage::Mail, "waiting for the reply to QUIT",
     "the connection's timeouts.commandSeconds or timeoutSeconds"},
};

// What the command of each step is called in a rejection message.
constexpr std::string_view kCommand[] = {"the connection",
                                         "the connection",
                                         "the TLS handshake",
                                         "EHLO",
                                         "STARTTLS",
                                         "AUTH",
                                         "MAIL FROM",
                                         "RCPT TO",
                                         "DATA",
                                         "the message",
                                         "the message",
                                         "RSET",
                                         "QUIT"};

core::SmtpDetail detail(Step s, const Reply& r, std::string_view mailbox) {
  return core::SmtpDetail{std::string(stage_name(step_info(s).stage)), r.code, r.enhanced, r.text(),
                          std::string(mailbox)};
}

core::Error make(Code c, std::string msg, Step s, const Reply& r = {},
                 std::string_view mailbox = {}) {
  core::Error e(c, std::move(msg));
  e.smtp = detail(s, r, mailbox);
  return e;
}

std::string said(const Reply& r) {
  std::string s = std::to_string(r.code);
  if (!r.enhanced.empty()) s += " " + r.enhanced;
  auto t = r.text();
  if (!t.empty()) s += " (" + t + ")";
  return s;
}

core::Error auth_error(Step s, const Reply& r) {
  std::string msg;
  switch (r.code) {
    case 530:
      msg = "the SMTP server requires authentication";
      break;
    case 534:
      msg = "the SMTP server requires a stronger authentication mechanism";
      break;
    case 538:
      msg = "the SMTP server requires an encrypted connection before authentication";
      break;
    default:
      msg = "the SMTP server rejected the user name or password";
      break;
  }
  return make(Code::SmtpAuthenticationFailed, msg, s, r);
}

bool too_large(const Reply& r) {
  if (r.enhanced == "5.3.4" || r.enhanced == "5.2.3") return true;
  return r.code == 552 && r.enhanced.empty();
}
}  // namespace

std::string_view stage_name(Stage s) { return kStageNames[static_cast<int>(s)]; }
const StepInfo& step_info(Step s) { return kSteps[static_cast<int>(s)]; }

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + " s";
}

core::Error reply_error(Step s, const Reply& r, std::string_view mailbox) {
  const bool at_auth = step_info(s).stage == Stage::Auth;
  if (r.code == 530 || (at_auth && (r.code == 534 || r.code == 535 || r.code == 538)))
    return auth_error(s, r);
  std::string what(kCommand[static_cast<int>(s)]);
  if (!mailbox.empty()) what += " <" + std::string(mailbox) + ">";
  if (r.enhanced.rfind("5.7.", 0) == 0)
    return make(Code::SmtpPolicyRefused,
                "the SMTP server refused " + what + " by policy: " + said(r), s, r, mailbox);
  if (too_large(r))
    return make(Code::SmtpMessageTooLarge,
                "the SMTP server refused the message as too large: " + said(r), s, r, mailbox);
  if (r.code >= 400 && r.code < 600) {
    std::string kind = r.code < 500 ? "temporarily rejected " : "rejected ";
    return make(Code::SmtpRejected, "the SMTP server " + kind + what + ": " + said(r), s, r,
                mailbox);
  }
  return make(Code::SmtpProtocolError,
              "the SMTP server answered " + what + " with an unexpected reply: " + said(r), s, r,
              mailbox);
}

core::Error transport_error(Step s, boost::system::error_code ec, std::string_view where) {
  const auto& info = step_info(s);
  std::string msg = ec.message();
  bool tls = s == Step::TlsHandshake || ec.category() == boost::asio::error::get_ssl_category() ||
             ec.category() == boost::asio::ssl::error::get_stream_category();
  if (tls && ec != boost::asio::error::eof && ec != boost::asio::error::connection_reset)
    return make(Code::SmtpTlsFailed, "the TLS handshake with the SMTP server failed: " + msg, s);
  std::string text;
  if (s == Step::Connect)
    text = "could not connect to the SMTP server" +
           (where.empty() ? std::string() : " " + std::string(where)) + ": " + msg;
  else
    text = "the connection to the SMTP server was lost " + std::string(info.doing) + ": " + msg;
  return make(Code::SmtpUnreachable, text, s);
}

core::Error timeout_error(Step s, std::chrono::milliseconds d) {
  const auto& info = step_info(s);
  return make(Code::SmtpTimeout,
              "timed out after " + format_duration(d) + " " + std::string(info.doing) + " (" +
                  std::string(info.setting) + ")",
              s);
}

core::Error protocol_error(Step s, std::string_view what) {
  return make(Code::SmtpProtocolError,
              "the SMTP server broke the protocol " + std::string(step_info(s).doing) + ": " +
                  std::string(what),
              s);
}

core::Error tls_unavailable(std::string_view why) {
  return make(Code::SmtpTlsFailed, "TLS is required but " + std::string(why), Step::StartTls);
}

core::Error message_too_large(std::uint64_t size, std::uint64_t limit) {
  return make(Code::SmtpMessageTooLarge,
              "the message (" + std::to_string(size) +
                  " octets) is larger than the SMTP server accepts (SIZE " + std::to_string(limit) +
                  ")",
              Step::Mail);
}

core::Error needs_extension(Step s, std::string_view what) {
  return make(Code::SmtpRejected, std::string(what), s);
}

core::Error all_recipients_rejected(const std::vector<std::pair<std::string, Reply>>& refused) {
  const auto& [addr, first] = refused.front();
  core::Error e = reply_error(Step::Rcpt, first, addr);
  e.message = "the SMTP server refused all " + std::to_string(refused.size()) + " recipient" +
              (refused.size() == 1 ? "" : "s") + "; the first: " + e.message;
  return e;
}

bool is_transient(const core::Error& e) {
  if (e.smtp && e.smtp->reply >= 400 && e.smtp->reply < 500) return true;
  if (e.smtp && e.smtp->reply >= 500) return false;
  switch (e.code) {
    case Code::SmtpUnreachable:
    case Code::SmtpTimeout:
    case Code::SmtpProtocolError:
      return true;
    default:
      return false;
  }
}

}  // namespace mailflow::smtp
