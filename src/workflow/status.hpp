// workflow::Status — the status of an action, a scope or a run, as Logic Apps names them in run
// history and in runAfter ("Succeeded", "Failed", ...). Names compare case-insensitively on input
// and are written in Azure's spelling on output.
#pragma once

#include <optional>
#include <string_view>

namespace mailflow::workflow {

enum class Status { Succeeded, Failed, Skipped, TimedOut, Cancelled, Aborted, Running, Waiting };

std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view name);  // case-insensitive

// Finished: everything but Running and Waiting.
bool is_terminal(Status s);
// The statuses a runAfter list may name (Logic Apps accepts exactly these four).
bool is_run_after_status(Status s);

}  // namespace mailflow::workflow
