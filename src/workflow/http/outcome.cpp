// TransferResult -> outputs and ActionResult (see outcome.hpp).
#include "workflow/http/outcome.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <iterator>
#include <utility>

#include "workflow/http/body.hpp"
#include "workflow/http/url.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::http {
namespace json = boost::json;

std::string http_status_name(int status) {
  static constexpr std::pair<int, const char*> names[] = {{200, "OK"},
                                                          {201, "Created"},
                                                          {202, "Accepted"},
                                                          {203, "NonAuthoritativeInformation"},
                                                          {204, "NoContent"},
                                                          {205, "ResetContent"},
                                                          {206, "PartialContent"},
                                                          {300, "Ambiguous"},
                                                          {301, "Moved"},
                                                          {302, "Redirect"},
                                                          {303, "RedirectMethod"},
                                                          {304, "NotModified"},
                                                          {307, "TemporaryRedirect"},
                                                          {308, "PermanentRedirect"},
                                                          {400, "BadRequest"},
                                                          {401, "Unauthorized"},
                                                          {402, "PaymentRequired"},
                                                          {403, "Forbidden"},
                                                          {404, "NotFound"},
                                                          {405, "MethodNotAllowed"},
                                                          {406, "NotAcceptable"},
                                                          {407, "ProxyAuthenticationRequired"},
                                                          {408, "RequestTimeout"},
                                                          {409, "Conflict"},
                                                          {410, "Gone"},
                                                          {411, "LengthRequired"},
                                                          {412, "PreconditionFailed"},
                                                          {413, "RequestEntityTooLarge"},
                                                          {414, "RequestUriTooLong"},
                                                          {415, "UnsupportedMediaType"},
                                                          {422, "UnprocessableEntity"},
                                                          {423, "Locked"},
                                                          {428, "PreconditionRequired"},
                                                          {429, "TooManyRequests"},
                                                          {500, "InternalServerError"},
                                                          {501, "NotImplemented"},
                                                          {502, "BadGateway"},
                                                          {503, "ServiceUnavailable"},
                                                          {504, "GatewayTimeout"},
                                                          {505, "HttpVersionNotSupported"}};
  auto it = std::find_if(std::begin(names), std::end(names),
                         [&](const auto& n) { return n.first == status; });
  return it != std::end(names) ? it->second : "Http" + std::to_string(status);
}

json::value response_outputs(const Response& response) {
  json::object headers;
  for (const auto& [name, value] : response.headers) {
    // Repeated headers are one comma-separated value (RFC 9110 §5.3), as .NET reports them.
    auto it = std::find_if(headers.begin(), headers.end(),
                           [&](const auto& kv) { return iequals(kv.key(), name); });
    if (it == headers.end()) {
      headers[name] = value;
    } else {
      std::string joined(it->value().get_string());
      it->value() = joined + ", " + value;
    }
  }
  json::object out;
  out["statusCode"] = response.status;
  auto type = header_value(response.headers, "Content-Type").value_or("");
  out["headers"] = std::move(headers);
  json::value body = decode_response_body(response.body, type);
  if (!body.is_null()) out["body"] = std::move(body);
  return out;
}

namespace {
ActionResult from_error(const TransferError& e, json::value inputs) {
  using Kind = TransferError::Kind;
  const char* code = e.kind == Kind::NotAllowed ? "OutboundAddressNotAllowed"
                     : e.kind == Kind::TooLarge ? "ResponseTooLarge"
                     : e.kind == Kind::Timeout  ? "RequestTimedOut"
                                                : "ConnectionFailed";
  ActionResult r = ActionResult::failed(code, e.message, std::move(inputs));
  // Only "no answer at all" is worth retrying; a refusal or a size limit would repeat.
  r.connection_error = e.kind == Kind::Connection || e.kind == Kind::Timeout;
  return r;
}
}  // namespace

ActionResult action_result(const TransferResult& transfer, json::value inputs) {
  if (const auto* e = std::get_if<TransferError>(&transfer))
    return from_error(*e, std::move(inputs));
  const auto& response = std::get<Response>(transfer);
  ActionResult r;
  r.inputs = std::move(inputs);
  r.outputs = response_outputs(response);
  r.http_status = response.status;
  if (response.status >= 400) {
    r.status = Status::Failed;
    r.error =
        ActionError{http_status_name(response.status), redact_url(response.url) + " answered " +
                                                           std::to_string(response.status) + " (" +
                                                           http_status_name(response.status) + ")"};
  }
  return r;
}

}  // namespace mailflow::workflow::http
