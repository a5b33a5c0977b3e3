// ApiClient: the CLI's HTTP client (libcurl) for a running mailflow server. The key comes from
// --api-key, MAILFLOW_API_KEY, or var/admin.key, in that order; it is sent as a Bearer token.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mailflow::app {

struct ClientOptions {
  std::string server = "http://127.0.0.1:8080";
  std::string api_key;
  std::string key_file = "var/admin.key";
};
void add_client_options(CLI::App& cmd, ClientOptions& o);

struct ApiResponse {
  long status = 0;
  boost::json::value body;
};

// Any transport failure or a non-2xx answer prints the server's message on stderr and ends
// the command with exit status 1 (CLI::RuntimeError).
ApiResponse call_api(const ClientOptions& o, const std::string& method, const std::string& path,
                     const boost::json::value* body = nullptr,
                     const std::vector<std::string>& extra_headers = {});  // "Name: value"

void print_json(const boost::json::value& v);  // pretty, on stdout

}  // namespace mailflow::app
