// ISO 8601 duration parser (see duration.hpp). Grammar: 'P' [n'Y'] [n'M'] [n'W'] [n'D']
// ['T' [n'H'] [n'M'] [n'S']], at least one component, components in this order, a fraction only
// on the last one.
#include "workflow/duration.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>

namespace mailflow::workflow {
namespace {

struct Unit {
  char letter;
  bool time_part;
  double ms;
};
// In the order ISO 8601 requires.
constexpr Unit kUnits[] = {{'Y', false, 365 * 86400e3},
                           {'M', false, 30 * 86400e3},
                           {'W', false, 7 * 86400e3},
                           {'D', false, 86400e3},
                           {'H', true, 3600e3},
                           {'M', true, 60e3},
                           {'S', true, 1e3}};
// Far beyond any timeout Logic Apps accepts, and well inside int64 milliseconds.
constexpr double kMaxMs = 1e15;

core::Error bad(std::string_view text, const std::string& why) {
  return core::Error(core::Code::InvalidRequest, "'" + std::string(text) +
                                                     "' is not an ISO 8601 duration (" + why +
                                                     "; e.g. PT30S, PT5M, P1D, P1DT2H)");
}

}  // namespace

core::Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty() || (text[0] != 'P' && text[0] != 'p')) return bad(text, "it must start with P");
  std::size_t i = 1, next_unit = 0, components = 0;
  bool in_time = false, had_fraction = false;
  double total = 0;
  while (i < text.size()) {
    if (text[i] == 'T' || text[i] == 't') {
      if (in_time) return bad(text, "T appears twice");
      in_time = true;
      ++i;
      if (i == text.size()) return bad(text, "nothing follows T");
      continue;
    }
    if (had_fraction) return bad(text, "only the last component may have a fraction");
    std::string number;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) ||
                               text[i] == '.' || text[i] == ',')) {
      number += text[i] == ',' ? '.' : text[i];
      ++i;
    }
    if (number.empty() || number == "." || number.find('.') != number.rfind('.'))
      return bad(text, "expected a number at position " + std::to_string(i));
    if (i == text.size()) return bad(text, "the number " + number + " has no unit");
    char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    std::size_t u = next_unit;
    while (u < std::size(kUnits) && (kUnits[u].letter != letter || kUnits[u].time_part != in_time))
      ++u;
    if (u == std::size(kUnits))
      return bad(text, std::string("unit '") + text[i] + "' is unknown or out of order" +
                           (in_time ? "" : " (hours, minutes and seconds follow T)"));
    had_fraction = number.find('.') != std::string::npos;
    total += std::stod(number) * kUnits[u].ms;
    if (total > kMaxMs) return bad(text, "it is too long");
    next_unit = u + 1;
    ++components;
    ++i;
  }
  if (components == 0) return bad(text, "it has no component");
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(total)));
}

}  // namespace mailflow::workflow
