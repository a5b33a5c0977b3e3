// Router: the route table. A pattern is a path with {name} segments ("/api/connections/{name}");
// each route names the scope its caller needs. Matching is exact per segment; a path that
// matches with another method answers 405, no match at all 404.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace mailflow::http {

enum class Scope { Public, Read, Send, Admin };
std::string_view scope_name(Scope s);

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Scope scope;
  Handler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Scope scope, Handler h);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool other_method = false;  // the path exists with another method → 405
  };
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace mailflow::http
