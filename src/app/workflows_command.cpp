// `mailflow workflows deploy|list|show|rm|enable|disable|runs|run|callback-url`: workflows from the
// command line. `deploy DIR` takes a Logic Apps Standard project folder: its service-provider
// connections are created (PUT /api/connections) and each */workflow.json deployed.
#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/api_client.hpp"
#include "app/client_commands.hpp"
#include "app/standard_project.hpp"

namespace mailflow::app {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {
struct Flags {
  std::string target, name, trigger = "manual", body, status;
};

json::value read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CLI::ValidationError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec) throw CLI::ValidationError(path + " is not JSON: " + ec.message());
  // A bare definition ({"triggers", "actions"}) is wrapped as {"definition": ...}.
  if (v.is_object() && !v.as_object().contains("definition") && !v.as_object().contains("properties"))
    v = json::object{{"definition", v}};
  return v;
}

void deploy(const ClientOptions& c, const Flags& f) {
  if (fs::is_directory(f.target)) {
    auto project = load_standard_project(f.target);
    if (!project) throw CLI::ValidationError(project.error().message);
    for (auto& [name, settings] : project->connections) {
      json::value body = settings;
      print_json(call_api(c, "PUT", "/api/connections/" + name, &body).body);
    }
    for (auto& [name, body] : project->workflows) print_json(call_api(c, "PUT", "/api/workflows/" + name, &body).body);
    return;
  }
  json::value body = read_json_file(f.target);
  std::string name = f.name.empty() ? fs::path(f.target).stem().string() : f.name;
  print_json(call_api(c, "PUT", "/api/workflows/" + name, &body).body);
}

void run(const ClientOptions& c, const Flags& f) {
  json::value body = nullptr;
  if (!f.body.empty()) {
    boost::system::error_code ec;
    body = json::parse(f.body, ec);
    if (ec) throw CLI::ValidationError("--body is not JSON: " + ec.message());
  }
  print_json(call_api(c, "POST", "/api/workflows/" + f.name + "/triggers/" + f.trigger + "/run",
                      body.is_null() ? nullptr : &body).body);
}
}  // namespace

void register_workflows_command(CLI::App& app) {
  auto c = std::make_shared<ClientOptions>();
  auto f = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand("workflows", "Deploy and run Logic Apps workflows")->require_subcommand(1);
  add_client_options(*cmd, *c);
  auto* dep = cmd->add_subcommand("deploy", "Deploy a workflow file (a new version) or a Standard project folder");
  dep->add_option("path", f->target, "workflow.json, a definition, or a project folder")->required();
  dep->add_option("--name", f->name, "the workflow's name (default: the file's name)");
  dep->callback([c, f] { deploy(*c, *f); });
  auto one = [&](const char* verb, const char* help, const char* method, const char* suffix) {
    auto* sub = cmd->add_subcommand(verb, help);
    sub->add_option("name", f->name, "workflow name")->required();
    sub->callback([c, f, method, suffix] {
      auto r = call_api(*c, method, "/api/workflows/" + f->name + suffix);
      if (r.status != 204) print_json(r.body);
    });
  };
  cmd->add_subcommand("list", "List workflows")->callback([c] { print_json(call_api(*c, "GET", "/api/workflows").body); });
  one("show", "A workflow and its definition", "GET", "");
  one("rm", "Delete a workflow and its runs", "DELETE", "");
  one("enable", "Enable its triggers", "POST", "/enable");
  one("disable", "Disable its triggers", "POST", "/disable");
  auto* runs = cmd->add_subcommand("runs", "Its runs, newest first (or one run with --run)");
  runs->add_option("name", f->name, "workflow name")->required();
  runs->add_option("--status", f->status, "only runs with this status");
  runs->add_option("--run", f->target, "show this run with every action");
  runs->callback([c, f] {
    std::string path = "/api/workflows/" + f->name + "/runs";
    if (!f->target.empty()) path += "/" + f->target;
    else if (!f->status.empty()) path += "?status=" + f->status;
    print_json(call_api(*c, "GET", path).body);
  });
  auto* r = cmd->add_subcommand("run", "Fire a trigger by hand");
  r->add_option("name", f->name, "workflow name")->required();
  r->add_option("--trigger", f->trigger, "trigger name")->capture_default_str();
  r->add_option("--body", f->body, "the trigger body (JSON)");
  r->callback([c, f] { run(*c, *f); });
  auto* url = cmd->add_subcommand("callback-url", "The signed URL of a Request trigger");
  url->add_option("name", f->name, "workflow name")->required();
  url->add_option("trigger", f->trigger, "trigger name")->capture_default_str();
  url->callback([c, f] {
    print_json(call_api(*c, "GET", "/api/workflows/" + f->name + "/triggers/" + f->trigger + "/callbackUrl").body);
  });
  for (auto* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace mailflow::app
