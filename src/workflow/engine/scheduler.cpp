#include "workflow/engine/scheduler.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "wdl/json_context.hpp"
#include "wdl/template.hpp"
#include "workflow/http/trigger_poll.hpp"
#include "workflow/recurrence.hpp"

namespace mailflow::workflow {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using Clock = std::chrono::system_clock;

namespace {
std::int64_t to_ms(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
Clock::time_point from_ms(std::int64_t ms) { return Clock::time_point(std::chrono::milliseconds(ms)); }
}  // namespace

TriggerScheduler::TriggerScheduler(asio::any_io_executor ex, store::WorkflowStore& store, asio::thread_pool& blocking,
                                   Engine& engine, http::HttpOptions http)
    : ex_(std::move(ex)), store_(store), blocking_(blocking), engine_(engine), http_(std::move(http)) {}

awaitable<void> TriggerScheduler::start() {
  auto op = offload(blocking_, [this] { return store_.list_workflows(); });
  auto all = co_await std::move(op);
  if (!all) {
    spdlog::error("workflows: cannot list workflows to schedule their triggers: {}", all.error().message);
    co_return;
  }
  for (const auto& w : *all) deployed(w);
}

void TriggerScheduler::deployed(const store::WorkflowRecord& w) {
  int generation;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    generation = ++generation_[w.name];
  }
  if (!w.enabled) return;
  auto p = prepare(w);
  if (!p) return;
  for (const auto& t : (*p)->body->definition.triggers)
    if (t.type == TriggerType::Recurrence || t.type == TriggerType::Http)
      asio::co_spawn(ex_, recurrence(*p, t.name, generation), asio::detached);
}

void TriggerScheduler::removed(const std::string& workflow) {
  std::lock_guard lock(mu_);
  ++generation_[workflow];
}

void TriggerScheduler::stop() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  for (auto& [_, g] : generation_) ++g;
}

bool TriggerScheduler::current(const std::string& workflow, int generation) const {
  std::lock_guard lock(mu_);
  auto it = generation_.find(workflow);
  return !stopping_ && it != generation_.end() && it->second == generation;
}

// Sleeps in steps of at most a second, so a redeploy or shutdown ends the loop quickly.
awaitable<bool> TriggerScheduler::nap_until(Clock::time_point t, const std::string& workflow, int generation) {
  asio::steady_timer timer(ex_);
  while (current(workflow, generation)) {
    auto left = t - Clock::now();
    if (left <= Clock::duration::zero()) co_return true;
    timer.expires_after(std::min<Clock::duration>(left, std::chrono::seconds(1)));
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return false;
}

awaitable<void> TriggerScheduler::recurrence(std::shared_ptr<Prepared> p, std::string name, int generation) {
  const std::string& wf = p->record.name;
  const Trigger* t = p->body->definition.trigger(name);
  auto rec = parse_recurrence(t->recurrence.value_or(nullptr), from_ms(p->record.updated_ms), t->path + ".recurrence");
  if (!rec) {
    spdlog::error("workflow {}: trigger {} cannot be scheduled: {}", wf, name, rec.error().message);
    co_return;
  }
  auto state_op = offload(blocking_, [this, wf, name] { return store_.trigger_state(wf, name); });
  auto state_text = co_await std::move(state_op);
  json::object state;
  if (state_text && *state_text) {
    boost::system::error_code ec;
    auto v = json::parse(**state_text, ec);
    if (!ec && v.is_object()) state = v.as_object();
  }
  // The polling contract: an answer's Location is where the next poll goes, its Retry-After
  // when — sooner or later than the recurrence would say.
  std::optional<Clock::time_point> poll_again;
  while (current(wf, generation)) {
    std::optional<Clock::time_point> last;
    if (auto* l = state.if_contains("lastFired"); l && l->is_int64()) last = from_ms(l->as_int64());
    Due d = due(*rec, last, Clock::now());
    const bool forced = poll_again && Clock::now() >= *poll_again;
    if (d.fire || forced) {
      poll_again.reset();
      if (d.fire) state["lastFired"] = to_ms(*d.fire);  // first: a crash right after must not fire this tick again
      json::value outputs = json::object{{"headers", json::object{}}, {"body", nullptr}};
      bool fire = true;
      if (t->type == TriggerType::Http) {  // poll: fire only when there is something new
        auto op = poll(*p, *t, state, poll_again);
        auto polled = co_await std::move(op);
        fire = polled.has_value();
        if (polled) outputs = std::move(*polled);
      }
      std::string text = json::serialize(state);
      auto put = offload(blocking_, [this, wf, name, text] { return store_.put_trigger_state(wf, name, text); });
      (void)co_await std::move(put);
      if (fire) {
        auto fire_op = engine_.fire(wf, name, std::move(outputs), false);
        auto fired = co_await std::move(fire_op);
        if (!fired) spdlog::warn("workflow {}: trigger {} could not start a run: {}", wf, name, fired.error().message);
      }
    }
    if (!d.next && !poll_again) co_return;  // the series has ended (endTime)
    auto wake = d.next ? *d.next : *poll_again;
    if (poll_again && *poll_again < wake) wake = *poll_again;
    auto nap = nap_until(wake, wf, generation);
    if (!co_await std::move(nap)) co_return;
  }
}

// One poll of an Http trigger: the outputs to fire with, or nullopt (nothing new, or a failure,
// which is logged). Keeps the answer's Location in state["nextUri"] for the next poll.
awaitable<std::optional<json::value>> TriggerScheduler::poll(const Prepared& p, const Trigger& t, json::object& state,
                                                            std::optional<Clock::time_point>& poll_again) {
  wdl::JsonContext ctx(json::object{{"parameters", p.parameters}});
  auto inputs = wdl::evaluate_json(t.inputs, ctx);
  if (!inputs) {
    spdlog::warn("workflow {}: trigger {}: {}", p.record.name, t.name, inputs.error().message);
    co_return std::nullopt;
  }
  std::string next;
  if (auto* n = state.if_contains("nextUri"); n && n->is_string()) next = std::string(n->as_string());
  auto op = http::poll_trigger(*inputs, http_, engine_.http_pool(), next);
  auto result = co_await std::move(op);
  if (result.next_uri) state["nextUri"] = *result.next_uri;
  if (result.retry_after) poll_again = Clock::now() + *result.retry_after;
  if (result.decision == http::TriggerPoll::Decision::Fire) co_return std::move(result.outputs);
  if (result.decision == http::TriggerPoll::Decision::Failed) {
    state.erase("nextUri");  // start over from the trigger's own URI
    spdlog::warn("workflow {}: polling trigger {} failed: {}", p.record.name, t.name,
                 result.error ? result.error->message : std::string("no answer"));
  }
  co_return std::nullopt;
}

}  // namespace mailflow::workflow
