// wdl::Limits — every bound the expression engine enforces, as named settings with defaults.
// Exceeding one is a clear error naming the limit, never a crash or a hang.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mailflow::wdl {

struct Limits {
  std::size_t max_template_bytes = 1024 * 1024;    // one JSON string value of a definition
  std::size_t max_depth = 64;                      // nesting of calls, brackets and accesses
  std::size_t max_string_bytes = 32 * 1024 * 1024;  // any string an expression builds
  std::size_t max_array_items = 1'000'000;         // any array an expression builds
  std::int64_t max_range_count = 100'000;          // range() count, as Azure documents
  std::size_t max_json_depth = 64;                 // json() nesting
  // Everything one evaluation may build in total (strings by bytes, array/object items at 16
  // bytes each), so many large intermediate results cannot add up to a hang.
  std::size_t max_work_bytes = 256 * 1024 * 1024;
};

}  // namespace mailflow::wdl
