// Triggers and run history: the signed callback URL of a Request trigger and the endpoint it
// points at (no API key: the signature is the credential), firing a trigger by hand, and runs.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "workflow/actions/response.hpp"

namespace mailflow::http {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {
json::value parse_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

json::value time_or_null(std::int64_t ms) { return ms > 0 ? json::value(core::ms_to_rfc3339(ms)) : json::value(nullptr); }

json::object run_summary(const store::RunRecord& r) {
  return {{"id", r.id},
          {"name", r.id},
          {"workflow", r.workflow},
          {"version", r.version},
          {"status", r.status},
          {"trigger", r.trigger_name},
          {"startTime", time_or_null(r.start_ms)},
          {"endTime", time_or_null(r.end_ms)},
          {"error", parse_or_null(r.error_json)}};
}

// Action records by key ("A", "Loop/2/B") → Azure's shape: {"B": {...the last repetition...,
// "repetitions": [{"iterationIndexes": {"Loop": 2}, ...}]}}.
json::object actions_view(const std::vector<store::ActionRow>& rows) {
  json::object out;
  for (const auto& row : rows) {
    json::value rec = parse_or_null(row.record_json);
    json::object a = rec.is_object() ? rec.as_object() : json::object{};
    a["status"] = row.status;
    if (row.start_ms) a["startTime"] = core::ms_to_rfc3339(row.start_ms);
    if (row.end_ms) a["endTime"] = core::ms_to_rfc3339(row.end_ms);
    if (row.key == row.name) {
      json::value reps = nullptr;
      if (auto* old = out.if_contains(row.name); old && old->is_object())
        if (auto* r = old->as_object().if_contains("repetitions")) reps = *r;
      if (!reps.is_null()) a["repetitions"] = reps;
      out[row.name] = std::move(a);
      continue;
    }
    json::object indexes;  // "Loop/2/Inner/0/B" → {"Loop": 2, "Inner": 0}
    std::string_view rest(row.key);
    for (auto slash = rest.find('/'); slash != std::string_view::npos; slash = rest.find('/')) {
      std::string loop(rest.substr(0, slash));
      rest.remove_prefix(slash + 1);
      auto next = rest.find('/');
      if (next == std::string_view::npos) break;
      indexes[loop] = std::atoll(std::string(rest.substr(0, next)).c_str());
      rest.remove_prefix(next + 1);
    }
    a["iterationIndexes"] = std::move(indexes);
    json::value& slot = out[row.name];
    if (!slot.is_object()) slot = json::object{};
    auto& entry = slot.as_object();
    if (!entry.contains("repetitions")) entry["repetitions"] = json::array{};
    entry["repetitions"].as_array().push_back(a);
    for (const char* k : {"status", "startTime", "endTime", "inputs", "outputs", "error"})  // the latest
      if (auto* v = a.if_contains(k)) entry[k] = *v;
  }
  return out;
}

awaitable<Response> list_runs(Services& s, Request& req) {
  store::RunFilter f;
  f.workflow = req.param("name");
  if (auto it = req.query.find("status"); it != req.query.end()) f.status = it->second;
  if (auto it = req.query.find("before"); it != req.query.end()) f.before = it->second;
  if (auto it = req.query.find("limit"); it != req.query.end()) {
    char* end = nullptr;
    long n = std::strtol(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end || n < 1 || n > 250) {
      core::Error e(core::Code::InvalidRequest, "limit must be a number from 1 to 250");
      e.field = "limit";
      co_return error_response(e);
    }
    f.limit = static_cast<int>(n);
  }
  std::string name = f.workflow;
  auto wf_op = offload(s.blocking, [&s, name] { return s.store.workflows().get_workflow(name); });
  auto wf = co_await std::move(wf_op);
  if (!wf) co_return error_response(wf.error());
  if (!*wf) co_return error_response(core::Error(core::Code::NotFound, "there is no workflow named '" + name + "'"));
  auto op = offload(s.blocking, [&s, f] { return s.store.workflows().list_runs(f); });
  auto runs = co_await std::move(op);
  if (!runs) co_return error_response(runs.error());
  json::array value;
  for (const auto& r : *runs) value.emplace_back(run_summary(r));
  json::value next = nullptr;
  if (static_cast<int>(runs->size()) == f.limit)
    next = json::string("/api/workflows/" + name + "/runs?limit=" + std::to_string(f.limit) + "&before=" +
                        runs->back().id + (f.status ? "&status=" + *f.status : ""));
  co_return json_response(200, json::object{{"value", std::move(value)}, {"nextLink", next}});
}

awaitable<Response> get_run(Services& s, Request& req) {
  std::string name = req.param("name"), id = req.param("run");
  auto op = offload(s.blocking, [&s, id] { return s.store.workflows().get_run(id); });
  auto run = co_await std::move(op);
  if (!run) co_return error_response(run.error());
  if (!*run || (*run)->workflow != name)
    co_return error_response(core::Error(core::Code::NotFound, "workflow '" + name + "' has no run '" + id + "'"));
  auto rows_op = offload(s.blocking, [&s, id] { return s.store.workflows().list_actions(id); });
  auto rows = co_await std::move(rows_op);
  if (!rows) co_return error_response(rows.error());
  json::object out = run_summary(**run);
  out["trigger"] = parse_or_null((*run)->trigger_json);
  out["actions"] = actions_view(*rows);
  out["response"] = parse_or_null((*run)->response_json);
  co_return json_response(200, out);
}

// The trigger's outputs from an HTTP request: headers, queries, and the body — parsed when it
// says it is JSON (and kept as text when it is not, so the run, not the service, reports it).
json::object trigger_outputs(const Request& req) {
  json::object headers, queries;
  for (const auto& [k, v] : req.headers)
    if (k != "authorization" && k != "x-api-key") headers[k] = v;
  for (const auto& [k, v] : req.query)
    if (k != "sig") queries[k] = v;
  json::value body = nullptr;
  const std::string* ct = req.header("content-type");
  if (!req.body.empty()) {
    boost::system::error_code ec;
    json::value parsed = ct && ct->find("json") != std::string::npos ? json::parse(req.body, ec) : json::value(nullptr);
    body = (ct && ct->find("json") != std::string::npos && !ec) ? parsed : json::value(json::string(req.body));
  }
  return {{"headers", std::move(headers)}, {"queries", std::move(queries)}, {"body", std::move(body)}};
}

Response accepted(const workflow::FireResult& fr, const std::string& workflow) {
  json::array runs;
  for (const auto& id : fr.runs) runs.emplace_back(id);
  Response r = json_response(202, json::object{{"fired", fr.fired}, {"runs", std::move(runs)}});
  if (!fr.runs.empty()) {
    r.headers.emplace_back("x-ms-workflow-run-id", fr.runs.front());
    r.headers.emplace_back("Location", "/api/workflows/" + workflow + "/runs/" + fr.runs.front());
  }
  return r;
}

awaitable<Response> invoke(Services& s, Request& req) {
  std::string name = req.param("name"), trigger = req.param("trigger");
  auto sig = req.query.find("sig");
  if (sig == req.query.end() || !s.engine.signature_ok(name, trigger, sig->second))
    co_return error_response(core::Error(core::Code::Unauthorized,
                                         "the callback URL's signature (sig=) is missing or wrong; get the URL from "
                                         "GET /api/workflows/" + name + "/triggers/" + trigger + "/callbackUrl"));
  auto op = s.engine.fire(name, trigger, trigger_outputs(req), true);
  auto fr = co_await std::move(op);
  if (!fr) co_return error_response(fr.error());
  if (!fr->response) co_return accepted(*fr, name);
  auto answer = workflow::actions::http_answer(*fr->response);
  Response r;
  r.status = answer.status;
  r.headers = answer.headers;
  r.content_type = answer.content_type.empty() ? "text/plain" : answer.content_type;
  r.body = std::move(answer.body);
  if (!fr->runs.empty()) r.headers.emplace_back("x-ms-workflow-run-id", fr->runs.front());
  co_return r;
}

awaitable<Response> run_trigger(Services& s, Request& req) {
  std::string name = req.param("name"), trigger = req.param("trigger");
  auto op = s.engine.fire(name, trigger, trigger_outputs(req), false);
  auto fr = co_await std::move(op);
  if (!fr) co_return error_response(fr.error());
  co_return accepted(*fr, name);
}

awaitable<Response> callback_url(Services& s, Request& req) {
  std::string name = req.param("name"), trigger = req.param("trigger");
  auto op = offload(s.blocking, [&s, name] { return s.store.workflows().get_workflow(name); });
  auto w = co_await std::move(op);
  if (!w) co_return error_response(w.error());
  if (!*w) co_return error_response(core::Error(core::Code::NotFound, "there is no workflow named '" + name + "'"));
  auto p = workflow::prepare(**w);
  if (!p) co_return error_response(p.error());
  const workflow::Trigger* t = (*p)->body->definition.trigger(trigger);
  if (!t) co_return error_response(core::Error(core::Code::NotFound, "workflow '" + name + "' has no trigger named '" + trigger + "'"));
  if (t->type != workflow::TriggerType::Request)
    co_return error_response(core::Error(core::Code::InvalidRequest, "trigger '" + trigger + "' is not a Request trigger; it has no callback URL"));
  co_return json_response(200, json::object{{"value", s.engine.callback_url(name, trigger)}, {"method", "POST"}});
}
}  // namespace

void add_run_routes(Router& r, Services& s) {
  r.add("GET", "/api/workflows/{name}/runs", Scope::Read, with_services(s, list_runs));
  r.add("GET", "/api/workflows/{name}/runs/{run}", Scope::Read, with_services(s, get_run));
  r.add("GET", "/api/workflows/{name}/triggers/{trigger}/callbackUrl", Scope::Admin, with_services(s, callback_url));
  r.add("POST", "/api/workflows/{name}/triggers/{trigger}/invoke", Scope::Public, with_services(s, invoke));
  r.add("POST", "/api/workflows/{name}/triggers/{trigger}/run", Scope::Send, with_services(s, run_trigger));
}

}  // namespace mailflow::http
