// smtp policy — the one place that turns what happened in a session (a reply, a network fault,
// a deadline, a protocol break) into a core::Error, and decides transient vs permanent.
// The decision table is written at the top of policy.cpp.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <boost/system/error_code.hpp>
#include <vector>

#include "core/error.hpp"
#include "smtp/reply.hpp"

namespace mailflow::smtp {

// The stages clients see in error.smtp.stage.
enum class Stage { Connect, Tls, Ehlo, Auth, Mail, Rcpt, Data, Message };
std::string_view stage_name(Stage);  // "CONNECT", "TLS", ...

// Each timed step of a session: its stage, what we were doing (for messages) and the setting
// that governs its deadline. Indexes step_info().
enum class Step {
  Connect, Greeting, TlsHandshake, Ehlo, StartTls, Auth, Mail, Rcpt, Data, MessageBody, EndOfData,
  Rset, Quit,
};
struct StepInfo {
  Stage stage;
  std::string_view doing;    // "waiting for the reply to RCPT TO"
  std::string_view setting;  // "timeouts.command"
};
const StepInfo& step_info(Step);

// "30 s", "1.5 s", "200 ms"
std::string format_duration(std::chrono::milliseconds);

// A reply that is not the one the step needed (the server refused). mailbox: the address
// concerned (RCPT: recipient, MAIL: sender), empty otherwise.
core::Error reply_error(Step, const Reply&, std::string_view mailbox = {});
core::Error transport_error(Step, boost::system::error_code, std::string_view where = {});
core::Error timeout_error(Step, std::chrono::milliseconds);
core::Error protocol_error(Step, std::string_view what);
core::Error tls_unavailable(std::string_view why);  // STARTTLS required but not possible
core::Error message_too_large(std::uint64_t size, std::uint64_t limit);
core::Error needs_extension(Step, std::string_view what);  // e.g. SMTPUTF8 not offered
// Every recipient refused: the first refusal's reply; the message counts them.
core::Error all_recipients_rejected(const std::vector<std::pair<std::string, Reply>>& refused);

// Worth retrying later? 4xx replies, network faults, timeouts, protocol breaks → true;
// 5xx replies, TLS and configuration failures → false.
bool is_transient(const core::Error&);

}  // namespace mailflow::smtp
