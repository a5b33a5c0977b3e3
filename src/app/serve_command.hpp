// `mailflow serve`: opens the store, creates the first admin key, starts the HTTP server and
// runs until SIGTERM/SIGINT, then drains requests in flight.
#pragma once

namespace CLI {
class App;
}

namespace mailflow::app {
void register_serve_command(CLI::App& app);
}  // namespace mailflow::app
