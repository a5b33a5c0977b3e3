// The `mailflow` command: wires the subcommands (CLI11) and nothing else.
#include <CLI/CLI.hpp>

#include "app/client_commands.hpp"
#include "app/eval_command.hpp"
#include "app/serve_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"mailflow — a self-hosted SMTP connector and Logic Apps workflow runner"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mailflow 0.1.0");
  mailflow::app::register_serve_command(app);
  mailflow::app::register_send_command(app);
  mailflow::app::register_connections_command(app);
  mailflow::app::register_keys_command(app);
  mailflow::app::register_messages_command(app);
  mailflow::app::register_workflows_command(app);
  mailflow::app::register_eval_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
