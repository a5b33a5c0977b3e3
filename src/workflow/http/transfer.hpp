// workflow::http::perform — one outbound HTTP exchange with libcurl's easy interface, BLOCKING
// (run it on a thread pool: client.hpp does). Redirects are followed here, hop by hop, so that
// every hop is checked against the allow-list (host name first, then the address curl actually
// connects to) and the Authorization header is dropped when a hop leaves the original origin.
// Proxies from the environment are ignored: the allow-list must judge the real destination.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "workflow/http/http_call.hpp"
#include "workflow/http/http_options.hpp"

namespace mailflow::workflow::http {

struct Request {
  std::string method;  // upper case
  std::string url;     // absolute, queries included
  HeaderList headers;  // exactly what is sent (Authorization included)
  std::optional<std::string> body;
};

struct Response {
  int status = 0;
  HeaderList headers;  // as received, in order (the last response's, after redirects)
  std::string body;    // decoded bytes (Content-Encoding undone)
  std::string url;     // the URL that answered (after redirects)
};

struct TransferError {
  enum class Kind {
    NotAllowed,  // the allow-list refused the destination: nothing was sent
    Connection,  // DNS, refused, reset, TLS: no answer
    Timeout,     // no complete answer within HttpOptions::timeout
    TooLarge,    // the answer passed HttpOptions::max_response_bytes
  };
  Kind kind = Kind::Connection;
  std::string message;  // plain words; never a credential, never the query string
};

using TransferResult = std::variant<Response, TransferError>;

TransferResult perform(const Request& request, const HttpOptions& options);

// The value of the first header named `name` (case-insensitive), or nullopt.
std::optional<std::string> header_value(const HeaderList& headers, std::string_view name);

}  // namespace mailflow::workflow::http
