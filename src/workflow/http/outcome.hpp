// What an Http exchange means for the workflow: the outputs run history shows
// ({statusCode, headers, body}, body decoded per body.hpp) and the ActionResult. As in Azure,
// an answer of 400 or more FAILS the action (outputs still set, error code = the status name,
// "NotFound"), http_status is set so the retry policy can judge 408/429/5xx, and no answer at
// all (refused, DNS, TLS, timeout) is Failed with connection_error. A refusal by the allow-list
// and an over-limit answer are Failed but not retryable.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "workflow/action_result.hpp"
#include "workflow/http/transfer.hpp"

namespace mailflow::workflow::http {

boost::json::value response_outputs(const Response& response);
ActionResult action_result(const TransferResult& transfer, boost::json::value inputs);
// "NotFound", "TooManyRequests", ... (.NET's HttpStatusCode names, as Azure writes them);
// "Http<N>" for a status without a name.
std::string http_status_name(int status);

}  // namespace mailflow::workflow::http
