// URL helpers for outbound calls, all on curl's own URL parser (so what we reason about is what
// curl will connect to): host and origin of a URL, relative references resolved, queries
// appended, and a redacted form for error messages (no user info, no query: either may hold a
// secret such as a SAS signature).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "workflow/http/http_call.hpp"

namespace mailflow::workflow::http {

std::optional<std::string> url_host(std::string_view url);    // "[::1]" keeps its brackets
std::optional<std::string> url_origin(std::string_view url);  // "https://host:443"
// `reference` (absolute, or relative to `base`) as an absolute URL; nullopt when malformed.
std::optional<std::string> resolve_url(std::string_view base, std::string_view reference);
// `url` with "name=value" pairs appended, each percent-encoded (RFC 3986 unreserved kept).
std::optional<std::string> append_queries(std::string_view url, const HeaderList& queries);
// "https://host:8443/path" — never the user info or the query.
std::string redact_url(std::string_view url);

}  // namespace mailflow::workflow::http
