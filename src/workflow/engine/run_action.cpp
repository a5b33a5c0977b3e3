// RunExecutor: one action — its inputs evaluated, its attempts under the retry policy, its record
// persisted with secure values hidden.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <random>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "wdl/template.hpp"
#include "workflow/actions/compose.hpp"
#include "workflow/actions/item_actions.hpp"
#include "workflow/actions/parse_json.hpp"
#include "workflow/actions/response.hpp"
#include "workflow/actions/terminate.hpp"
#include "workflow/actions/wait.hpp"
#include "workflow/connections.hpp"
#include "workflow/duration.hpp"
#include "workflow/engine/run.hpp"
#include "workflow/engine/run_context.hpp"
#include "workflow/http/http_action.hpp"
#include "workflow/retry_policy.hpp"

namespace mailflow::workflow {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;

namespace {
json::value error_json(const std::optional<ActionError>& e) {
  if (!e) return nullptr;
  return json::object{{"code", e->code}, {"message", e->message}};
}

double uniform() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}
}  // namespace

namespace {
// The first string of `raw` whose evaluation fails, and its error: what a message must quote so
// that "at position N" can be placed.
std::optional<std::pair<std::string, core::Error>> failing_string(const json::value& raw, const wdl::Context& ctx) {
  if (raw.is_string()) {
    auto r = wdl::evaluate_template(raw.as_string(), ctx);
    if (!r) return std::make_pair(std::string(raw.as_string()), r.error());
  } else if (raw.is_array()) {
    for (const auto& x : raw.as_array())
      if (auto f = failing_string(x, ctx)) return f;
  } else if (raw.is_object()) {
    for (const auto& [k, x] : raw.as_object())
      if (auto f = failing_string(x, ctx)) return f;
  }
  return std::nullopt;
}
}  // namespace

core::Result<json::value> RunExecutor::evaluate(const json::value& raw, std::shared_ptr<Frame> frame,
                                                const std::string& action) {
  RunContext ctx(shared_, std::move(frame), action);
  auto r = wdl::evaluate_json(raw, ctx);
  if (r) return r;
  if (auto f = failing_string(raw, ctx)) {
    core::Error e = f->second;
    e.message = "the expression '" + f->first + "' failed: " + e.message;
    return e;
  }
  return r;
}

core::Result<json::value> RunExecutor::evaluate_inputs(const Action& a, std::shared_ptr<Frame> frame) {
  if (!a.inputs.is_object()) return evaluate(a.inputs, std::move(frame), a.name);
  json::object out;
  for (const auto& [k, v] : a.inputs.as_object()) {
    if (actions::keeps_raw_input(a.type, k)) {
      out[k] = v;
      continue;
    }
    auto e = evaluate(v, frame, a.name);
    if (!e) return std::move(e).error();
    out[k] = std::move(*e);
  }
  return json::value(std::move(out));
}

awaitable<Status> RunExecutor::run_action(const Action& a, std::shared_ptr<Frame> frame) {
  const auto start = core::now_ms();
  json::array history;
  ActionResult r;
  if (is_container(a.type)) {
    // Mark it running, so that history shows it (and its children) while they run.
    co_await save(a, *frame, Status::Running, start, 0, json::object{}, false);
    auto op = run_container(a, frame);
    r = co_await std::move(op);
  } else {
    auto op = with_retries(a, frame, history);
    r = co_await std::move(op);
  }
  const auto end = core::now_ms();
  json::object rec{{"status", std::string(status_name(r.status))},
                   {"startTime", core::ms_to_rfc3339(start)},
                   {"endTime", core::ms_to_rfc3339(end)},
                   {"inputs", a.secure_inputs ? json::value("(secure: not shown)") : redact(r.inputs)},
                   {"outputs", a.secure_outputs ? json::value("(secure: not shown)") : redact(r.outputs)},
                   {"error", redact(error_json(r.error))},
                   {"retryHistory", std::move(history)}};
  // What expressions later read (body('A')) is the real value, not the redacted one.
  frame->results[a.name] = json::object{{"name", a.name}, {"status", std::string(status_name(r.status))},
                                        {"inputs", r.inputs}, {"outputs", r.outputs}, {"error", error_json(r.error)},
                                        {"startTime", core::ms_to_rfc3339(start)}, {"endTime", core::ms_to_rfc3339(end)}};
  const bool vars = a.type == ActionType::InitializeVariable || a.type == ActionType::SetVariable ||
                    a.type == ActionType::IncrementVariable || a.type == ActionType::DecrementVariable ||
                    a.type == ActionType::AppendToArrayVariable || a.type == ActionType::AppendToStringVariable;
  co_await save(a, *frame, r.status, start, end, std::move(rec), vars);
  co_return r.status;
}

