// workflow::http::HttpOptions — the limits every outbound Http call of the workflow runtime
// obeys. Defaults follow Azure Logic Apps (multi-tenant): a request times out after 120 s
// ("Outbound request" limit) and a message is at most 100 MB. TLS certificates are always
// verified; there is no switch to turn that off.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "workflow/http/allow_list.hpp"

namespace mailflow::workflow::http {

struct HttpOptions {
  AllowList allowed;                            // empty = every destination
  std::chrono::milliseconds timeout{120'000};   // one request, redirects included
  std::size_t max_response_bytes = 100u << 20;  // 100 MiB; a bigger answer fails the call
  int max_redirects = 10;                       // 0 = answer 3xx as they come
  std::string ca_file;                          // trust anchors (PEM) instead of the system store
};

}  // namespace mailflow::workflow::http
