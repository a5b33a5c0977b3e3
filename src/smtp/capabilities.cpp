// EHLO keyword parsing. "AUTH=LOGIN PLAIN" (pre-RFC 4954 servers) counts as AUTH too.
#include "smtp/capabilities.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mailflow::smtp {
namespace {
std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

void add_auth(Capabilities& c, const std::vector<std::string_view>& w, std::size_t from) {
  c.bits |= static_cast<std::uint32_t>(Ext::Auth);
  for (std::size_t i = from; i < w.size(); ++i) {
    std::string m = upper(w[i]);
    if (std::find(c.auth.begin(), c.auth.end(), m) == c.auth.end()) c.auth.push_back(m);
  }
}

void add_keyword(Capabilities& c, std::string_view line) {
  auto w = words(line);
  if (w.empty()) return;
  std::string kw = upper(w[0]);
  auto set = [&](Ext e) { c.bits |= static_cast<std::uint32_t>(e); };
  if (kw == "PIPELINING") set(Ext::Pipelining);
  else if (kw == "STARTTLS") set(Ext::StartTls);
  else if (kw == "8BITMIME") set(Ext::EightBitMime);
  else if (kw == "SMTPUTF8") set(Ext::SmtpUtf8);
  else if (kw == "DSN") set(Ext::Dsn);
  else if (kw == "ENHANCEDSTATUSCODES") set(Ext::EnhancedStatusCodes);
  else if (kw == "CHUNKING") set(Ext::Chunking);
  else if (kw == "AUTH") add_auth(c, w, 1);
  else if (kw.rfind("AUTH=", 0) == 0) {
    auto rest = words(line.substr(5));
    add_auth(c, rest, 0);
  } else if (kw == "SIZE") {
    set(Ext::Size);
    if (w.size() > 1) {
      std::uint64_t n = 0;
      auto [p, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), n);
      if (ec == std::errc{} && p == w[1].data() + w[1].size()) c.size_limit = n;
    }
  }
}
}  // namespace

bool Capabilities::offers_auth(std::string_view mechanism) const {
  std::string m = upper(mechanism);
  return std::find(auth.begin(), auth.end(), m) != auth.end();
}

Capabilities parse_capabilities(const Reply& ehlo_reply) {
  Capabilities c;
  for (std::size_t i = 1; i < ehlo_reply.lines.size(); ++i) {
    c.keywords.push_back(ehlo_reply.lines[i]);
    add_keyword(c, ehlo_reply.lines[i]);
  }
  return c;
}

}  // namespace mailflow::smtp
