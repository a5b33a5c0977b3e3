// /api/connections: create/replace (PUT → 201 or 200), read, list, delete, and test.
// Passwords are sealed by the store and never returned ("hasPassword": true instead).
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "asio/offload.hpp"
#include "connectors/smtp/connection_spec.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace mailflow::http {
namespace json = boost::json;
namespace cs = connectors::smtp;
using boost::asio::awaitable;

namespace {
Response not_found(const std::string& name) {
  return error_response(
      core::Error(core::Code::NotFound, "there is no connection named '" + name + "'"));
}

awaitable<Response> put_connection(Services& s, Request& req) {
  const std::string& name = req.param("name");
  if (auto ok = cs::validate_connection_name(name); !ok) co_return error_response(ok.error());
  auto body = parse_json_body(req);
  if (!body) co_return error_response(body.error());
  auto spec = cs::parse_connection(*body);
  if (!spec) co_return error_response(spec.error());
  store::ConnectionRecord rec{name, json::serialize(spec->settings), spec->password, "", ""};
  auto created_op = offload(s.blocking, [&s, rec] { return s.store.put_connection(rec); });
  auto created = co_await std::move(created_op);
  if (!created) co_return error_response(created.error());
  s.smtp.forget(name);
  auto saved_op = offload(s.blocking, [&s, name] { return s.store.get_connection(name); });
  auto saved = co_await std::move(saved_op);
  if (!saved || !saved->has_value())
    co_return error_response(
        core::Error(core::Code::Internal, "the connection vanished after saving"));
  co_return json_response(*created ? 201 : 200, cs::public_view(**saved));
}

awaitable<Response> get_connection(Services& s, Request& req) {
  std::string name = req.param("name");
  auto rec_op = offload(s.blocking, [&s, name] { return s.store.get_connection(name); });
  auto rec = co_await std::move(rec_op);
  if (!rec) co_return error_response(rec.error());
  if (!rec->has_value()) co_return not_found(name);
  co_return json_response(200, cs::public_view(**rec));
}

awaitable<Response> list_connections(Services& s, Request&) {
  auto all_op = offload(s.blocking, [&s] { return s.store.list_connections(); });
  auto all = co_await std::move(all_op);
  if (!all) co_return error_response(all.error());
  json::array out;
  for (const auto& rec : *all) out.emplace_back(cs::public_view(rec));
  co_return json_response(200, {{"value", std::move(out)}});
}

awaitable<Response> delete_connection(Services& s, Request& req) {
  std::string name = req.param("name");
  auto gone_op = offload(s.blocking, [&s, name] { return s.store.delete_connection(name); });
  auto gone = co_await std::move(gone_op);
  if (!gone) co_return error_response(gone.error());
  if (!*gone) co_return not_found(name);
  s.smtp.forget(name);
  Response r;
  r.status = 204;
  co_return r;
}

awaitable<Response> test_connection(Services& s, Request& req) {
  auto test_op = s.smtp.test(req.param("name"));
  auto result = co_await std::move(test_op);
  if (!result) co_return error_response(result.error());
  co_return json_response(200, *result);
}
}  // namespace

void add_connection_routes(Router& r, Services& s) {
  r.add("GET", "/api/connections", Scope::Read, with_services(s, list_connections));
  r.add("PUT", "/api/connections/{name}", Scope::Admin, with_services(s, put_connection));
  r.add("GET", "/api/connections/{name}", Scope::Read, with_services(s, get_connection));
  r.add("DELETE", "/api/connections/{name}", Scope::Admin, with_services(s, delete_connection));
  r.add("POST", "/api/connections/{name}/test", Scope::Admin, with_services(s, test_connection));
}

}  // namespace mailflow::http
