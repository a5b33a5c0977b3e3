#include "http/router.hpp"

namespace mailflow::http {
namespace {
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params) {
  auto ps = segments(pattern), xs = segments(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}')
      found[std::string(ps[i].substr(1, ps[i].size() - 2))] = std::string(xs[i]);
    else if (ps[i] != xs[i])
      return false;
  }
  params = std::move(found);
  return true;
}
}  // namespace

std::string_view scope_name(Scope s) {
  switch (s) {
    case Scope::Public: return "public";
    case Scope::Read: return "read";
    case Scope::Send: return "send";
    case Scope::Admin: return "admin";
  }
  return "?";
}

void Router::add(std::string method, std::string pattern, Scope scope, Handler h) {
  routes_.push_back(Route{std::move(method), std::move(pattern), scope, std::move(h)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!match_pattern(r.pattern, path, params)) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    m.other_method = true;
  }
  return m;
}

}  // namespace mailflow::http
