// URI functions: uriHost, uriPath, uriPathAndQuery, uriPort, uriQuery, uriScheme, over an
// absolute URI split as RFC 3986 §3 describes (scheme "://" authority path ["?" query] ["#" fragment]).
#include <boost/json/value.hpp>
#include <charconv>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

struct Uri {
  std::string scheme, host, path, query;
  std::int64_t port = -1;
};

std::int64_t default_port(const std::string& scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  if (scheme == "smtp") return 25;
  return -1;
}

Uri parse_uri(const CallEnv& env, Args a) {
  std::string_view s = arg_string(env, a, 0, "uri");
  auto bad = [&](const std::string& why) { env.fail_arg(0, "uri", "is not a valid absolute URI: " + why); };
  auto colon = s.find("://");
  if (colon == std::string_view::npos || colon == 0) bad("no scheme");
  Uri u;
  for (char c : s.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') bad("bad scheme");
    u.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string_view rest = s.substr(colon + 3);
  if (auto h = rest.find('#'); h != std::string_view::npos) rest = rest.substr(0, h);
  auto auth_end = rest.find_first_of("/?");
  std::string_view auth = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  if (auto at = auth.rfind('@'); at != std::string_view::npos) auth = auth.substr(at + 1);
  std::string_view host = auth;
  if (!auth.empty() && auth[0] == '[') {
    auto close = auth.find(']');
    if (close == std::string_view::npos) bad("unclosed '['");
    host = auth.substr(0, close + 1);
    auth = auth.substr(close + 1);
  } else {
    auto c = auth.rfind(':');
    host = auth.substr(0, c);
    auth = c == std::string_view::npos ? std::string_view() : auth.substr(c);
  }
  if (host.empty()) bad("no host");
  u.host = std::string(host);
  if (!auth.empty() && auth[0] == ':' && auth.size() > 1) {
    auto p = auth.substr(1);
    auto r = std::from_chars(p.data(), p.data() + p.size(), u.port);
    if (r.ec != std::errc() || r.ptr != p.data() + p.size() || u.port > 65535 || u.port < 0) bad("bad port");
  }
  if (u.port < 0) u.port = default_port(u.scheme);
  auto q = rest.find('?');
  u.path = std::string(rest.substr(0, q));
  if (u.path.empty()) u.path = "/";
  if (q != std::string_view::npos) u.query = std::string(rest.substr(q));
  return u;
}

json::value uri_host(const CallEnv& env, Args a) { return json::string(parse_uri(env, a).host); }
json::value uri_path(const CallEnv& env, Args a) { return json::string(parse_uri(env, a).path); }
json::value uri_path_and_query(const CallEnv& env, Args a) {
  auto u = parse_uri(env, a);
  return json::string(u.path + u.query);
}
json::value uri_port(const CallEnv& env, Args a) { return parse_uri(env, a).port; }
json::value uri_query(const CallEnv& env, Args a) { return json::string(parse_uri(env, a).query); }
json::value uri_scheme(const CallEnv& env, Args a) { return json::string(parse_uri(env, a).scheme); }

}  // namespace

void register_uri_functions(FunctionTable& t) {
  t.add({"uriHost", 1, 1, uri_host});
  t.add({"uriPath", 1, 1, uri_path});
  t.add({"uriPathAndQuery", 1, 1, uri_path_and_query});
  t.add({"uriPort", 1, 1, uri_port});
  t.add({"uriQuery", 1, 1, uri_query});
  t.add({"uriScheme", 1, 1, uri_scheme});
}

}  // namespace mailflow::wdl
