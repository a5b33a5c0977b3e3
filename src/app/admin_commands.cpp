// `mailflow connections add|list|show|test|rm` and `mailflow keys create|list|rm`.
#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>

#include "app/api_client.hpp"
#include "app/client_commands.hpp"

namespace mailflow::app {
namespace json = boost::json;
namespace {
struct ConnectionFlags {
  std::string name, host, tls, user, password, ca_file, auth;
  int port = 0;
  bool enable_ssl = false, no_verify = false;
};

json::value connection_body(const ConnectionFlags& f) {
  json::object o{{"serverAddress", f.host}, {"enableSSL", f.enable_ssl}};
  if (f.port) o["port"] = f.port;
  if (!f.tls.empty()) o["tls"] = f.tls;
  if (!f.user.empty()) o["userName"] = f.user;
  if (!f.password.empty()) o["password"] = f.password;
  if (!f.ca_file.empty()) o["caFile"] = f.ca_file;
  if (!f.auth.empty()) o["authMechanism"] = f.auth;
  if (f.no_verify) o["verifyCertificate"] = false;
  return o;
}

// One subcommand that makes a single call: METHOD path-from-args, printing the answer.
void simple(CLI::App& parent, const char* name, const char* help, std::shared_ptr<ClientOptions> c,
            std::shared_ptr<std::string> arg, const char* arg_name, std::string method,
            std::string prefix, std::string suffix = "") {
  auto* cmd = parent.add_subcommand(name, help);
  if (arg_name) cmd->add_option(arg_name, *arg, arg_name)->required();
  cmd->callback([c, arg, method, prefix, suffix] {
    auto r = call_api(*c, method, prefix + (arg->empty() ? "" : "/" + *arg) + suffix);
    if (r.status == 204) return;
    print_json(r.body);
  });
}
}  // namespace

void register_connections_command(CLI::App& app) {
  auto c = std::make_shared<ClientOptions>();
  auto arg = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("connections", "Manage SMTP connections")->require_subcommand(1);
  add_client_options(*cmd, *c);
  auto f = std::make_shared<ConnectionFlags>();
  auto* add = cmd->add_subcommand("add", "Create or replace a connection");
  add->add_option("name", f->name, "connection name")->required();
  add->add_option("--host", f->host, "SMTP server")->required();
  add->add_option("--port", f->port, "port (default 587, 465 for implicit TLS)");
  add->add_option("--tls", f->tls, "auto, implicit, starttls, starttls-optional, none");
  add->add_flag("--enable-ssl", f->enable_ssl, "Azure's enableSSL switch (used by tls=auto)");
  add->add_option("--user", f->user, "user name");
  add->add_option("--password", f->password, "password")->envname("MAILFLOW_SMTP_PASSWORD");
  add->add_option("--ca-file", f->ca_file, "extra CA certificate (PEM)");
  add->add_option("--auth", f->auth, "auto, plain, login, cram-md5, xoauth2, none");
  add->add_flag("--no-verify", f->no_verify, "do not verify the server certificate (unsafe)");
  add->callback([c, f] {
    auto body = connection_body(*f);
    print_json(call_api(*c, "PUT", "/api/connections/" + f->name, &body).body);
  });
  simple(*cmd, "list", "List connections", c, arg, nullptr, "GET", "/api/connections");
  simple(*cmd, "show", "Show a connection", c, arg, "name", "GET", "/api/connections");
  simple(*cmd, "test", "Connect, TLS, EHLO, AUTH without sending", c, arg, "name", "POST", "/api/connections", "/test");
  simple(*cmd, "rm", "Delete a connection", c, arg, "name", "DELETE", "/api/connections");
  for (auto* sub : cmd->get_subcommands({})) sub->fallthrough();  // --server after the verb too
}

void register_keys_command(CLI::App& app) {
  auto c = std::make_shared<ClientOptions>();
  auto arg = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("keys", "Manage API keys")->require_subcommand(1);
  add_client_options(*cmd, *c);
  auto name = std::make_shared<std::string>();
  auto scopes = std::make_shared<std::vector<std::string>>();
  auto* create = cmd->add_subcommand("create", "Create a key (printed once)");
  create->add_option("name", *name, "what the key is for")->required();
  create->add_option("--scope", *scopes, "admin, send or read (repeatable)")->required()->check(CLI::IsMember({"admin", "send", "read"}));
  create->callback([c, name, scopes] {
    json::array s;
    for (const auto& x : *scopes) s.emplace_back(x);
    json::value body = json::object{{"name", *name}, {"scopes", std::move(s)}};
    print_json(call_api(*c, "POST", "/api/keys", &body).body);
  });
  simple(*cmd, "list", "List keys", c, arg, nullptr, "GET", "/api/keys");
  simple(*cmd, "rm", "Delete a key", c, arg, "id", "DELETE", "/api/keys");
  for (auto* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace mailflow::app
