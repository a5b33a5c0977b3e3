// envelope_of (see envelope.hpp).
#include "mail/envelope.hpp"

#include <algorithm>
#include <unordered_set>

namespace mailflow::mail {
namespace {
std::string ascii_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return s;
}
}  // namespace

Envelope envelope_of(const EmailMessage& msg) {
  Envelope env;
  env.mail_from = msg.from.envelope();
  env.smtputf8 = msg.from.needs_smtputf8();
  std::unordered_set<std::string> seen;
  for (const auto* list : {&msg.to, &msg.cc, &msg.bcc}) {
    for (const auto& a : *list) {
      auto addr = a.envelope();
      if (!seen.insert(ascii_lower(addr)).second) continue;
      env.smtputf8 = env.smtputf8 || a.needs_smtputf8();
      env.recipients.push_back(std::move(addr));
    }
  }
  return env;
}

}  // namespace mailflow::mail
