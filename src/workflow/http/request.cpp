// HttpCall -> Request (see request.hpp).
#include "workflow/http/request.hpp"

#include "wdl/codec.hpp"
#include "workflow/http/body.hpp"
#include "workflow/http/url.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::http {

namespace {
bool curl_owned(std::string_view name) {
  return iequals(name, "Host") || iequals(name, "Content-Length") ||
         iequals(name, "Transfer-Encoding");
}

std::optional<std::string> authorization(const Authentication& a) {
  switch (a.type) {
    case Authentication::Type::Basic:
      return "Basic " + wdl::base64_encode(a.username + ":" + a.password);
    case Authentication::Type::Raw:
      return a.value;
    case Authentication::Type::None:
      break;
  }
  return std::nullopt;
}
}  // namespace

core::Result<Request> build_request(const HttpCall& call) {
  Request r;
  r.method = call.method;
  auto url = append_queries(call.uri, call.queries);
  if (!url)
    return core::Error(core::Code::InvalidRequest, "the queries do not make a valid URL")
        .with_field("queries");
  r.url = std::move(*url);
  auto auth = authorization(call.authentication);
  for (const auto& h : call.headers) {
    if (curl_owned(h.first) || (auth && iequals(h.first, "Authorization"))) continue;
    r.headers.push_back(h);
  }
  if (auth) r.headers.emplace_back("Authorization", std::move(*auth));
  auto body = encode_request_body(call.body);
  if (!body) return std::move(body).error();
  if (*body) {
    if (!header_value(r.headers, "Content-Type"))
      r.headers.emplace_back("Content-Type", (*body)->content_type);
    r.body = std::move((*body)->bytes);
  }
  return r;
}

}  // namespace mailflow::workflow::http
