// workflow::http::AllowList — which destinations outbound Http calls may reach. An entry is a
// host name ("api.example.com", or "*.example.com" for any subdomain) or an address block
// ("10.0.0.0/8", "192.168.1.7", "::1", "fd00::/8"). Empty = every destination is allowed.
// A connection is allowed when the URL's host matches a name entry, or else when the address
// it actually connects to (after DNS) lies in a block — checked at connect time, so a name that
// resolves into a private range is refused even when the URL looked harmless.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace mailflow::workflow::http {

class AllowList {
 public:
  AllowList() = default;
  // Errors: Code::InvalidRequest naming the entry ("10.0.0.0/33", "").
  static core::Result<AllowList> parse(const std::vector<std::string>& entries);

  bool empty() const { return names_.empty() && blocks_.empty(); }
  // The URL's host (brackets of an IPv6 literal allowed) matches a name entry.
  bool allows_host(std::string_view host) const;
  // The address lies in one of the blocks (IPv4-mapped IPv6 addresses count as IPv4).
  bool allows_address(const sockaddr* address) const;

 private:
  struct Block {
    int family = 0;  // AF_INET or AF_INET6
    std::array<std::uint8_t, 16> bytes{};
    int prefix = 0;
  };
  static bool in_block(const Block& b, int family, const std::uint8_t* bytes);
  std::vector<std::string> names_;  // lower case; "*.x" = any subdomain of x
  std::vector<Block> blocks_;
};

}  // namespace mailflow::workflow::http
