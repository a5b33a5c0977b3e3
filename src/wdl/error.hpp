// Errors of the expression engine. Inside the engine a failure is thrown as wdl::Failure (position +
// message) and caught at the public entry points (Template::parse/evaluate), which return
// core::Result with core::Error{Code::InvalidRequest, "<message> (at position N)"}; no exception
// leaves the library. Positions are 0-based byte offsets into the template string.
#pragma once

#include <cstddef>
#include <string>

#include "core/error.hpp"

namespace mailflow::wdl {

struct Failure {
  std::size_t position = 0;
  std::string message;
};

[[noreturn]] inline void fail(std::size_t position, std::string message) {
  throw Failure{position, std::move(message)};
}

inline core::Error to_error(const Failure& f) {
  return core::Error(core::Code::InvalidRequest,
                     f.message + " (at position " + std::to_string(f.position) + ")");
}

}  // namespace mailflow::wdl
