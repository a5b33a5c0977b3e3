// build_request: the bytes an HttpCall puts on the wire — queries appended to the URL, the body
// encoded (body.hpp) with its Content-Type unless the call gives one, authentication as an
// Authorization header (it replaces one given in headers). Host, Content-Length and
// Transfer-Encoding from the call are dropped: curl writes them from what it actually sends.
#pragma once

#include "core/error.hpp"
#include "workflow/http/http_call.hpp"
#include "workflow/http/transfer.hpp"

namespace mailflow::workflow::http {

core::Result<Request> build_request(const HttpCall& call);

}  // namespace mailflow::workflow::http
