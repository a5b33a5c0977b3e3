// workflow::http::HttpCall — one outbound request of an Http action or Http polling trigger, read
// from the action's EVALUATED inputs (Logic Apps' shape: method, uri, headers, queries, body,
// authentication). Parsing checks kinds and values and names the offending member in
// Error::field ("headers.X-Id", "authentication.type"); it never performs I/O.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace mailflow::workflow::http {

// Logic Apps' "authentication" object. Supported: Basic {username, password} and Raw {value}
// (the Authorization header value as is — "Bearer <token>" is written this way). ClientCertificate,
// ActiveDirectoryOAuth and ManagedServiceIdentity need Azure and are refused at parse time.
struct Authentication {
  enum class Type { None, Basic, Raw };
  Type type = Type::None;
  std::string username;  // Basic
  std::string password;  // Basic
  std::string value;     // Raw
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpCall {
  std::string method = "GET";  // upper case
  std::string uri;             // absolute http:// or https:// URL
  HeaderList headers;          // in the order given
  HeaderList queries;          // appended to uri, percent-encoded, in the order given
  boost::json::value body;     // null = no body; string as is; binary object; else JSON
  Authentication authentication;
};

// Errors: Code::InvalidRequest (wrong kind, missing method/uri, bad URL, CR/LF in a header) or
// Code::NotImplemented (an Azure-only authentication type, $multipart bodies), `field` set.
core::Result<HttpCall> parse_http_call(const boost::json::value& inputs);

// The call as run history shows it: the inputs with the password, the Raw value and any
// Authorization header replaced by "*sanitized*" (Azure's word), so no secret is stored.
boost::json::value history_inputs(const HttpCall& call);

}  // namespace mailflow::workflow::http