awaitable<ActionResult> RunExecutor::with_retries(const Action& a, std::shared_ptr<Frame> frame,
                                                  json::array& history) {
  RetryPolicy policy = default_retry_policy();
  if (a.retry_policy)
    if (auto p = parse_retry_policy(*a.retry_policy)) policy = *p;
  for (int number = 1;; ++number) {
    const auto start = core::now_ms();
    auto op = timed_attempt(a, frame, number);
    ActionResult r = co_await std::move(op);
    if (r.status == Status::Succeeded || terminated_) co_return r;
    auto delay = retry_delay(policy, number, {r.http_status, r.connection_error}, uniform);
    if (!delay) co_return r;
    history.push_back(json::object{{"startTime", core::ms_to_rfc3339(start)},
                                   {"endTime", core::ms_to_rfc3339(core::now_ms())},
                                   {"code", r.http_status ? std::to_string(r.http_status) : std::string("ConnectionError")},
                                   {"error", redact(error_json(r.error))}});
    co_await sleep(std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(delay->count()) * options_.retry_delay_scale)));
  }
}

// limit.timeout: the attempt races a timer; when the timer wins the action is TimedOut and the
// attempt's late result is dropped (an HTTP call or a mail still in flight finishes on its own).
struct RunExecutor::Race {
  explicit Race(asio::any_io_executor ex) : timer(ex) {}
  asio::steady_timer timer;
  std::optional<ActionResult> result;
};

awaitable<ActionResult> RunExecutor::timed_attempt(const Action& a, std::shared_ptr<Frame> frame, int number) {
  std::optional<std::chrono::milliseconds> limit;
  if (a.timeout)
    if (auto d = parse_duration(*a.timeout)) limit = *d;
  if (!limit) {
    auto op = attempt(a, frame, number);
    co_return co_await std::move(op);
  }
  auto race = std::make_shared<Race>(strand_);
  race->timer.expires_after(*limit);
  asio::co_spawn(strand_, attempt_into(&a, frame, number, race), asio::detached);
  boost::system::error_code ec;
  co_await race->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (race->result) co_return std::move(*race->result);
  ActionResult r = ActionResult::failed("ActionTimedOut", "action '" + a.name +
                                                              "' did not finish within its limit.timeout (" + *a.timeout + ")");
  r.status = Status::TimedOut;
  race->result = r;  // the attempt's own result, when it comes, is dropped
  co_return r;
}

awaitable<void> RunExecutor::attempt_into(const Action* a, std::shared_ptr<Frame> frame, int number,
                                          std::shared_ptr<Race> race) {
  auto op = attempt(*a, frame, number);
  ActionResult r = co_await std::move(op);
  if (race->result) co_return;  // the timer won
  race->result = std::move(r);
  race->timer.cancel();
}

