// Request and Response as the handlers see them: plain structs, no Beast, so that handlers are
// pure functions (request in, response out) that compile fast and test without sockets.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace mailflow::http {

struct Principal {
  std::string key_id;
  std::vector<std::string> scopes;
  bool has(std::string_view scope) const;  // admin implies every scope
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string request_id;
  std::map<std::string, std::string> params;  // from the route pattern
  Principal principal;

  const std::string* header(std::string_view lower_name) const;
  const std::string& param(const std::string& name) const { return params.at(name); }
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  std::string body;
};

Response json_response(int status, const boost::json::value& v);
Response error_response(const core::Error& e);

// Parses a JSON request body: InvalidJson with the parser's reason and offset when it is not.
core::Result<boost::json::value> parse_json_body(const Request& r);

}  // namespace mailflow::http
