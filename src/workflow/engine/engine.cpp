#include "workflow/engine/engine.hpp"

#include <sodium.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "wdl/json_context.hpp"
#include "wdl/template.hpp"
#include "workflow/connections.hpp"
#include "workflow/validate.hpp"

namespace mailflow::workflow {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using core::Code;

namespace {
void collect_strings(const json::value& v, std::vector<std::string>& out) {
  if (v.is_string() && !v.as_string().empty()) out.emplace_back(v.as_string());
  if (v.is_array())
    for (const auto& x : v.as_array()) collect_strings(x, out);
  if (v.is_object())
    for (const auto& [k, x] : v.as_object()) collect_strings(x, out);
}

json::value workflow_info(const store::WorkflowRecord& w, const std::string& run_id) {
  return json::object{{"id", "/workflows/" + w.name},
                      {"name", w.name},
                      {"type", "Microsoft.Logic/workflows"},
                      {"version", w.version},
                      {"run", json::object{{"id", "/workflows/" + w.name + "/runs/" + run_id},
                                           {"name", run_id},
                                           {"type", "Microsoft.Logic/workflows/runs"}}}};
}

// Evaluates a trigger-level expression (splitOn, conditions) over the trigger's outputs.
core::Result<json::value> trigger_expression(const std::string& text, const json::value& outputs,
                                             const json::object& parameters) {
  wdl::JsonContext ctx(json::object{{"trigger", json::object{{"outputs", outputs}}}, {"parameters", parameters}});
  return wdl::evaluate_template(text, ctx);
}
}  // namespace

core::Result<std::shared_ptr<Prepared>> prepare(const store::WorkflowRecord& record) {
  boost::system::error_code ec;
  json::value body = json::parse(record.body_json, ec);
  if (ec) return core::Error(Code::Internal, "stored workflow " + record.name + " is corrupt");
  CheckedWorkflow checked = check_workflow(body);
  if (!checked.ok()) return to_error(checked.problems);
  auto p = std::make_shared<Prepared>();
  p->record = record;
  for (const auto& param : checked.body.definition.parameters) {
    json::value v = param.default_value.value_or(nullptr);
    if (auto* given = checked.body.parameters.if_contains(param.name); given && given->is_object())
      if (auto* value = given->as_object().if_contains("value")) v = *value;
    if (param.secure) collect_strings(v, p->secrets);
    p->parameters[param.name] = std::move(v);
  }
  for (const auto& [name, given] : checked.body.parameters)  // e.g. $connections, not declared
    if (!p->parameters.contains(name) && given.is_object())
      if (auto* value = given.as_object().if_contains("value")) p->parameters[name] = *value;
  for (const auto& ref : checked.connections)
    if (auto name = resolve_connection_name(checked.body, ref)) p->connections[ref.owner] = *name;
  for_each_action(checked.body.definition.actions,
                  [&](const Action& a) { p->has_response |= a.type == ActionType::Response; });
  p->body = std::make_shared<const WorkflowBody>(std::move(checked.body));
  return p;
}

Engine::Engine(asio::any_io_executor ex, store::WorkflowStore& store, asio::thread_pool& blocking, Host& host,
               EngineOptions options)
    : ex_(std::move(ex)), store_(store), blocking_(blocking), host_(host), options_(std::move(options)),
      http_pool_(std::max(1u, options_.http_threads)) {
  options_.run.http_pool = &http_pool_;
  if (auto* m = options_.run.metrics) {
    using T = core::Metrics::Type;
    m->declare("mailflow_workflow_runs_total", T::Counter, "Workflow runs that ended, by workflow and status.");
    m->declare("mailflow_workflow_run_duration_seconds", T::Histogram, "Workflow run duration, by workflow.",
               {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600});
    m->declare("mailflow_workflow_actions_total", T::Counter,
               "Workflow actions that finished, by workflow, action type and status.");
  }
}

core::Result<std::shared_ptr<Prepared>> Engine::prepared(const store::WorkflowRecord& record) {
  const std::string key = record.name + "@" + std::to_string(record.version);
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  auto p = prepare(record);
  if (!p) return p;
  std::lock_guard lock(mu_);
  cache_[key] = *p;
  return p;
}

void Engine::forget(const std::string& workflow) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.first.rfind(workflow + "@", 0) == 0; });
}

int Engine::running() const {
  std::lock_guard lock(mu_);
  int n = 0;
  for (const auto& [_, k] : running_) n += k;
  return n;
}

