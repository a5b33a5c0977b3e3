// Frame: where in a run an action is being evaluated — the run itself, or one iteration of a
// Foreach/Until inside it. Frames chain to their parent: items('Loop') and results of actions
// inside the loop are looked up innermost first. Keys of persisted action records are the
// frame's prefix + the action's name ("Loop/3/Send_mail").
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mailflow::workflow {

struct Frame {
  std::shared_ptr<Frame> parent;
  std::string loop;            // the Foreach/Until this frame is an iteration of; empty: the run
  std::optional<boost::json::value> item;  // Foreach: the current item
  std::int64_t index = 0;      // the iteration's index
  std::string prefix;          // "" or "Loop/3/"
  // Results of actions that ran in this frame: {"name", "status", "inputs", "outputs", "error",
  // "startTime", "endTime", ...}; what actions()/body()/outputs() read.
  std::map<std::string, boost::json::value, std::less<>> results;

  const boost::json::value* result(std::string_view name) const {
    for (const Frame* f = this; f; f = f->parent.get())
      if (auto it = f->results.find(name); it != f->results.end()) return &it->second;
    return nullptr;
  }
};

inline std::shared_ptr<Frame> child_frame(std::shared_ptr<Frame> parent, std::string loop, std::int64_t index,
                                          std::optional<boost::json::value> item) {
  auto f = std::make_shared<Frame>();
  f->prefix = parent->prefix + loop + "/" + std::to_string(index) + "/";
  f->parent = std::move(parent);
  f->loop = std::move(loop);
  f->index = index;
  f->item = std::move(item);
  return f;
}

}  // namespace mailflow::workflow
