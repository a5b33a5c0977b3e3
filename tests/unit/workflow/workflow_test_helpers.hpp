// Shared by the workflow unit tests: fixture loading and problem lookup.
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "workflow/problem.hpp"

namespace mailflow::workflow::test {

inline boost::json::value fixture(const std::string& name) {
  std::ifstream in(std::string(MAILFLOW_SOURCE_DIR) + "/tests/unit/workflow/fixtures/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return boost::json::parse(ss.str());
}

// The problem reported at exactly `path`, or null.
inline const Problem* at(const Problems& problems, const std::string& path) {
  for (const auto& p : problems)
    if (p.path == path) return &p;
  return nullptr;
}

inline std::string dump(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += "  " + p.path + ": " + p.message + "\n";
  return out;
}

}  // namespace mailflow::workflow::test
