// Address-list parsing (see address.hpp). The grammar is the useful subset of RFC 5322 §3.4
// (name-addr / addr-spec, quoted display names) with RFC 6531 UTF-8 local parts and IDNA domains.
#include "mail/address.hpp"

#include <idn2.h>

#include <cstdlib>
#include <memory>

#include "mail/text_checks.hpp"

namespace mailflow::mail {
namespace {

using core::Code;
using core::Error;

constexpr std::size_t kMaxLocalOctets = 64;    // RFC 5321 §4.5.3.1.1
constexpr std::size_t kMaxDomainOctets = 255;  // RFC 5321 §4.5.3.1.2
constexpr std::size_t kMaxLabelOctets = 63;    // RFC 1035 §2.3.4

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

Error bad(std::string_view field, std::string_view item, std::string_view why) {
  return Error(Code::InvalidAddress, std::string(field) + ": \"" + std::string(item) +
                                         "\" is not a valid mail address: " + std::string(why))
      .with_field(std::string(field));
}

// Splits at top-level ';' and ','; quotes and angle brackets protect separators.
core::Result<std::vector<std::string_view>> split_items(std::string_view text,
                                                        std::string_view field) {
  std::vector<std::string_view> items;
  bool quoted = false;
  int angle = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      if (++angle > 1) return bad(field, trim(text.substr(start)), "it has a '<' inside '<...>'");
    } else if (c == '>') {
      if (--angle < 0)
        return bad(field, trim(text.substr(start, i + 1 - start)), "it has a '>' without '<'");
    } else if ((c == ';' || c == ',') && angle == 0) {
      items.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (quoted) return bad(field, trim(text.substr(start)), "a quoted name is not closed with '\"'");
  if (angle != 0) return bad(field, trim(text.substr(start)), "'<' is not closed with '>'");
  items.push_back(text.substr(start));
  return items;
}

// A display name: quoted strings lose their quotes and backslash escapes, atoms stay as written.
core::Result<std::string> parse_display_name(std::string_view raw, std::string_view field,
                                             std::string_view item) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
      return bad(field, item, "the name has a control character");
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted && c == '\\' && i + 1 < raw.size()) {
      out += raw[++i];
    } else {
      out += c;
    }
  }
  return std::string(trim(out));
}

bool is_atext(unsigned char c) {
  if (c >= 0x80) return true;  // UTF8-non-ascii [RFC 6531 §3.3]
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

core::Status check_local(std::string_view local, std::string_view field, std::string_view item) {
  if (local.empty()) return bad(field, item, "the part before '@' is empty");
  if (local.size() > kMaxLocalOctets)
    return bad(field, item, "the part before '@' is longer than 64 octets");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return bad(field, item, "the part before '@' has a misplaced '.'");
  for (char c : local) {
    if (c != '.' && !is_atext(static_cast<unsigned char>(c)))
      return bad(field, item, std::string("the part before '@' contains '") + c + "'");
  }
  return core::ok();
}

core::Status check_ascii_domain(std::string_view d, std::string_view field, std::string_view item) {
  std::size_t start = 0;
  while (start <= d.size()) {
    auto end = d.find('.', start);
    if (end == std::string_view::npos) end = d.size();
    const auto label = d.substr(start, end - start);
    if (label.empty()) return bad(field, item, "the domain has an empty label");
    if (label.size() > kMaxLabelOctets)
      return bad(field, item, "a domain label is longer than 63 octets");
    if (label.front() == '-' || label.back() == '-')
      return bad(field, item, "a domain label starts or ends with '-'");
    for (char c : label) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      if (!ok) return bad(field, item, std::string("the domain contains '") + c + "'");
    }
    start = end + 1;
  }
  return core::ok();
}