awaitable<core::Result<FireResult>> Engine::fire(std::string workflow, std::string trigger, json::value outputs,
                                                 bool wait) {
  auto get_op = offload(blocking_, [this, workflow] { return store_.get_workflow(workflow); });
  auto rec = co_await std::move(get_op);
  if (!rec) co_return std::move(rec).error();
  if (!*rec) co_return core::Error(Code::NotFound, "there is no workflow named '" + workflow + "'");
  if (!(*rec)->enabled) co_return core::Error(Code::Conflict, "workflow '" + workflow + "' is disabled");
  auto p = prepared(**rec);
  if (!p) co_return std::move(p).error();
  const Trigger* t = (*p)->body->definition.trigger(trigger);
  if (!t) co_return core::Error(Code::NotFound, "workflow '" + workflow + "' has no trigger named '" + trigger + "'");

  std::vector<json::value> firings{outputs};
  if (t->split_on) {  // one run per item
    auto items = trigger_expression(*t->split_on, outputs, (*p)->parameters);
    if (!items) co_return std::move(items).error();
    if (!items->is_array())
      co_return core::Error(Code::InvalidRequest, "the trigger's splitOn '" + *t->split_on + "' is not an array here");
    firings.clear();
    for (const auto& item : items->as_array()) {
      json::value o = outputs;
      if (o.is_object()) o.as_object()["body"] = item;
      firings.push_back(std::move(o));
    }
  }
  FireResult result;
  result.fired = false;
  std::shared_ptr<RunExecutor> first;
  for (auto& o : firings) {
    bool pass = true;
    for (const auto& c : t->conditions) {
      auto v = trigger_expression(c, o, (*p)->parameters);
      if (!v) co_return std::move(v).error();
      pass = pass && v->is_bool() && v->as_bool();
    }
    if (!pass) continue;
    std::shared_ptr<RunExecutor> run;
    auto start_op = start(*p, trigger, std::move(o), &run);
    auto id = co_await std::move(start_op);
    if (!id) co_return std::move(id).error();
    result.fired = true;
    result.runs.push_back(*id);
    if (!first) first = run;
  }
  if (wait && first && (*p)->has_response && t->type == TriggerType::Request) {
    auto op = wait_response(first);
    auto r = co_await std::move(op);
    if (!r) co_return std::move(r).error();
    result.response = std::move(*r);
  }
  co_return result;
}

awaitable<core::Result<std::string>> Engine::start(std::shared_ptr<Prepared> p, std::string trigger,
                                                   json::value outputs, std::shared_ptr<RunExecutor>* out) {
  RunShared shared;
  shared.record.id = core::new_ulid();
  shared.record.workflow = p->record.name;
  shared.record.version = p->record.version;
  shared.record.trigger_name = trigger;
  shared.record.start_ms = core::now_ms();
  shared.trigger = json::object{{"name", trigger}, {"status", "Succeeded"},
                                {"startTime", core::ms_to_rfc3339(shared.record.start_ms)}, {"outputs", outputs}};
  shared.record.trigger_json = json::serialize(shared.trigger);
  shared.body = p->body;
  shared.parameters = p->parameters;
  shared.workflow_info = workflow_info(p->record, shared.record.id);
  shared.connections = p->connections;
  shared.secrets = p->secrets;
  shared.host = &host_;
  if (const Trigger* t = p->body->definition.trigger(trigger); t && t->type == TriggerType::Request)
    shared.callback_url = callback_url(p->record.name, trigger);
  store::RunRecord rec = shared.record;
  auto op = offload(blocking_, [this, rec] { return store_.create_run(rec); });
  auto created = co_await std::move(op);
  if (!created) co_return std::move(created).error();
  auto run = std::make_shared<RunExecutor>(ex_, store_, blocking_, std::move(shared), options_.run,
                                           std::vector<store::ActionRow>{});
  if (out) *out = run;
  asio::co_spawn(run->strand(), execute(run, p->record.name), asio::detached);
  co_return rec.id;
}

awaitable<void> Engine::execute(std::shared_ptr<RunExecutor> run, std::string workflow) {
  // runtimeConfiguration.concurrency.runs: later runs wait for a free place, in order.
  std::optional<std::int64_t> limit;
  const auto& def = run->shared().body->definition;
  if (const Trigger* t = def.trigger(run->shared().record.trigger_name)) limit = t->concurrency_runs;
  asio::steady_timer nap(run->strand());
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (!limit || running_[workflow] < *limit) {
        ++running_[workflow];
        break;
      }
    }
    nap.expires_after(std::chrono::milliseconds(50));
    co_await nap.async_wait(asio::use_awaitable);
  }
  co_await run->run();
  std::lock_guard lock(mu_);
  --running_[workflow];
}

