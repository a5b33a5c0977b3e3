// Allow-list matching: names compare case-insensitively; blocks compare prefix bits.
#include "workflow/http/allow_list.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace mailflow::workflow::http {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view strip_brackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}
}  // namespace

core::Result<AllowList> AllowList::parse(const std::vector<std::string>& entries) {
  AllowList list;
  for (const auto& raw : entries) {
    std::string_view e = raw;
    auto bad = [&](std::string why) {
      return core::Error(core::Code::InvalidRequest,
                         "allow-list entry '" + raw + "' " + std::move(why))
          .with_field(raw);
    };
    if (e.empty()) return bad("is empty");
    auto slash = e.find('/');
    std::string addr(strip_brackets(e.substr(0, slash)));
    Block b;
    if (inet_pton(AF_INET, addr.c_str(), b.bytes.data()) == 1) {
      b.family = AF_INET;
      b.prefix = 32;
    } else if (inet_pton(AF_INET6, addr.c_str(), b.bytes.data()) == 1) {
      b.family = AF_INET6;
      b.prefix = 128;
    } else if (slash != std::string_view::npos) {
      return bad("is not an address block (10.0.0.0/8, fd00::/8)");
    } else {
      if (e.find_first_of(" /:@") != std::string_view::npos) return bad("is not a host name");
      list.names_.push_back(lower(e));
      continue;
    }
    if (slash != std::string_view::npos) {
      std::string bits(e.substr(slash + 1));
      int max = b.prefix;
      if (bits.empty() || bits.size() > 3 ||
          !std::all_of(bits.begin(), bits.end(), [](unsigned char c) { return std::isdigit(c); }))
        return bad("has a bad prefix length");
      b.prefix = std::stoi(bits);
      if (b.prefix > max) return bad("has a prefix longer than the address");
    }
    list.blocks_.push_back(b);
  }
  return list;
}

bool AllowList::allows_host(std::string_view host) const {
  std::string h = lower(strip_brackets(host));
  if (!h.empty() && h.back() == '.') h.pop_back();  // "example.com." is example.com
  for (const auto& n : names_) {
    if (n.rfind("*.", 0) == 0) {
      std::string_view suffix = std::string_view(n).substr(1);  // ".example.com"
      if (h.size() > suffix.size() &&
          h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0)
        return true;
    } else if (h == n) {
      return true;
    }
  }
  return false;
}

bool AllowList::in_block(const Block& b, int family, const std::uint8_t* bytes) {
  if (b.family != family) return false;
  int full = b.prefix / 8, rest = b.prefix % 8;
  if (std::memcmp(b.bytes.data(), bytes, static_cast<std::size_t>(full)) != 0) return false;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (b.bytes[static_cast<std::size_t>(full)] & mask) == (bytes[full] & mask);
}

bool AllowList::allows_address(const sockaddr* address) const {
  if (!address) return false;
  std::uint8_t bytes[16];
  int family = address->sa_family;
  if (family == AF_INET) {
    std::memcpy(bytes, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, 4);
  } else if (family == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
    std::memcpy(bytes, &a6, 16);
    if (IN6_IS_ADDR_V4MAPPED(&a6)) {  // ::ffff:10.0.0.1 is 10.0.0.1
      std::memmove(bytes, bytes + 12, 4);
      family = AF_INET;
    }
  } else {
    return false;
  }
  return std::any_of(blocks_.begin(), blocks_.end(),
                     [&](const Block& b) { return in_block(b, family, bytes); });
}

}  // namespace mailflow::workflow::http
