// TriggerScheduler: the triggers that fire on their own — Recurrence, and Http polling (a
// recurrence that calls a URL and fires when it answers with something new, following the
// 202 + Location + Retry-After contract). One coroutine per trigger of each enabled workflow;
// a redeploy, disable or delete ends it (a generation number per workflow) and starts the new
// version's. The last firing is kept in the store, so after downtime a missed tick fires once,
// not a burst.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <boost/json/object.hpp>
#include <string>

#include "store/workflow_store.hpp"
#include "workflow/engine/engine.hpp"
#include "workflow/http/http_options.hpp"

namespace mailflow::workflow {

class TriggerScheduler {
 public:
  TriggerScheduler(boost::asio::any_io_executor ex, store::WorkflowStore& store, boost::asio::thread_pool& blocking,
                   Engine& engine, http::HttpOptions http);

  boost::asio::awaitable<void> start();               // schedules every enabled workflow
  void deployed(const store::WorkflowRecord& w);      // a new version, or enabled/disabled
  void removed(const std::string& workflow);
  void stop();

 private:
  boost::asio::awaitable<void> recurrence(std::shared_ptr<Prepared> p, std::string trigger, int generation);
  boost::asio::awaitable<std::optional<boost::json::value>> poll(const Prepared& p, const Trigger& t,
                                                                 boost::json::object& state,
                                                                 std::optional<std::chrono::system_clock::time_point>& poll_again);
  boost::asio::awaitable<bool> nap_until(std::chrono::system_clock::time_point t, const std::string& workflow,
                                         int generation);
  bool current(const std::string& workflow, int generation) const;

  boost::asio::any_io_executor ex_;
  store::WorkflowStore& store_;
  boost::asio::thread_pool& blocking_;
  Engine& engine_;
  http::HttpOptions http_;
  mutable std::mutex mu_;
  std::map<std::string, int> generation_;
  bool stopping_ = false;
};

}  // namespace mailflow::workflow
