#include "connectors/smtp/connection_spec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>

namespace mailflow::connectors::smtp {
namespace json = boost::json;
using core::Code;
using core::Error;
namespace msmtp = mailflow::smtp;

namespace {
Error bad(std::string field, std::string msg) {
  return Error(Code::InvalidRequest, std::move(msg)).with_field(std::move(field));
}

bool header_safe(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos && s.find('\0') == std::string_view::npos;
}

// Azure files spell some names differently; the canonical spelling is stored.
std::string canonical_key(std::string_view k) {
  static const char* kKnown[] = {"serverAddress", "port", "enableSSL", "userName", "password",
                                 "tls", "verifyCertificate", "caFile", "clientHostname",
                                 "authMechanism", "timeoutSeconds", "timeouts", "maxConnections",
                                 "rateLimit", "retry"};
  for (const char* known : kKnown)
    if (strcasecmp(std::string(k).c_str(), known) == 0) return known;
  return {};
}

core::Result<std::int64_t> int_in(const json::value& v, const std::string& field, std::int64_t lo,
                                  std::int64_t hi) {
  std::int64_t n = 0;
  if (v.is_int64()) n = v.as_int64();
  else if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(hi)) n = static_cast<std::int64_t>(v.as_uint64());
  else if (v.is_string()) {
    try { n = std::stoll(std::string(v.as_string())); } catch (...) { return bad(field, field + " must be a whole number"); }
  } else return bad(field, field + " must be a whole number");
  if (n < lo || n > hi)
    return bad(field, field + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return n;
}

core::Result<bool> boolean(const json::value& v, const std::string& field) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_string()) {
    std::string s(v.as_string());
    if (strcasecmp(s.c_str(), "true") == 0) return true;
    if (strcasecmp(s.c_str(), "false") == 0) return false;
  }
  return bad(field, field + " must be true or false");
}

core::Result<std::string> text(const json::value& v, const std::string& field) {
  if (!v.is_string()) return bad(field, field + " must be a string");
  std::string s(v.as_string());
  if (!header_safe(s)) return Error(Code::HeaderInjection, field + " must not contain CR, LF or NUL").with_field(field);
  return s;
}

core::Status check_object(const json::value& v, const std::string& field,
                          std::initializer_list<std::pair<const char*, std::int64_t>> ranges) {
  if (!v.is_object()) return bad(field, field + " must be an object");
  for (const auto& [k, val] : v.as_object()) {
    bool known = false;
    for (const auto& [name, hi] : ranges) {
      if (k != name) continue;
      known = true;
      auto n = int_in(val, field + "." + name, 1, hi);
      if (!n) return std::move(n).error();
    }
    if (!known) return bad(field + "." + std::string(k), "unknown field " + field + "." + std::string(k));
  }
  return core::ok();
}

core::Status check_field(const std::string& key, const json::value& v, ConnectionSpec& out) {
  if (key == "serverAddress") {
    auto s = text(v, key);
    if (!s) return std::move(s).error();
    if (s->empty() || s->find_first_of(" \t/") != std::string::npos)
      return bad(key, "serverAddress must be a host name or IP address");
    out.settings[key] = *s;
  } else if (key == "port") {
    auto n = int_in(v, key, 1, 65535);
    if (!n) return std::move(n).error();
    out.settings[key] = *n;
  } else if (key == "enableSSL" || key == "verifyCertificate") {
    auto b = boolean(v, key);
    if (!b) return std::move(b).error();
    out.settings[key] = *b;
  } else if (key == "password") {
    if (v.is_null()) return core::ok();
    auto s = text(v, key);
    if (!s) return std::move(s).error();
    if (!s->empty()) out.password = *s;
  } else if (key == "tls") {
    auto s = text(v, key);
    if (!s || !msmtp::parse_tls_mode(*s))
      return bad(key, "tls must be one of auto, implicit, starttls, starttls-optional, none");
    out.settings[key] = *s;
  } else if (key == "authMechanism") {
    auto s = text(v, key);
    if (!s || !msmtp::parse_auth_mechanism(*s))
      return bad(key, "authMechanism must be one of auto, plain, login, cram-md5, xoauth2, none");
    out.settings[key] = *s;
  } else if (key == "caFile") {
    auto s = text(v, key);
    if (!s) return std::move(s).error();
    if (!s->empty() && !std::filesystem::is_regular_file(*s))
      return bad(key, "caFile " + *s + " is not a readable file on the mailflow server");
    out.settings[key] = *s;
  } else if (key == "userName" || key == "clientHostname") {
    if (v.is_null()) return core::ok();
    auto s = text(v, key);
    if (!s) return std::move(s).error();
    out.settings[key] = *s;
  } else if (key == "timeoutSeconds") {
    auto n = int_in(v, key, 1, 3600);
    if (!n) return std::move(n).error();
    out.settings[key] = *n;
  } else if (key == "maxConnections") {
    auto n = int_in(v, key, 1, 256);
    if (!n) return std::move(n).error();
    out.settings[key] = *n;
  } else if (key == "rateLimit") {
    if (auto s = check_object(v, key, {{"calls", 1000000}, {"periodSeconds", 86400}}); !s) return s;
    out.settings[key] = v;
  } else if (key == "timeouts") {
    if (auto s = check_object(v, key, {{"connectSeconds", 3600}, {"greetingSeconds", 3600},
                                       {"commandSeconds", 3600}, {"dataSeconds", 3600}});
        !s)
      return s;
    out.settings[key] = v;
  } else if (key == "retry") {
    if (auto s = check_object(v, key, {{"initialDelaySeconds", 86400}, {"maxDelaySeconds", 604800},
                                       {"lifetimeSeconds", 2592000}});
        !s)
      return s;
    out.settings[key] = v;
  }
  return core::ok();
}
}  // namespace

