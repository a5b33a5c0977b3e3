// Fuzzes the address-list parser (user input of every Send Email): no crash, and whatever it
// accepts is safe to put on the wire — no CR/LF, no spaces or angle brackets in the envelope.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mail/address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto list = mailflow::mail::parse_address_list(in, "To");
  if (!list) return 0;
  for (const auto& a : *list) {
    std::string env = a.envelope();
    if (env.find_first_of("\r\n <>") != std::string::npos) std::abort();
    if (env.find('@') == std::string::npos) std::abort();
    if (a.display_name.find_first_of("\r\n") != std::string::npos) std::abort();
  }
  return 0;
}