// Fills domain_ascii: ASCII domains are checked as host names, Unicode ones become A-labels
// (IDNA 2008 with UTS #46 non-transitional mapping, as browsers do), literals stay as written.
core::Status resolve_domain(Address& a, std::string_view field, std::string_view item) {
  const std::string_view d = a.domain;
  if (d.empty()) return bad(field, item, "the domain after '@' is empty");
  if (d.front() == '[') {
    if (d.back() != ']' || d.size() < 3)
      return bad(field, item, "the domain literal is not closed with ']'");
    for (char c : d.substr(1, d.size() - 2))
      if (c <= 32 || c == '[' || c == ']' || c == '\\' || static_cast<unsigned char>(c) >= 127)
        return bad(field, item, "the domain literal has a character that is not allowed");
    a.domain_ascii = a.domain;
    return core::ok();
  }
  if (is_ascii(d)) {
    if (auto st = check_ascii_domain(d, field, item); !st) return st;
    a.domain_ascii = a.domain;
  } else {
    char* out = nullptr;
    const int rc = idn2_to_ascii_8z(a.domain.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    std::unique_ptr<char, decltype(&idn2_free)> owned(out, &idn2_free);
    if (rc != IDN2_OK)
      return bad(field, item,
                 std::string("the domain is not a valid international domain name (") +
                     idn2_strerror(rc) + ")");
    a.domain_ascii = owned.get();
    if (auto st = check_ascii_domain(a.domain_ascii, field, item); !st) return st;
  }
  if (a.domain_ascii.size() > kMaxDomainOctets)
    return bad(field, item, "the domain is longer than 255 octets");
  return core::ok();
}

core::Status parse_addr_spec(std::string_view spec, Address& a, std::string_view field,
                             std::string_view item) {
  if (spec.empty()) return bad(field, item, "the address is empty");
  if (spec.find_first_of(" \t") != std::string_view::npos)
    return bad(field, item, "it contains a space");
  const auto at = spec.rfind('@');
  if (at == std::string_view::npos) return bad(field, item, "it has no '@'");
  if (spec.front() == '"') return bad(field, item, "quoted local parts are not supported");
  a.local = std::string(spec.substr(0, at));
  a.domain = std::string(spec.substr(at + 1));
  if (auto st = check_local(a.local, field, item); !st) return st;
  return resolve_domain(a, field, item);
}

core::Result<Address> parse_item(std::string_view item, std::string_view field) {
  Address a;
  const auto lt = item.find('<');
  bool quoted = false;
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i < item.size() && lt != std::string_view::npos; ++i) {
    if (quoted && item[i] == '\\')
      ++i;
    else if (item[i] == '"')
      quoted = !quoted;
    else if (!quoted && item[i] == '<') {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos) {
    if (item.find('>') != std::string_view::npos || item.front() == '"')
      return bad(field, item, "a name must be followed by an address in '<...>'");
    if (auto st = parse_addr_spec(item, a, field, item); !st) return st.error();
    return a;
  }
  const auto close = item.find('>', open);
  if (close == std::string_view::npos) return bad(field, item, "'<' is not closed with '>'");
  if (!trim(item.substr(close + 1)).empty()) return bad(field, item, "there is text after '>'");
  auto name = parse_display_name(trim(item.substr(0, open)), field, item);
  if (!name) return std::move(name).error();
  a.display_name = std::move(*name);
  if (auto st = parse_addr_spec(trim(item.substr(open + 1, close - open - 1)), a, field, item); !st)
    return st.error();
  return a;
}

}  // namespace

bool Address::needs_smtputf8() const { return !is_ascii(local); }

std::string Address::envelope() const { return local + "@" + domain_ascii; }

core::Result<std::vector<Address>> parse_address_list(std::string_view text,
                                                      std::string_view field) {
  if (has_cr_or_lf(text))
    return Error(Code::HeaderInjection,
                 std::string(field) +
                     " contains a line break (CR or LF), which is not allowed in a mail header")
        .with_field(std::string(field));
  if (!is_valid_utf8(text))
    return Error(Code::InvalidAddress, std::string(field) + " is not valid UTF-8 text")
        .with_field(std::string(field));
  auto items = split_items(text, field);
  if (!items) return std::move(items).error();
  std::vector<Address> out;
  for (auto raw : *items) {
    const auto item = trim(raw);
    if (item.empty()) continue;
    auto a = parse_item(item, field);
    if (!a) return std::move(a).error();
    out.push_back(std::move(*a));
  }
  return out;
}

core::Result<Address> parse_address(std::string_view text, std::string_view field) {
  auto list = parse_address_list(text, field);
  if (!list) return std::move(list).error();
  if (list->empty()) return bad(field, text, "the address is empty");
  if (list->size() > 1)
    return Error(Code::InvalidAddress, std::string(field) + " must hold exactly one address, not " +
                                           std::to_string(list->size()))
        .with_field(std::string(field));
  return std::move(list->front());
}

}  // namespace mailflow::mail
