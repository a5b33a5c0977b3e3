// /api/workflows: deploy (PUT, a new version each time), read, list, delete, enable/disable.
// Everything is checked at deploy time — the definition (paths for every problem) and that each
// connection it names exists — so a bad definition is a 400 and never a failed run later.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "asio/offload.hpp"
#include "connectors/smtp/connection_spec.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "workflow/validate.hpp"

namespace mailflow::http {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {
json::object workflow_view(const store::WorkflowRecord& w, bool with_body) {
  json::object out{{"name", w.name},
                   {"version", w.version},
                   {"enabled", w.enabled},
                   {"createdAt", core::ms_to_rfc3339(w.created_ms)},
                   {"updatedAt", core::ms_to_rfc3339(w.updated_ms)}};
  boost::system::error_code ec;
  json::value body = json::parse(w.body_json, ec);
  json::array triggers;
  if (!ec) {  // the model only: a stored body was validated when it was deployed
    workflow::Problems ignored;
    for (const auto& t : workflow::parse_workflow_body(body, ignored).definition.triggers)
      triggers.emplace_back(json::object{{"name", t.name}, {"type", std::string(workflow::name(t.type))}});
  }
  out["triggers"] = std::move(triggers);
  if (with_body && !ec && body.is_object()) {
    auto& b = body.as_object();
    // Parameter values may be secure: the definition is shown, the values are not.
    if (auto* params = b.if_contains("parameters"); params && params->is_object())
      for (auto& [k, v] : params->as_object()) v = json::object{{"value", "(not shown)"}};
    out["body"] = std::move(body);
  }
  return out;
}

Response not_found(const std::string& name) {
  return error_response(core::Error(core::Code::NotFound, "there is no workflow named '" + name + "'"));
}

awaitable<Response> put_workflow(Services& s, Request& req) {
  const std::string& name = req.param("name");
  auto body = parse_json_body(req);
  if (!body) co_return error_response(body.error());
  auto op = deploy_workflow(s, name, std::move(*body));
  auto saved = co_await std::move(op);
  if (!saved) co_return error_response(saved.error());
  co_return json_response(saved->version == 1 ? 201 : 200, workflow_view(*saved, false));
}

awaitable<Response> get_workflow(Services& s, Request& req) {
  std::string name = req.param("name");
  auto op = offload(s.blocking, [&s, name] { return s.store.workflows().get_workflow(name); });
  auto w = co_await std::move(op);
  if (!w) co_return error_response(w.error());
  if (!*w) co_return not_found(name);
  co_return json_response(200, workflow_view(**w, true));
}

awaitable<Response> list_workflows(Services& s, Request&) {
  auto op = offload(s.blocking, [&s] { return s.store.workflows().list_workflows(); });
  auto all = co_await std::move(op);
  if (!all) co_return error_response(all.error());
  json::array out;
  for (const auto& w : *all) out.emplace_back(workflow_view(w, false));
  co_return json_response(200, json::object{{"value", std::move(out)}});
}

awaitable<Response> delete_workflow(Services& s, Request& req) {
  std::string name = req.param("name");
  auto op = offload(s.blocking, [&s, name] { return s.store.workflows().delete_workflow(name); });
  auto gone = co_await std::move(op);
  if (!gone) co_return error_response(gone.error());
  if (!*gone) co_return not_found(name);
  s.engine.forget(name);
  s.triggers.removed(name);
  Response r;
  r.status = 204;
  co_return r;
}

awaitable<Response> set_enabled(Services& s, Request& req, bool enabled) {
  std::string name = req.param("name");
  auto op = offload(s.blocking, [&s, name, enabled] { return s.store.workflows().set_enabled(name, enabled, core::now_ms()); });
  auto found = co_await std::move(op);
  if (!found) co_return error_response(found.error());
  if (!*found) co_return not_found(name);
  auto get = offload(s.blocking, [&s, name] { return s.store.workflows().get_workflow(name); });
  auto w = co_await std::move(get);
  if (!w || !*w) co_return not_found(name);
  s.triggers.deployed(**w);
  co_return json_response(200, workflow_view(**w, false));
}
}  // namespace

awaitable<core::Result<store::WorkflowRecord>> deploy_workflow(Services& s, std::string name, json::value body) {
  if (auto ok = connectors::smtp::validate_connection_name(name); !ok) co_return ok.error();
  workflow::CheckedWorkflow checked = workflow::check_workflow(body);
  for (const auto& ref : checked.connections) {  // each connection the definition names must exist
    auto conn = workflow::resolve_connection_name(checked.body, ref);
    if (!conn) continue;  // already a problem
    std::string c = *conn;
    auto op = offload(s.blocking, [&s, c] { return s.store.get_connection(c); });
    auto rec = co_await std::move(op);
    if (!rec) co_return rec.error();
    if (!*rec)
      checked.problems.push_back({ref.path, "connection '" + c + "' does not exist (create it with PUT /api/connections/" + c + ")"});
  }
  for (const auto& t : checked.body.definition.triggers)
    if (t.type == workflow::TriggerType::ApiConnection)
      checked.problems.push_back({t.path + ".type", "polling ApiConnection triggers (e.g. Salesforce's) need a "
                                                    "connector mailflow does not have; use a Request, Recurrence "
                                                    "or Http trigger"});
  if (!checked.ok()) co_return workflow::to_error(checked.problems);
  const std::string text = json::serialize(body);
  auto op = offload(s.blocking, [&s, name, text] { return s.store.workflows().put_workflow(name, text, core::now_ms()); });
  auto saved = co_await std::move(op);
  if (!saved) co_return std::move(saved).error();
  s.engine.forget(name);
  s.triggers.deployed(*saved);
  co_return std::move(*saved);
}

void add_workflow_routes(Router& r, Services& s) {
  r.add("PUT", "/api/workflows/{name}", Scope::Admin, with_services(s, put_workflow));
  r.add("GET", "/api/workflows", Scope::Read, with_services(s, list_workflows));
  r.add("GET", "/api/workflows/{name}", Scope::Read, with_services(s, get_workflow));
  r.add("DELETE", "/api/workflows/{name}", Scope::Admin, with_services(s, delete_workflow));
  r.add("POST", "/api/workflows/{name}/enable", Scope::Admin,
        [&s](Request& req) -> awaitable<Response> { return set_enabled(s, req, true); });
  r.add("POST", "/api/workflows/{name}/disable", Scope::Admin,
        [&s](Request& req) -> awaitable<Response> { return set_enabled(s, req, false); });
}

}  // namespace mailflow::http
