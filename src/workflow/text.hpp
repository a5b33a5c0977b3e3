// Small ASCII text helpers shared by the workflow model (type names and statuses compare
// case-insensitively, as Azure does).
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace mailflow::workflow {

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace mailflow::workflow
