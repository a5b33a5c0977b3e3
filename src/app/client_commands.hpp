// The client subcommands of `mailflow` (send, connections, keys, messages, workflows): each is one API call to a
// running server (app/api_client.hpp), printing the answer as JSON.
#pragma once

namespace CLI {
class App;
}

namespace mailflow::app {
void register_send_command(CLI::App& app);
void register_connections_command(CLI::App& app);
void register_keys_command(CLI::App& app);
void register_messages_command(CLI::App& app);
void register_workflows_command(CLI::App& app);
}  // namespace mailflow::app
