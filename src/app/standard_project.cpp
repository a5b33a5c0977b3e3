#include "app/standard_project.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "wdl/json_context.hpp"
#include "wdl/template.hpp"

extern char** environ;

namespace mailflow::app {
namespace json = boost::json;
namespace fs = std::filesystem;
using core::Code;

namespace {
core::Result<json::value> read_json(const fs::path& p, bool required) {
  std::ifstream in(p);
  if (!in) {
    if (!required) return json::value(nullptr);
    return core::Error(Code::InvalidRequest, "cannot read " + p.string());
  }
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec) return core::Error(Code::InvalidJson, p.string() + " is not JSON: " + ec.message());
  return v;
}

// @appsetting('X') (and any other expression over appsettings) in every string of v.
core::Result<json::value> resolve(const json::value& v, const std::map<std::string, std::string>& settings,
                                  const std::string& where) {
  json::object app;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    if (auto eq = kv.find('='); eq != std::string::npos) app[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, val] : settings) app[k] = val;  // local.settings.json wins
  wdl::JsonContext ctx(json::object{{"appsettings", std::move(app)}});
  auto r = wdl::evaluate_json(v, ctx);
  if (!r) return core::Error(Code::InvalidRequest, where + ": " + r.error().message);
  return r;
}

// The built-in SMTP connection's parameterValues → mailflow's connection fields.
json::object connection_of(const json::object& values) {
  static const char* known[] = {"serverAddress", "port", "enableSSL", "userName", "password"};
  json::object out;
  for (const auto& [k, v] : values)
    for (const char* name : known)
      if (k == name) out[k] = v.is_string() && std::string(name) == "port" ? json::value(std::atoi(v.as_string().c_str())) : v;
  if (auto* ssl = out.if_contains("enableSSL"); ssl && ssl->is_string()) *ssl = ssl->as_string() == "true";
  return out;
}
}  // namespace

core::Result<StandardProject> load_standard_project(const std::string& dir) {
  StandardProject p;
  const fs::path root(dir);
  if (!fs::is_directory(root)) return core::Error(Code::InvalidRequest, dir + " is not a directory");
  auto local = read_json(root / "local.settings.json", false);
  if (!local) return std::move(local).error();
  if (local->is_object())
    if (auto* values = local->as_object().if_contains("Values"); values && values->is_object())
      for (const auto& [k, v] : values->as_object())
        p.settings[k] = v.is_string() ? std::string(v.as_string()) : json::serialize(v);

  auto conns = read_json(root / "connections.json", false);
  if (!conns) return std::move(conns).error();
  if (conns->is_object()) {
    auto resolved = resolve(*conns, p.settings, "connections.json");
    if (!resolved) return std::move(resolved).error();
    const auto& c = resolved->as_object();
    if (auto* sp = c.if_contains("serviceProviderConnections"); sp && sp->is_object())
      for (const auto& [name, v] : sp->as_object()) {
        const json::value* values = v.is_object() ? v.as_object().if_contains("parameterValues") : nullptr;
        if (!values || !values->is_object())
          return core::Error(Code::InvalidRequest, "connections.json: serviceProviderConnections." + std::string(name) +
                                                       ".parameterValues is missing");
        p.connections.emplace_back(std::string(name), connection_of(values->as_object()));
      }
    if (auto* managed = c.if_contains("managedApiConnections"); managed && managed->is_object())
      for (const auto& [name, v] : managed->as_object()) p.managed_connections.emplace_back(name);
  }

  auto params = read_json(root / "parameters.json", false);
  if (!params) return std::move(params).error();
  json::object parameters;
  if (params->is_object()) {
    auto resolved = resolve(*params, p.settings, "parameters.json");
    if (!resolved) return std::move(resolved).error();
    for (const auto& [name, v] : resolved->as_object())
      if (auto* value = v.is_object() ? v.as_object().if_contains("value") : nullptr)
        parameters[name] = json::object{{"value", *value}};
  }

  std::vector<fs::path> folders;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && fs::exists(e.path() / "workflow.json")) folders.push_back(e.path());
  std::sort(folders.begin(), folders.end());
  for (const auto& f : folders) {
    auto body = read_json(f / "workflow.json", true);
    if (!body) return std::move(body).error();
    if (!body->is_object()) return core::Error(Code::InvalidRequest, (f / "workflow.json").string() + " is not an object");
    auto& o = body->as_object();
    if (!parameters.empty()) {
      json::object merged = parameters;
      if (auto* given = o.if_contains("parameters"); given && given->is_object())
        for (const auto& [k, v] : given->as_object()) merged[k] = v;
      o["parameters"] = std::move(merged);
    }
    p.workflows.emplace_back(f.filename().string(), std::move(*body));
  }
  if (p.workflows.empty()) return core::Error(Code::InvalidRequest, dir + " holds no */workflow.json");
  return p;
}

}  // namespace mailflow::app
