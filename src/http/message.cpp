#include "http/message.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error_json.hpp"

namespace mailflow::http {

bool Principal::has(std::string_view scope) const {
  for (const auto& s : scopes)
    if (s == scope || s == "admin") return true;
  return false;
}

const std::string* Request::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

Response json_response(int status, const boost::json::value& v) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response error_response(const core::Error& e) {
  Response r = json_response(e.status(), core::to_json(e));
  if (e.retry_after_seconds > 0)
    r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

core::Result<boost::json::value> parse_json_body(const Request& r) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  if (ec)
    return core::Error(core::Code::InvalidJson, "the request body is not valid JSON: " + ec.message());
  return v;
}

}  // namespace mailflow::http
