// `mailflow eval TEMPLATE [--context FILE] [--now ISO]`: evaluate one workflow expression template.
#pragma once

namespace CLI {
class App;
}

namespace mailflow::app {
void register_eval_command(CLI::App& app);
}  // namespace mailflow::app
