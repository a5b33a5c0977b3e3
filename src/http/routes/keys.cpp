// /api/keys: create (the key is shown once), list, delete. Admin scope only.
#include <boost/json/array.hpp>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {
json::object key_view(const store::ApiKeyRecord& k) {
  json::array scopes;
  for (const auto& s : k.scopes) scopes.emplace_back(s);
  json::object o{{"id", k.id},
                 {"name", k.name},
                 {"scopes", std::move(scopes)},
                 {"prefix", k.prefix},
                 {"createdAt", k.created_at}};
  return o;
}

core::Result<store::ApiKeyRecord> parse_key_request(const json::value& body) {
  auto bad = [](std::string field, std::string msg) {
    return core::Error(core::Code::InvalidRequest, std::move(msg)).with_field(std::move(field));
  };
  if (!body.is_object()) return bad("", "the body must be a JSON object {\"name\", \"scopes\"}");
  const auto& o = body.as_object();
  store::ApiKeyRecord k;
  auto name = o.if_contains("name");
  if (!name || !name->is_string() || name->as_string().empty() || name->as_string().size() > 200)
    return bad("name", "name is required: a string of 1 to 200 characters");
  k.name = name->as_string();
  auto scopes = o.if_contains("scopes");
  if (!scopes || !scopes->is_array() || scopes->as_array().empty())
    return bad("scopes", "scopes is required: a non-empty array of \"admin\", \"send\", \"read\"");
  for (const auto& s : scopes->as_array()) {
    if (!s.is_string() ||
        (s.as_string() != "admin" && s.as_string() != "send" && s.as_string() != "read"))
      return bad("scopes", "each scope is one of \"admin\", \"send\", \"read\"");
    k.scopes.emplace_back(s.as_string());
  }
  return k;
}

awaitable<Response> create_key(Services& s, Request& req) {
  auto body = parse_json_body(req);
  if (!body) co_return error_response(body.error());
  auto rec = parse_key_request(*body);
  if (!rec) co_return error_response(rec.error());
  std::string key = new_api_key();
  rec->id = core::new_ulid();
  rec->prefix = key.substr(0, 8);
  rec->created_at = core::now_rfc3339();
  auto r = *rec;
  auto ok_op = offload(s.blocking,
                       [&s, r, hash = sha256_hex(key)] { return s.store.create_api_key(r, hash); });
  auto ok = co_await std::move(ok_op);
  if (!ok) co_return error_response(ok.error());
  auto view = key_view(r);
  view["key"] = key;
  co_return json_response(201, view);
}

awaitable<Response> list_keys(Services& s, Request&) {
  auto all_op = offload(s.blocking, [&s] { return s.store.list_api_keys(); });
  auto all = co_await std::move(all_op);
  if (!all) co_return error_response(all.error());
  json::array out;
  for (const auto& k : *all) out.emplace_back(key_view(k));
  co_return json_response(200, {{"value", std::move(out)}});
}

awaitable<Response> delete_key(Services& s, Request& req) {
  std::string id = req.param("id");
  auto gone_op = offload(s.blocking, [&s, id] { return s.store.delete_api_key(id); });
  auto gone = co_await std::move(gone_op);
  if (!gone) co_return error_response(gone.error());
  if (!*gone)
    co_return error_response(
        core::Error(core::Code::NotFound, "there is no API key with id " + id));
  s.auth.forget_all();
  Response r;
  r.status = 204;
  co_return r;
}
}  // namespace

void add_key_routes(Router& r, Services& s) {
  r.add("POST", "/api/keys", Scope::Admin, with_services(s, create_key));
  r.add("GET", "/api/keys", Scope::Admin, with_services(s, list_keys));
  r.add("DELETE", "/api/keys/{id}", Scope::Admin, with_services(s, delete_key));
}

}  // namespace mailflow::http