awaitable<core::Result<json::value>> Engine::wait_response(std::shared_ptr<RunExecutor> run) {
  // Polled: the run lives on its own strand; its flags are atomics.
  const auto deadline = std::chrono::steady_clock::now() + options_.response_timeout;
  asio::steady_timer nap(ex_);
  while (std::chrono::steady_clock::now() < deadline) {
    if (run->has_response()) co_return run->response();
    if (run->finished())
      co_return core::Error(Code::NoResponse, "run " + run->id() + " ended without its Response action answering; see its history");
    nap.expires_after(std::chrono::milliseconds(5));
    co_await nap.async_wait(asio::use_awaitable);
  }
  co_return core::Error(Code::ResponseTimeout, "run " + run->id() + " did not answer within " +
                                                   std::to_string(options_.response_timeout.count()) +
                                                   " s; it goes on, see its history");
}

awaitable<void> Engine::resume_unfinished() {
  auto op = offload(blocking_, [this] { return store_.unfinished_runs(); });
  auto runs = co_await std::move(op);
  if (!runs) {
    spdlog::error("workflows: cannot list unfinished runs: {}", runs.error().message);
    co_return;
  }
  for (auto& r : *runs) {
    auto wf_op = offload(blocking_, [this, r] { return store_.get_workflow(r.workflow, r.version); });
    auto wf = co_await std::move(wf_op);
    auto rows_op = offload(blocking_, [this, r] { return store_.list_actions(r.id); });
    auto rows = co_await std::move(rows_op);
    if (!wf || !*wf || !rows) continue;
    auto p = prepared(**wf);
    if (!p) continue;
    RunShared shared;
    shared.record = r;
    boost::system::error_code ec;
    shared.trigger = json::parse(r.trigger_json, ec);
    auto vars = actions::Variables::from_json(json::parse(r.variables_json, ec));
    if (vars) shared.variables = std::move(*vars);
    shared.body = (*p)->body;
    shared.parameters = (*p)->parameters;
    shared.workflow_info = workflow_info((*p)->record, r.id);
    shared.connections = (*p)->connections;
    shared.secrets = (*p)->secrets;
    shared.host = &host_;
    auto run = std::make_shared<RunExecutor>(ex_, store_, blocking_, std::move(shared), options_.run, std::move(*rows));
    spdlog::info("workflow {}: resuming run {} where it stood", r.workflow, r.id);
    asio::co_spawn(run->strand(), execute(run, r.workflow), asio::detached);
  }
}

awaitable<void> Engine::janitor() {
  asio::steady_timer nap(ex_);
  for (;;) {
    const auto cut = core::now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(options_.run_retention).count();
    auto op = offload(blocking_, [this, cut] { return store_.purge_runs(cut); });
    if (auto n = co_await std::move(op); n && *n > 0) spdlog::info("workflows: deleted {} run(s) past their retention", *n);
    for (int i = 0; i < 600; ++i) {  // ten minutes, in seconds: stop() is noticed quickly
      {
        std::lock_guard lock(mu_);
        if (stopping_) co_return;
      }
      nap.expires_after(std::chrono::seconds(1));
      co_await nap.async_wait(asio::use_awaitable);
    }
  }
}

awaitable<void> Engine::stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  const auto deadline = std::chrono::steady_clock::now() + grace;
  asio::steady_timer nap(ex_);
  while (running() > 0 && std::chrono::steady_clock::now() < deadline) {
    nap.expires_after(std::chrono::milliseconds(20));
    co_await nap.async_wait(asio::use_awaitable);
  }
  if (running() > 0)
    spdlog::warn("workflows: {} run(s) still going at shutdown; they resume at the next start", running());
}

// --- callback URLs ---------------------------------------------------------------------------

std::string Engine::signature(const std::string& workflow, const std::string& trigger) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  const std::string msg = workflow + "\n" + trigger;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(options_.signing_key.data()),
                              options_.signing_key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char out[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string Engine::callback_url(const std::string& workflow, const std::string& trigger) const {
  return options_.public_url + "/api/workflows/" + workflow + "/triggers/" + trigger +
         "/invoke?api-version=2016-10-01&sp=%2Ftriggers%2F" + trigger + "%2Frun&sv=1.0&sig=" +
         signature(workflow, trigger);
}

bool Engine::signature_ok(const std::string& workflow, const std::string& trigger, const std::string& sig) const {
  const std::string want = signature(workflow, trigger);
  return sig.size() == want.size() && sodium_memcmp(sig.data(), want.data(), want.size()) == 0;
}

}  // namespace mailflow::workflow
