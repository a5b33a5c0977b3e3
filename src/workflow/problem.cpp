// Paths and the error summary for deploy-time problems (see problem.hpp).
#include "workflow/problem.hpp"

namespace mailflow::workflow {

std::string join_path(std::string_view base, std::string_view member) {
  bool plain = !member.empty() && member.find_first_of(".[]' ") == std::string_view::npos;
  std::string out(base);
  if (plain) {
    if (!out.empty()) out += '.';
    out += member;
  } else {
    out += "['";
    out += member;
    out += "']";
  }
  return out;
}

std::string index_path(std::string_view base, std::size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

core::Error to_error(const Problems& problems) {
  std::string message = problems.size() == 1 ? std::string("the workflow definition is invalid: ")
                                             : std::to_string(problems.size()) +
                                                   " problems in the workflow definition: ";
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i) message += "; ";
    message += problems[i].path + ": " + problems[i].message;
  }
  std::string field = problems.empty() ? std::string() : problems.front().path;
  return core::Error(core::Code::InvalidRequest, std::move(message)).with_field(std::move(field));
}

}  // namespace mailflow::workflow
