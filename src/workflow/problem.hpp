// workflow::Problem — one deploy-time finding in a workflow body: the JSON path of the offending
// value ("definition.actions.Send_mail.runAfter.Missing") and what is wrong with it, in plain
// words. Parsing and validation collect every problem (never stop at the first) so a user fixes a
// file in one round; to_error() turns the list into the one core::Error the HTTP layer answers
// with.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace mailflow::workflow {

struct Problem {
  std::string path;
  std::string message;
};
using Problems = std::vector<Problem>;

// Appends a member name to a path: "a.b" + "c" → "a.b.c"; a name that would be ambiguous in dot
// notation (contains '.', '[', ']', '\'' or a space) is written "a.b['c.d']".
std::string join_path(std::string_view base, std::string_view member);
// Appends an array index: "a.b" + 2 → "a.b[2]".
std::string index_path(std::string_view base, std::size_t index);

// Code::InvalidRequest; field = the first problem's path; the message lists every problem as
// "path: message" separated by "; " (precondition: problems is not empty).
core::Error to_error(const Problems& problems);

}  // namespace mailflow::workflow
