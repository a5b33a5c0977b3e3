// The single mapping of core::Code to its client-visible name and HTTP status.
#include "core/error.hpp"

namespace mailflow::core {
namespace {
struct Row {
  Code code;
  std::string_view name;
  int status;
};
// One row per Code, in enum order (checked by a unit test).
constexpr Row kTable[] = {
    {Code::InvalidJson, "InvalidJson", 400},
    {Code::InvalidRequest, "InvalidRequest", 400},
    {Code::InvalidAddress, "InvalidAddress", 400},
    {Code::HeaderInjection, "HeaderInjection", 400},
    {Code::InvalidBase64, "InvalidBase64", 400},
    {Code::TooManyRecipients, "TooManyRecipients", 400},
    {Code::Unauthorized, "Unauthorized", 401},
    {Code::SmtpAuthenticationFailed, "SmtpAuthenticationFailed", 401},
    {Code::Forbidden, "Forbidden", 403},
    {Code::SmtpPolicyRefused, "SmtpPolicyRefused", 403},
    {Code::NotFound, "NotFound", 404},
    {Code::MethodNotAllowed, "MethodNotAllowed", 405},
    {Code::Conflict, "Conflict", 409},
    {Code::PayloadTooLarge, "PayloadTooLarge", 413},
    {Code::SmtpMessageTooLarge, "SmtpMessageTooLarge", 413},
    {Code::RateLimited, "RateLimited", 429},
    {Code::Internal, "InternalError", 500},
    {Code::NotImplemented, "NotImplemented", 501},
    {Code::SmtpUnreachable, "SmtpUnreachable", 502},
    {Code::SmtpTlsFailed, "SmtpTlsFailed", 502},
    {Code::SmtpRejected, "SmtpRejected", 502},
    {Code::SmtpProtocolError, "SmtpProtocolError", 502},
    {Code::NoResponse, "NoResponse", 502},
    {Code::Unavailable, "Unavailable", 503},
    {Code::SmtpTimeout, "SmtpTimeout", 504},
    {Code::ResponseTimeout, "ResponseTimeout", 504},
};
const Row& row(Code c) { return kTable[static_cast<int>(c)]; }
}  // namespace

std::string_view code_name(Code c) { return row(c).name; }
int http_status(Code c) { return row(c).status; }

bool code_table_consistent() {
  for (int i = 0; i < static_cast<int>(std::size(kTable)); ++i)
    if (static_cast<int>(kTable[i].code) != i) return false;
  return true;
}

}  // namespace mailflow::core
