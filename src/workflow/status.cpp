// Status names (see status.hpp).
#include "workflow/status.hpp"

#include <array>

#include "workflow/text.hpp"

namespace mailflow::workflow {
namespace {
constexpr std::array<std::string_view, 8> kNames = {"Succeeded", "Failed",  "Skipped", "TimedOut",
                                                    "Cancelled", "Aborted", "Running", "Waiting"};
}

std::string_view status_name(Status s) { return kNames[static_cast<std::size_t>(s)]; }

std::optional<Status> parse_status(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (iequals(name, kNames[i])) return static_cast<Status>(i);
  return std::nullopt;
}

bool is_terminal(Status s) { return s != Status::Running && s != Status::Waiting; }

bool is_run_after_status(Status s) {
  return s == Status::Succeeded || s == Status::Failed || s == Status::Skipped ||
         s == Status::TimedOut;
}

}  // namespace mailflow::workflow
