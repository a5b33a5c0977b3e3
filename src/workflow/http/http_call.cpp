// Parsing of the Http action's evaluated inputs. Member names compare case-insensitively, as
// Azure's deserializer does (json_access.hpp).
#include "workflow/http/http_call.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <memory>

#include "workflow/json_access.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::http {
namespace json = boost::json;
using core::Code;
using core::Error;

namespace {

constexpr const char* kSanitized = "*sanitized*";

Error invalid(std::string field, std::string message) {
  return Error(Code::InvalidRequest, std::move(message)).with_field(std::move(field));
}

// A header or query value: strings as they are, numbers and booleans as JSON writes them.
core::Result<std::string> scalar_text(const json::value& v, const std::string& field) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_number() || v.is_bool()) return json::serialize(v);
  return invalid(field, std::string("must be a string, not ") + detail::kind_name(v));
}

core::Result<HeaderList> name_values(const json::value* v, const std::string& field, bool header) {
  HeaderList out;
  if (!v || v->is_null()) return out;
  if (!v->is_object())
    return invalid(field, std::string("must be an object, not ") + detail::kind_name(*v));
  for (const auto& kv : v->get_object()) {
    std::string path = field + "." + std::string(kv.key());
    if (kv.value().is_null()) continue;
    auto text = scalar_text(kv.value(), path);
    if (!text) return std::move(text).error();
    if (header && (kv.key().empty() || kv.key().find_first_of(" \t\r\n:") != json::string::npos))
      return invalid(path, "is not a valid header name");
    // CR/LF would let a value start a new header line (header injection).
    if (header && text->find_first_of("\r\n") != std::string::npos)
      return Error(Code::HeaderInjection, "a header value may not contain line breaks")
          .with_field(path);
    out.emplace_back(std::string(kv.key()), std::move(*text));
  }
  return out;
}

core::Result<std::string> required_string(const json::object& o, std::string_view key) {
  const json::value* v = detail::member(o, key);
  if (!v || v->is_null()) return invalid(std::string(key), "is required");
  if (!v->is_string())
    return invalid(std::string(key), std::string("must be a string, not ") + detail::kind_name(*v));
  return std::string(v->get_string());
}

core::Result<std::string> parse_method(const json::object& o) {
  auto m = required_string(o, "method");
  if (!m) return m;
  std::string up = *m;
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  static constexpr std::string_view known[] = {"GET",    "POST", "PUT",     "PATCH",
                                               "DELETE", "HEAD", "OPTIONS", "TRACE"};
  if (std::find(std::begin(known), std::end(known), up) == std::end(known))
    return invalid("method", "is '" + *m +
                                 "', not a method this action supports "
                                 "(GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE)");
  return up;
}

// Absolute http(s) URL, checked with curl's own parser so what we accept is what curl sends.
core::Result<std::string> parse_uri(const json::object& o) {
  auto u = required_string(o, "uri");
  if (!u) return u;
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
  if (!h || curl_url_set(h.get(), CURLUPART_URL, u->c_str(), 0) != CURLUE_OK)
    return invalid("uri", "is not an absolute URL");
  char* scheme = nullptr;
  curl_url_get(h.get(), CURLUPART_SCHEME, &scheme, 0);
  std::string s = scheme ? scheme : "";
  curl_free(scheme);
  if (!iequals(s, "http") && !iequals(s, "https"))
    return invalid("uri", "must start with http:// or https://, not " + s + "://");
  return u;
}

core::Result<Authentication> parse_authentication(const json::value* v) {
  Authentication a;
  if (!v || v->is_null()) return a;
  if (!v->is_object())
    return invalid("authentication",
                   std::string("must be an object, not ") + detail::kind_name(*v));
  const auto& o = v->get_object();
  auto type = required_string(o, "type");
  if (!type) return std::move(type).error().with_field("authentication.type");
  auto text = [&](std::string_view key) -> core::Result<std::string> {
    auto r = required_string(o, key);
    if (!r) return std::move(r).error().with_field("authentication." + std::string(key));
    return r;
  };
  if (iequals(*type, "None")) return a;
  if (iequals(*type, "Basic")) {
    auto user = text("username");
    if (!user) return std::move(user).error();
    auto pass = text("password");
    if (!pass) return std::move(pass).error();
    a.type = Authentication::Type::Basic;
    a.username = std::move(*user);
    a.password = std::move(*pass);
    return a;
  }
  if (iequals(*type, "Raw")) {
    auto value = text("value");
    if (!value) return std::move(value).error();
    if (value->find_first_of("\r\n") != std::string::npos)
      return Error(Code::HeaderInjection, "the value may not contain line breaks")
          .with_field("authentication.value");
    a.type = Authentication::Type::Raw;
    a.value = std::move(*value);
    return a;
  }
  for (std::string_view azure_only :
       {"ClientCertificate", "ActiveDirectoryOAuth", "ManagedServiceIdentity"})
    if (iequals(*type, azure_only))
      return Error(Code::NotImplemented,
                   "is " + std::string(azure_only) +
                       ", which mailflow does not support (it needs Azure); use Basic, or Raw "
                       "with the Authorization header value")
          .with_field("authentication.type");
  return invalid("authentication.type",
                 "is '" + *type + "', not an authentication type (Basic, Raw, None)");
}

}  // namespace

core::Result<HttpCall> parse_http_call(const json::value& inputs) {
  if (!inputs.is_object())
    return invalid("", std::string("must be an object, not ") + detail::kind_name(inputs));
  const auto& o = inputs.get_object();
  HttpCall call;
  auto method = parse_method(o);
  if (!method) return std::move(method).error();
  call.method = std::move(*method);
  auto uri = parse_uri(o);
  if (!uri) return std::move(uri).error();
  call.uri = std::move(*uri);
  auto headers = name_values(detail::member(o, "headers"), "headers", true);
  if (!headers) return std::move(headers).error();
  call.headers = std::move(*headers);
  auto queries = name_values(detail::member(o, "queries"), "queries", false);
  if (!queries) return std::move(queries).error();
  call.queries = std::move(*queries);
  if (const json::value* body = detail::member(o, "body")) {
    if (body->is_object() && body->get_object().contains("$multipart"))
      return Error(Code::NotImplemented, "is not supported yet (multipart/form-data)")
          .with_field("body.$multipart");
    call.body = *body;
  }
  auto auth = parse_authentication(detail::member(o, "authentication"));
  if (!auth) return std::move(auth).error();
  call.authentication = std::move(*auth);
  return call;
}

json::value history_inputs(const HttpCall& call) {
  json::object o;
  o["method"] = call.method;
  o["uri"] = call.uri;
  if (!call.headers.empty()) {
    json::object h;
    for (const auto& [name, value] : call.headers)
      h[name] = iequals(name, "Authorization") ? json::string(kSanitized) : json::string(value);
    o["headers"] = std::move(h);
  }
  if (!call.queries.empty()) {
    json::object q;
    for (const auto& [name, value] : call.queries) q[name] = value;
    o["queries"] = std::move(q);
  }
  if (!call.body.is_null()) o["body"] = call.body;
  const auto& a = call.authentication;
  if (a.type == Authentication::Type::Basic)
    o["authentication"] = {{"type", "Basic"}, {"username", a.username}, {"password", kSanitized}};
  else if (a.type == Authentication::Type::Raw)
    o["authentication"] = {{"type", "Raw"}, {"value", kSanitized}};
  return o;
}

}  // namespace mailflow::workflow::http