awaitable<void> RunExecutor::sleep(std::chrono::milliseconds d) {
  asio::steady_timer t(strand_, d);
  boost::system::error_code ec;
  co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

awaitable<ActionResult> RunExecutor::attempt(const Action& a, std::shared_ptr<Frame> frame, int number) {
  auto inputs = evaluate_inputs(a, frame);
  if (!inputs) co_return ActionResult::failed("InvalidTemplate", "Unable to process template language expressions in action '" +
                                                                     a.name + "' inputs: " + inputs.error().message);
  const json::value& in = *inputs;
  switch (a.type) {
    case ActionType::Compose: co_return actions::compose(in);
    case ActionType::ParseJson: co_return actions::parse_json(in);
    case ActionType::Join: co_return actions::join(in);
    case ActionType::Select:
    case ActionType::Query: {
      actions::ItemEvaluator each = [this, frame, &a](const json::value& item, const json::value& raw) {
        auto f = std::make_shared<Frame>();
        f->parent = frame;
        f->loop = a.name;
        f->item = item;
        f->prefix = frame->prefix;
        return evaluate(raw, f, a.name);
      };
      co_return a.type == ActionType::Select ? actions::select(in, each) : actions::query(in, each);
    }
    case ActionType::InitializeVariable:
    case ActionType::SetVariable:
    case ActionType::IncrementVariable:
    case ActionType::DecrementVariable:
    case ActionType::AppendToArrayVariable:
    case ActionType::AppendToStringVariable: {
      auto r = shared_.variables.run(a.type, in);
      co_return r ? std::move(*r) : ActionResult::failed("InternalError", "not a variable action", in);
    }
    case ActionType::Response: {
      ActionResult r = actions::response(in);
      if (r.status == Status::Succeeded && !response_) {
        response_ = r.outputs;
        has_response_.store(true, std::memory_order_release);
      }
      co_return r;
    }
    case ActionType::Terminate: {
      auto t = actions::terminate(in);
      if (t.run_status) {
        terminated_ = t.run_status;
        if (t.run_error) terminate_error_ = json::object{{"code", t.run_error->code}, {"message", t.run_error->message}};
        else if (*t.run_status == Status::Failed)
          terminate_error_ = json::object{{"code", "Terminated"}, {"message", "The run was terminated by action '" + a.name + "'."}};
      }
      co_return std::move(t.result);
    }
    case ActionType::Wait: {
      // The wait counts from when it first began: a restart waits only for what is left of it.
      auto began = std::chrono::system_clock::now();
      auto prev = previous_.find(frame->prefix + a.name);
      if (prev != previous_.end() && prev->second.status == "Running" && prev->second.start_ms > 0)
        began = std::chrono::system_clock::time_point(std::chrono::milliseconds(prev->second.start_ms));
      else
        co_await save(a, *frame, Status::Running, core::now_ms(), 0, json::object{}, false);
      auto w = actions::wait(in, began);
      if (w.result.status != Status::Succeeded) co_return std::move(w.result);
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(w.resume_at - std::chrono::system_clock::now());
      if (left.count() > 0) co_await sleep(left);
      co_return std::move(w.result);
    }
    case ActionType::Http: {
      json::value options = a.operation_options.empty() ? json::value(nullptr) : json::value(json::array());
      for (const auto& o : a.operation_options) options.as_array().emplace_back(o);
      auto op = http::run_http_action(in, std::move(options), options_.http,
                                      options_.http_pool ? *options_.http_pool : blocking_);
      co_return co_await std::move(op);
    }
    case ActionType::ApiConnection:
    case ActionType::ServiceProvider: {
      auto op = send_mail(a, in, frame->prefix + a.name, number);
      co_return co_await std::move(op);
    }
    default:
      co_return ActionResult::failed("InternalError", "action type not runnable here", in);
  }
}

// ApiConnection to the SMTP connector (/SendEmail, /SendEmailV2, /SendEmailV3) or the built-in
// ServiceProvider sendEmail: through the Host, with a key that makes a repeat of this very
// attempt (after a crash) answer what the first one did instead of sending again.
awaitable<ActionResult> RunExecutor::send_mail(const Action& a, const json::value& in, std::string key,
                                               int number) {
  auto conn = shared_.connections.find(a.name);
  if (conn == shared_.connections.end())
    co_return ActionResult::failed("InvalidConnection", "action '" + a.name + "' names no connection mailflow knows", in);
  MailRequest m;
  m.connection = conn->second;
  m.idempotency_key = shared_.record.id + "/" + key + "/" + std::to_string(number);
  if (a.type == ActionType::ServiceProvider) {
    const json::value* cfg = in.is_object() ? in.as_object().if_contains("serviceProviderConfiguration") : nullptr;
    const json::value* op = cfg && cfg->is_object() ? cfg->as_object().if_contains("operationId") : nullptr;
    if (!op || !op->is_string() || op->as_string() != "sendEmail")
      co_return ActionResult::failed("NotSupported", "the SMTP service provider's only operation is 'sendEmail'", in);
    const json::value* params = in.as_object().if_contains("parameters");
    m.body = params ? *params : json::value(json::object());
    m.operation = "BuiltInSendEmail";
  } else {
    const json::value* path = in.is_object() ? in.as_object().if_contains("path") : nullptr;
    std::string p = path && path->is_string() ? std::string(path->as_string()) : "";
    if (p != "/SendEmail" && p != "/SendEmailV2" && p != "/SendEmailV3")
      co_return ActionResult::failed("NotSupported", "the SMTP connector has no operation at path '" + p +
                                                         "' (supported: /SendEmail, /SendEmailV2, /SendEmailV3)", in);
    m.operation = p.substr(1);
    const json::value* body = in.as_object().if_contains("body");
    m.body = body ? *body : json::value(json::object());
  }
  auto op = shared_.host->send_mail(std::move(m));
  ActionResult r = co_await std::move(op);
  r.inputs = in;
  co_return r;
}

}  // namespace mailflow::workflow