core::Status validate_connection_name(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  if (!ok)
    return Error(Code::InvalidRequest,
                 "a connection name is 1 to 64 letters, digits, '.', '_' or '-' (no '/' or spaces)")
        .with_field("name");
  return core::ok();
}

core::Result<ConnectionSpec> parse_connection(const json::value& body) {
  if (!body.is_object()) return bad("", "the connection must be a JSON object");
  ConnectionSpec out;
  for (const auto& [k, v] : body.as_object()) {
    std::string key = canonical_key(k);
    if (key.empty())
      return bad(std::string(k), "unknown field '" + std::string(k) +
                                     "' (see docs/api.md for the connection fields)");
    if (auto s = check_field(key, v, out); !s) return std::move(s).error();
  }
  if (!out.settings.contains("serverAddress"))
    return bad("serverAddress", "serverAddress is required");
  if (out.password && !out.settings.contains("userName"))
    return bad("userName", "a password was given without a userName");
  return out;
}

namespace {
template <class T>
T get_or(const json::object& o, const char* key, T fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if constexpr (std::is_same_v<T, bool>) return it->value().as_bool();
  else if constexpr (std::is_same_v<T, std::string>) return std::string(it->value().as_string());
  else return static_cast<T>(it->value().to_number<std::int64_t>());
}

// The stored settings, parsed back (they were validated when saved).
core::Result<json::object> stored_settings(const store::ConnectionRecord& rec) {
  boost::system::error_code ec;
  auto v = json::parse(rec.settings_json, ec);
  if (ec || !v.is_object()) return Error(Code::Internal, "stored connection " + rec.name + " is corrupt");
  return std::move(v.as_object());
}
}  // namespace

core::Result<msmtp::Settings> to_settings(const store::ConnectionRecord& rec) {
  auto parsed = stored_settings(rec);
  if (!parsed) return std::move(parsed).error();
  const auto& o = *parsed;
  msmtp::Settings s;
  s.host = get_or<std::string>(o, "serverAddress", "");
  auto requested = *msmtp::parse_tls_mode(get_or<std::string>(o, "tls", "auto"));
  bool enable_ssl = get_or<bool>(o, "enableSSL", false);
  int default_port = requested == msmtp::TlsMode::Implicit ? 465 : 587;
  s.port = get_or<int>(o, "port", default_port);
  s.tls = msmtp::resolve_tls(requested, enable_ssl, s.port);
  s.verify_certificate = get_or<bool>(o, "verifyCertificate", true);
  s.ca_file = get_or<std::string>(o, "caFile", "");
  s.client_hostname = get_or<std::string>(o, "clientHostname", "");
  s.auth = *msmtp::parse_auth_mechanism(get_or<std::string>(o, "authMechanism", "auto"));
  s.user = get_or<std::string>(o, "userName", "");
  s.password = rec.password.value_or("");
  s.max_connections = get_or<int>(o, "maxConnections", 4);
  if (o.contains("timeoutSeconds")) {
    std::chrono::milliseconds t(get_or<std::int64_t>(o, "timeoutSeconds", 30) * 1000);
    s.timeouts = {t, t, t, t};  // one number for every stage: what a user setting it expects
  }
  if (auto* per_stage = o.if_contains("timeouts")) {  // then each stage that is named
    const auto& t = per_stage->as_object();
    auto seconds = [&](const char* k, std::chrono::milliseconds& out) {
      if (auto* v = t.if_contains(k)) out = std::chrono::seconds(v->to_number<std::int64_t>());
    };
    seconds("connectSeconds", s.timeouts.connect);
    seconds("greetingSeconds", s.timeouts.greeting);
    seconds("commandSeconds", s.timeouts.command);
    seconds("dataSeconds", s.timeouts.data);
  }
  return s;
}

core::Result<outbox::ConnectionPolicy> to_policy(const store::ConnectionRecord& rec) {
  auto parsed = stored_settings(rec);
  if (!parsed) return std::move(parsed).error();
  const auto& o = *parsed;
  outbox::ConnectionPolicy p;
  const auto* retry = o.if_contains("retry");
  p.retry = outbox::RetrySchedule::from_json(retry && retry->is_object() ? &retry->as_object() : nullptr);
  if (const auto* rl = o.if_contains("rateLimit"); rl && rl->is_object()) {
    const auto& r = rl->as_object();
    outbox::RateLimit limit;
    if (auto* c = r.if_contains("calls"); c && c->is_int64()) limit.calls = static_cast<int>(c->as_int64());
    if (auto* s = r.if_contains("periodSeconds"); s && s->is_int64())
      limit.period = std::chrono::seconds(s->as_int64());
    if (limit.calls > 0) p.rate_limit = limit;
  }
  return p;
}

json::object public_view(const store::ConnectionRecord& rec) {
  boost::system::error_code ec;
  auto v = json::parse(rec.settings_json, ec);
  json::object out;
  out["name"] = rec.name;
  if (!ec && v.is_object())
    for (const auto& [k, val] : v.as_object()) out[k] = val;
  out["hasPassword"] = rec.password.has_value();
  if (auto s = to_settings(rec)) {
    out["resolvedTls"] = msmtp::to_string(s->tls);
    out["resolvedPort"] = s->port;
  }
  out["createdAt"] = rec.created_at;
  out["updatedAt"] = rec.updated_at;
  return out;
}

}  // namespace mailflow::connectors::smtp
