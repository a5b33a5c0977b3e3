// Wait (schema reference, "Wait action"; the designer's Delay and Delay until): wait(inputs, now)
// says until when the action waits; the engine does the waiting (and, after a restart, waits only
// for what is left of it, since the instant is absolute).
//   {"interval": {"count": n, "unit": "Second|Minute|Hour|Day|Week|Month"}}: now + n units; n is
//     an integer >= 0 (or a string of one); a Month is a calendar month (the day is clamped, as
//     .NET's AddMonths does: Jan 31 + 1 month = Feb 28/29)
//   {"until": {"timestamp": "2017-10-01T00:00:00Z"}}: that instant (no zone = UTC); one already
//     past resumes at once
// Exactly one of the two, else the action Fails. Its outputs are null, as Azure's.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>

#include "workflow/action_result.hpp"

namespace mailflow::workflow::actions {

struct WaitOutcome {
  ActionResult result;                              // Failed for invalid inputs
  std::chrono::system_clock::time_point resume_at;  // >= now; meaningful when Succeeded
  std::chrono::milliseconds delay{0};               // resume_at - now, rounded up
};

WaitOutcome wait(const boost::json::value& inputs, std::chrono::system_clock::time_point now);

}  // namespace mailflow::workflow::actions
