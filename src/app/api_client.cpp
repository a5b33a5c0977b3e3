#include "app/api_client.hpp"

#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

namespace mailflow::app {
namespace json = boost::json;

void add_client_options(CLI::App& cmd, ClientOptions& o) {
  cmd.add_option("--server", o.server, "mailflow server URL")->envname("MAILFLOW_SERVER")->capture_default_str();
  cmd.add_option("--api-key", o.api_key, "API key (default: MAILFLOW_API_KEY, then --key-file)")->envname("MAILFLOW_API_KEY");
  cmd.add_option("--key-file", o.key_file, "file holding the API key")->capture_default_str();
}

namespace {
std::string resolve_key(const ClientOptions& o) {
  if (!o.api_key.empty()) return o.api_key;
  std::ifstream in(o.key_file);
  std::string key;
  std::getline(in, key);
  return key;
}

size_t collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "mailflow: " << msg << "\n";
  throw CLI::RuntimeError(1);
}
}  // namespace

ApiResponse call_api(const ClientOptions& o, const std::string& method, const std::string& path,
                     const json::value* body, const std::vector<std::string>& extra_headers) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) die("cannot initialise libcurl");
  std::string url = o.server + path, out, payload = body ? json::serialize(*body) : "";
  std::string auth = "Authorization: Bearer " + resolve_key(o);
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/json");
  for (const auto& extra : extra_headers) headers = curl_slist_append(headers, extra.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> h(headers, curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &out);
  if (body) {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, payload.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  }
  if (CURLcode rc = curl_easy_perform(curl.get()); rc != CURLE_OK)
    die("cannot reach " + o.server + ": " + curl_easy_strerror(rc));
  ApiResponse r;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &r.status);
  boost::system::error_code ec;
  if (!out.empty()) r.body = json::parse(out, ec);
  if (r.status >= 200 && r.status < 300) return r;
  if (const auto* e = r.body.is_object() ? r.body.as_object().if_contains("error") : nullptr) {
    const auto& eo = e->as_object();
    std::string msg = std::string(eo.at("message").as_string()) + " [" +
                      std::to_string(r.status) + " " + std::string(eo.at("code").as_string()) + "]";
    if (const auto* smtp = eo.if_contains("smtp")) msg += "\nsmtp: " + json::serialize(*smtp);
    die(msg);
  }
  die("HTTP " + std::to_string(r.status) + " from " + url);
}

void print_json(const json::value& v) {
  // Boost.JSON 1.81 has no pretty printer; one level of indentation keeps it readable.
  if (v.is_object() && !v.as_object().empty()) {
    std::cout << "{\n";
    bool first = true;
    for (const auto& [k, val] : v.as_object()) {
      std::cout << (first ? "" : ",\n") << "  " << json::serialize(json::string(k)) << ": "
                << json::serialize(val);
      first = false;
    }
    std::cout << "\n}\n";
  } else {
    std::cout << json::serialize(v) << "\n";
  }
}

}  // namespace mailflow::app
