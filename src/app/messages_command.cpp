// `mailflow messages list|show|retry|cancel`: the outbox from the command line.
#include <CLI/CLI.hpp>

#include "app/api_client.hpp"
#include "app/client_commands.hpp"

namespace mailflow::app {
namespace {
struct ListFlags {
  std::string status, connection, before;
  int limit = 50;
};

// Query values: everything but unreserved characters percent-encoded (RFC 3986).
std::string encode(const std::string& v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string list_path(const ListFlags& f) {
  std::string q = "/api/messages?limit=" + std::to_string(f.limit);
  if (!f.status.empty()) q += "&status=" + encode(f.status);
  if (!f.connection.empty()) q += "&connection=" + encode(f.connection);
  if (!f.before.empty()) q += "&before=" + encode(f.before);
  return q;
}
}  // namespace

void register_messages_command(CLI::App& app) {
  auto c = std::make_shared<ClientOptions>();
  auto* cmd = app.add_subcommand("messages", "Inspect and manage the outbox")->require_subcommand(1);
  add_client_options(*cmd, *c);
  auto f = std::make_shared<ListFlags>();
  auto* list = cmd->add_subcommand("list", "List messages, newest first (nextLink pages on)");
  list->add_option("--status", f->status, "queued, sending, retrying, sent, failed, expired, cancelled");
  list->add_option("--connection", f->connection, "only this connection's messages");
  list->add_option("--limit", f->limit, "at most this many (1-500)")->capture_default_str();
  list->add_option("--before", f->before, "older than this message id (a page's cursor)");
  list->callback([c, f] { print_json(call_api(*c, "GET", list_path(*f)).body); });

  auto id = std::make_shared<std::string>();
  auto one = [&](const char* name, const char* help, const char* method, const char* suffix) {
    auto* sub = cmd->add_subcommand(name, help);
    sub->add_option("id", *id, "message id")->required();
    sub->callback([c, id, method, suffix] {
      print_json(call_api(*c, method, "/api/messages/" + encode(*id) + suffix).body);
    });
  };
  one("show", "A message's status, recipients and attempts", "GET", "");
  one("retry", "Try a message again now", "POST", "/retry");
  one("cancel", "Cancel a queued or retrying message", "DELETE", "");
  for (auto* sub : cmd->get_subcommands({})) sub->fallthrough();  // --server after the verb too
}

}  // namespace mailflow::app
